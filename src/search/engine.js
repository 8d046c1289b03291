/* skillbook's search engine, written beside the index it searches (search/). Loads the manifest,
   the shards a query's words fall in and the fragments of the results shown, each as a script
   calling skillbookSearch(name, data), so it works over HTTP and from file://. Ranks sections by
   BM25F (weights stored in the postings) and groups them by record. Plain ES2017. */
(function () {
  "use strict";
  var doc = document, base = doc.currentScript.src.replace(/[^/]*$/, "");
  var got = {}, loading = {}, manifest = null;
  var KINDS = { C: "chapter", Q: "quiz", K: "checklist" };
  var ALNUM = /[\p{Alphabetic}\p{N}]/u, PARTS = /[^\p{Alphabetic}\p{N}]+/u;
  // The ranges words.rs cuts with dictionaries (Han, kana, Thai, Lao, Myanmar, Khmer).
  var UNSPACED = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{2ffff}]/u;
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  // ASCII; ASCII letters and digits, bare or between ASCII punctuation but `_` (one word, by
  // UAX #29).
  var ASCII = /^[\0-\x7f]*$/, ASCII_WORD = /^([!-/:-@[-^`{-~]*)([A-Za-z0-9]+)[!-/:-@[-^`{-~]*$/;
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_", VALUE = {};
  for (var d = 0; d < 64; d++) VALUE[DIGITS.charCodeAt(d)] = d;
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(doc.documentElement.lang || undefined, { granularity: "word" }) : null;

  window.skillbookSearch = function (name, data) { got[name] = data; };

  // Loads search/<path> once; resolves with the data it registers as `name`.
  function load(name, path) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var s = doc.createElement("script");
        s.src = base + path;
        s.onload = function () { s.remove(); if (name in got) resolve(got[name]); else s.onerror(); };
        s.onerror = function () { s.remove(); delete loading[name]; reject(new Error("cannot load " + path)); };
        doc.head.appendChild(s);
      });
    }
    return loading[name];
  }

  // A word as words.rs folds it: compatibility forms as what they stand for (NFKD: ｎｏｄｅ, ﬁ),
  // no case, ß as ss, ς as σ, no accents, no space a decomposition brings (ASCII is only
  // lower-cased).
  function fold(w) {
    if (ASCII.test(w)) return w.toLowerCase();
    return w.normalize("NFKD").toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ").normalize("NFD").replace(MARKS, "").replace(/ /g, "").normalize("NFC");
  }

  // The words of a chunk of text (no spaces) with their offsets, as words.rs cuts them (an
  // ASCII_WORD chunk as Intl.Segmenter would, without it).
  function words(chunk) {
    var out = [], re = /[\p{Alphabetic}\p{N}]+/gu, m = ASCII_WORD.exec(chunk);
    if (m) return [{ w: m[2], at: m[1].length }];
    if (segmenter) {
      for (var it = segmenter.segment(chunk)[Symbol.iterator](), s; !(s = it.next()).done;) {
        if (s.value.isWordLike || ALNUM.test(s.value.segment)) out.push({ w: s.value.segment, at: s.value.index });
      }
    } else while ((m = re.exec(chunk))) out.push({ w: m[0], at: m.index });
    return out;
  }
  // A word's folded parts between punctuation (Node.js: node, js).
  function parts(w) { var f = fold(w); return /^[a-z0-9]+$/.test(f) ? [f] : f.split(PARTS).filter(Boolean); }
  // The parts of words `ws`, in order.
  function allParts(ws) {
    var all = [];
    ws.forEach(function (x) { all.push.apply(all, parts(x.w)); });
    return all;
  }
  // `+` signs (up to two) or one `#` right after a word: C++, C#.
  function suffix(rest) { var m = /^(#|\+\+?)/.exec(rest); return m ? m[0] : ""; }

  // The terms of a query: per run between spaces its joined form when it has punctuation inside
  // (force-with-lease, Node.js, .libPaths()), else its words. The last is a prefix (still being
  // typed) unless a space or closing punctuation follows it (`O(n)`, `e.g.`) or it is a joined
  // form whose last part is one letter (`A/B` is `ab`, not the start of `about`).
  function queryTerms(query) {
    var terms = [], open = true, chunks = query.split(/\s+/).filter(Boolean);
    chunks.forEach(function (chunk) {
      var ws = words(chunk), all = allParts(ws);
      if (!UNSPACED.test(chunk) && all.length > 1 && all.length <= 8) {
        open = all[all.length - 1].length > 1;
        return terms.push({ t: all.join(""), w: chunk });
      }
      open = true;
      ws.forEach(function (x) {
        var ps = UNSPACED.test(x.w) ? [fold(x.w)] : parts(x.w), end = suffix(chunk.slice(x.at + x.w.length));
        if (end && ps.length === 1) ps = [ps[0] + end];
        ps.forEach(function (p) { if (p.length > 1 || UNSPACED.test(p)) terms.push({ t: p, w: ps.length === 1 ? x.w + end : p }); });
      });
    });
    var typing = open && /[\p{L}\p{M}\p{N}+#]$/u.test(query);
    return terms.map(function (x, i) { return { t: x.t, w: x.w, prefix: typing && i === terms.length - 1 }; });
  }

  function ready() {
    return manifest || (manifest = load("m", "manifest.js").then(function (m) {
      var re = /([CQK])([0-9a-z]+)/g, x, start = 0, chapter = -1, at = 0, part = {};
      m.pages = []; m.of = new Int32Array(m.n);
      m.r.forEach(function (r) { for (var c = r[1]; c < r[1] + r[2]; c++) part[c] = r[0]; });
      while ((x = re.exec(m.p))) {
        if (x[1] === "C") { chapter++; at = 0; } else at++;
        var count = parseInt(x[2], 36);
        m.of.fill(m.pages.length, start, start + count);
        m.pages.push({ kind: KINDS[x[1]], start: start, chapter: chapter, at: at, part: part[chapter] || "" });
        start += count;
      }
      return m;
    }, function (e) { manifest = null; throw e; }));
  }

  // The shard a term falls in: the last whose first key is not after it.
  function shardOf(m, t) {
    var lo = 0, hi = m.b.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (m.b[mid] <= t) lo = mid; else hi = mid - 1; }
    return lo;
  }
  function shard(i) {
    return load("s" + i, "s/" + i + ".js").then(function (data) {
      if (!data.forms) {
        var forms = new Map(), groups = [];
        for (var g = 0; g < data.length; g += 2) {
          var group = { forms: data[g].split(" "), code: data[g + 1] };
          group.forms.forEach(function (f) { forms.set(f, group); });
          groups.push(group);
        }
        data.forms = forms;
      }
      return data.forms;
    });
  }
  // A group's postings as [section, weight, section, weight, …], decoded once.
  function postings(group) {
    if (!group.list) {
      var list = [], n = 0, section = -1, code = group.code;
      for (var i = 0; i < code.length; i++) {
        var v = VALUE[code.charCodeAt(i)];
        if (v >= 32) { n = n * 32 + v - 32; continue; }
        n = n * 32 + v;
        section += Math.floor(n / 16) + 1;
        list.push(section, (n % 16) + 1);
        n = 0;
      }
      group.list = list;
    }
    return group.list;
  }

  // Whether a and b differ by one edit (insertion, deletion, substitution or swap of neighbours).
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // The groups a term matches, each with a factor: its own form 1, a longer form of the last word
  // (typed so far) 0.9; when nothing matches, the words one edit away 0.5, or else the longest
  // shorter indexed form the query word starts with 0.8; `fuzzy` lists the last two's words.
  function matches(m, term) {
    var t = term.t, lo = shardOf(m, t), hi = lo;
    if (term.prefix) while (hi + 1 < m.b.length && hi < lo + 2 && m.b[hi + 1] < t + "\uffff") hi++;
    var loads = [];
    for (var i = lo; i <= hi; i++) loads.push(shard(i));
    return Promise.all(loads).then(function (maps) {
      var found = new Map(), fuzzy = [];
      function add(group, factor) { if (!(found.get(group) >= factor)) found.set(group, factor); }
      maps.forEach(function (forms) {
        if (forms.has(t)) add(forms.get(t), 1);
        forms.forEach(function (group, f) {
          if (term.prefix && f.length > t.length && f.startsWith(t) && (t.length > 1 || UNSPACED.test(t))) add(group, 0.9);
        });
      });
      // A typo first (latecny → latency), then the longest shorter word the term starts with
      // (deployzz → deploy), which the term's shard carries (shard.rs).
      if (!found.size && t.length >= 5) maps[0].forEach(function (group, f) {
        if (oneEdit(t, f)) { add(group, 0.5); fuzzy.push(f); }
      });
      for (var n = t.length - 1; !found.size && n >= 4 && n >= t.length - 3; n--) {
        var f = t.slice(0, n);
        if (maps[0].has(f)) { add(maps[0].get(f), 0.8); fuzzy.push(f); }
      }
      return { groups: found, fuzzy: fuzzy };
    });
  }

  // Searches `query`; filters narrow by kind and part. Resolves with { results, terms, fuzzy,
  // missing, matched } (README, Search): results ranked (records holding every matched term first, then by
  // score), each with its sections ranked by their own score; `fuzzy` lists the words used for
  // unknown ones.
  function search(query, filters) {
    filters = filters || {};
    var terms = queryTerms(query);
    return ready().then(function (m) {
      // A term's weight by rarity (BM25's idf) from its postings.
      var idfOf = function (list) { var df = list.length / 2; return Math.log(1 + (m.n - df + 0.5) / (df + 0.5)); };
      return Promise.all(terms.map(function (term) { return matches(m, term); })).then(function (found) {
        var scores = new Map(), fuzzy = [], missing = [], forms = [], matched = 0;
        found.forEach(function (f, i) {
          if (f.groups.size) matched++; else missing.push(terms[i].w);
          f.fuzzy.forEach(function (w) { if (fuzzy.indexOf(w) < 0) fuzzy.push(w); });
          var best = new Map(), exact = 0;
          f.groups.forEach(function (factor, group) { if (factor === 1) exact = Math.max(exact, idfOf(postings(group))); });
          f.groups.forEach(function (factor, group) {
            forms = forms.concat(group.forms);
            // A rarer word the typed one starts with (javaagent for java) never weighs more than
            // the typed word itself.
            var list = postings(group), own = idfOf(list);
            var idf = (factor < 1 && exact ? Math.min(own, exact) : own) * factor;
            for (var j = 0; j < list.length; j += 2) {
              var v = idf * list[j + 1];
              if (!(best.get(list[j]) >= v)) best.set(list[j], v);
            }
          });
          best.forEach(function (v, s) {
            var e = scores.get(s) || scores.set(s, { s: s, score: 0, terms: [] }).get(s);
            e.score += v; e.terms[i] = v;
          });
        });
        var pages = new Map();
        scores.forEach(function (e, s) {
          var p = m.of[s], page = m.pages[p];
          if ((filters.kind && page.kind !== filters.kind) || (filters.part && page.part !== filters.part)) return;
          var r = pages.get(p) || pages.set(p, { page: page, sections: [], best: [], terms: 0 }).get(p);
          r.sections.push(e);
          e.terms.forEach(function (v, i) { r.best[i] = Math.max(r.best[i] || 0, v); });
        });
        var results = [];
        pages.forEach(function (r) {
          r.sections.sort(function (a, b) { return b.score - a.score || a.s - b.s; });
          r.terms = r.best.filter(Boolean).length;
          r.score = r.sections[0].score + r.best.reduce(function (a, v) { return a + (v || 0); }, 0);
          results.push(r);
        });
        results.sort(function (a, b) { return b.terms - a.terms || b.score - a.score || a.page.start - b.page.start; });
        return {
          results: results.map(function (r) { return { kind: r.page.kind, data: function () { return details(r, forms, terms); } }; }),
          matched: matched, terms: terms, fuzzy: fuzzy, missing: missing
        };
      });
    });
  }

  // Chapter c's records (shard.rs), loaded once.
  var fragments = {};
  function fragment(c) {
    return fragments[c] || (fragments[c] = load("f" + c, "f/" + c + ".js")
      .catch(function (e) { delete fragments[c]; throw e; }));
  }

  // A shown result: its title, URL, excerpt, best sections (their URL, heading, excerpt) and the
  // words of the record that the query matched, as written there.
  function details(r, forms, terms) {
    var page = r.page;
    return fragment(page.chapter).then(function (fragment) {
      var rec = fragment[page.at], secs = rec[2], set = new Set(forms);
      var hit = function (f) { return set.has(f) || terms.some(function (t) { return t.prefix && f.startsWith(t.t); }); };
      var top = r.sections.some(function (e) { return e.s === page.start; });
      return withExcerpt({
        kind: page.kind, title: rec[0], url: rec[1], words: used(rec, hit),
        subs: r.sections.filter(function (e) { return e.s !== page.start; }).map(function (e) {
          var s = secs[e.s - page.start];
          return withExcerpt({ title: s[0], url: rec[1].replace(/#.*/, "") + "#" + s[1] }, s[2], hit);
        })
      }, top ? secs[0][2] : "", hit);
    });
  }

  // `o` with an `excerpt` of `text`, cut when first read: a result may have many matching
  // sections, and the search box shows three.
  function withExcerpt(o, text, hit) {
    var cut;
    return Object.defineProperty(o, "excerpt", {
      enumerable: true,
      get: function () { return cut === undefined ? (cut = text ? excerpt(text, hit) : "") : cut; }
    });
  }

  // The first 10 words of record `rec` (title, then sections) that `hit`, as written, one per
  // folded form; read no further.
  function used(rec, hit) {
    var seen = new Set(), out = [];
    var full = function () { return out.length >= 10; };
    for (var i = -1; i < rec[2].length && !full(); i++) {
      var text = i < 0 ? rec[0] : rec[2][i][0] + " " + rec[2][i][2];
      scan(text, hit, function (a, b) {
        var w = text.slice(a, b), k = fold(w);
        if (!full() && !seen.has(k)) { seen.add(k); out.push(w); }
      }, full);
    }
    return out;
  }

  // Calls each(start, end, n) for the spans of `text` to mark: words whose folded form (or a part,
  // or the joined chunk) `hit`s, n their chunk's number. Stops at a chunk where stop(start, n).
  function scan(text, hit, each, stop) {
    var re = /\S+/g, m;
    for (var n = 0; (m = re.exec(text)) && !stop(m.index, n); n++) chunkSpans(m[0], m.index, n, hit, each);
  }
  // The spans to mark in chunk n, which starts at `at`.
  function chunkSpans(chunk, at, n, hit, each) {
    var ws = words(chunk);
    if (ws.length > 1 && !UNSPACED.test(chunk) && hit(allParts(ws).join(""))) {
      var last = ws[ws.length - 1];
      return each(at + ws[0].at, at + last.at + last.w.length, n);
    }
    ws.forEach(function (x) {
      var end = suffix(chunk.slice(x.at + x.w.length)), f = fold(x.w), ps = parts(x.w);
      var len = end && hit(f + end) ? x.w.length + end.length : hit(f) || hit(ps.join("")) || ps.some(hit) ? x.w.length : 0;
      if (len) each(at + x.at, at + x.at + len, n);
    });
  }

  function escape(s) { return s.replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }

  // About 30 words (at most CHARS characters) of `text` around its most marked stretch,
  // HTML-escaped, marks as <mark>. Marks over REACH characters past the first are not weighed: a
  // huge section is read that far (and WIDTH chunks on) only.
  function excerpt(text, hit) {
    var WIDTH = 30, LEAD = 4, REACH = 20000, CHARS = 400, found = [], chunks = [], cut = Infinity;
    scan(text, hit, function (a, b, n) { found.push([a, b, n]); }, function (at, n) {
      if (cut === Infinity && found.length && at > found[0][0] + REACH) cut = n;
      if (n >= cut + WIDTH) return true;
      chunks.push(at);
    });
    var first = busiest(found, cut, WIDTH - LEAD);
    var from = Math.max(0, Math.min(first - LEAD, chunks.length - WIDTH));
    var a = chunks[from] || 0, b = from + WIDTH < chunks.length ? chunks[from + WIDTH] : text.length;
    // Text without spaces (Chinese, Japanese, Thai, a long line of code) makes long chunks: at most
    // CHARS characters are kept, from a little before the stretch's first mark.
    if (b - a > CHARS) {
      var mark = found.find(function (s) { return s[0] >= a; });
      a = Math.max(a, Math.min(mark ? mark[0] - 40 : a, b - CHARS));
      b = Math.min(b, a + CHARS);
      if (/[\udc00-\udfff]/.test(text[a])) a++;
      if (/[\ud800-\udbff]/.test(text[b - 1])) b--;
    }
    var html = "", pos = a;
    found.forEach(function (s) {
      if (s[0] < pos || s[1] > b) return;
      html += escape(text.slice(pos, s[0])) + "<mark>" + escape(text.slice(s[0], s[1])) + "</mark>";
      pos = s[1];
    });
    html += escape(text.slice(pos, b).trimEnd());
    return (a > 0 ? "…" : "") + html + (b < text.length ? " …" : "");
  }

  // The chunk of the first mark (before chunk `end`) with the most marks in it and the `span` - 1
  // chunks after, or 0: two pointers over `found`, which is in order.
  function busiest(found, end, span) {
    var first = 0, most = -1, lo = 0, hi = 0;
    for (var i = 0; i < found.length && found[i][2] < end; i++) {
      var c = found[i][2];
      while (found[lo][2] < c) lo++;
      while (hi < found.length && found[hi][2] < c + span) hi++;
      if (hi - lo > most) { most = hi - lo; first = c; }
    }
    return first;
  }

  window.skillbook = window.skillbook || {};
  window.skillbook.searchEngine = { search: search, ready: ready, terms: queryTerms };
})();
