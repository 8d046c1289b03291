/* skillbook: the header search box over skillbook's search engine and index in search/ (loaded
   on first use, by a script element so it also works from file://), and highlighting of the
   searched words on the page a result leads to. Plain ES2017. */
(function () {
  "use strict";
  var doc = document, body = doc.body;
  var input = doc.getElementById("search-input"), panel = doc.getElementById("search-panel");
  var list = doc.getElementById("search-results"), status = doc.getElementById("search-status");
  // MARKED caps the words marked on arrival: each one is a pass over the page's text.
  var PARAM = "highlight", SHOWN = 5, SUBS = 3, MARKED = 10;
  var t = function (k, v) { return window.skillbook ? window.skillbook.t(k, v) : k; };
  // The index sits at the site root; pages in folders reach it through data-root.
  var base = new URL((body.dataset.root || "") + "search/", location.href).href;
  var engine = null, kind = "", seq = 0, timer = 0, active = -1, enter = false;

  // Letters and digits of any script; Chinese, Japanese, Thai, Lao, Khmer and Myanmar words have
  // no spaces around them (the scripts engine.js and words.rs cut with dictionaries).
  var ALNUM = "[\\p{L}\\p{M}\\p{N}]";
  var UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

  // A pattern for one searched word as readers write it: its letter-and-digit runs in order with
  // any punctuation between (`force-with-lease`, `.libPaths()`, `A-B`), from the start of a word to
  // its end, so a word is marked whole and never inside or as the start of another word. Null for a lone letter
  // (C++ and C# are words).
  function wordPattern(word) {
    var runs = word.match(/[\p{L}\p{M}\p{N}]+/gu), symbol = /^[\p{L}\p{N}](\+\+?|#)$/u.test(word);
    if (!runs || (runs.join("").length < 2 && !UNSPACED.test(word) && !symbol)) return null;
    var core = runs.map(function (r) { return r.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("[^\\p{L}\\p{M}\\p{N}\\s]+");
    // A letter with its `+` signs or `#` (C++, C#) is marked as written, never inside a word.
    if (symbol) return "(?<!" + ALNUM + ")" + core + word.replace(/^[\p{L}\p{N}]/u, "").replace(/\+/g, "\\+") + "(?![+#])";
    return UNSPACED.test(word) ? core : "(?<!" + ALNUM + ")" + core + "(?!" + ALNUM + ")";
  }

  // Marks the words named by ?highlight= in the page's text: only text nodes are wrapped, so code,
  // links, quizzes and checklists keep their markup. Scrolls to the first mark in the body text
  // unless the link named a place (#anchor).
  function highlightArrival() {
    var words = new URLSearchParams(location.search).getAll(PARAM).slice(0, MARKED);
    var patterns = words.map(wordPattern).filter(Boolean);
    var scope = doc.querySelector("#content article") || doc.getElementById("content");
    if (!patterns.length || !scope) return;
    var re = new RegExp(patterns.join("|"), "giu"), skip = "script, style, mark, .anchor, .chapter-meta, .prerequisites";
    var walker = doc.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) { return n.parentElement.closest(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue, at = 0, m, frag = null;
      re.lastIndex = 0;
      while ((m = re.exec(text)) && m[0]) {
        frag = frag || doc.createDocumentFragment();
        frag.appendChild(doc.createTextNode(text.slice(at, m.index)));
        var mark = doc.createElement("mark");
        mark.className = "search-hit";
        mark.textContent = m[0];
        frag.appendChild(mark);
        at = m.index + m[0].length;
      }
      if (!frag) return;
      frag.appendChild(doc.createTextNode(text.slice(at)));
      node.parentNode.replaceChild(frag, node);
    });
    var hits = [].slice.call(scope.querySelectorAll("mark.search-hit"));
    var shown = hits.filter(function (h) { return h.getClientRects().length; });
    var first = shown.filter(function (h) { return !h.closest("h1"); })[0] || shown[0];
    if (first && !location.hash) first.scrollIntoView({ block: "center" });
  }
  if (new URLSearchParams(location.search).has(PARAM)) highlightArrival();
  if (!input || !panel) return;

  function load() {
    if (!engine) {
      engine = new Promise(function (resolve, reject) {
        var s = doc.createElement("script");
        s.src = base + "engine.js";
        s.onload = function () { s.remove(); var e = window.skillbook && window.skillbook.searchEngine; if (e) e.ready().then(function () { resolve(e); }, reject); else reject(new Error("no engine")); };
        s.onerror = function () { s.remove(); reject(new Error("cannot load the search engine")); };
        doc.head.appendChild(s);
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function options() { return [].slice.call(list.querySelectorAll("a[role=option]")); }
  function open(show) {
    panel.hidden = !show;
    input.setAttribute("aria-expanded", String(show));
    if (!show) input.removeAttribute("aria-activedescendant");
    else if (options()[active]) input.setAttribute("aria-activedescendant", options()[active].id);
  }
  function select(i) {
    var opts = options();
    if (!opts.length) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
    active = (i + opts.length) % opts.length;
    opts.forEach(function (a, j) { a.setAttribute("aria-selected", String(j === active)); });
    input.setAttribute("aria-activedescendant", opts[active].id);
    opts[active].scrollIntoView({ block: "nearest" });
  }
  function say(text) { status.textContent = text; }

  function link(id, url, title, excerpt, cls) {
    var a = doc.createElement("a");
    a.id = id; a.href = url; a.className = cls;
    a.setAttribute("role", "option"); a.setAttribute("aria-selected", "false"); a.tabIndex = -1;
    var h = doc.createElement("span");
    h.className = "search-title"; h.textContent = title;
    var p = doc.createElement("span");
    p.className = "search-excerpt"; p.innerHTML = excerpt; // the engine escapes the text; only <mark> is markup
    a.appendChild(h); a.appendChild(p);
    return a;
  }

  // The words to mark on the page a result opens: what was typed, and the words of the result that
  // the search matched, as written there (the page's own forms of them: `deploy` for `deploys`).
  function withHighlight(url, query, found) {
    var words = query.split(/\s+/).concat(found), seen = {}, n = 0;
    var u = new URL((body.dataset.root || "") + url, location.href);
    words.forEach(function (w) {
      if (n >= MARKED) return;
      // C++ and C# are different words: their signs are part of the key.
      var key = (w.match(/[\p{L}\p{N}]+|\+\+?|#/gu) || []).join(" ").toLowerCase();
      if (wordPattern(w) && !seen[key]) { seen[key] = true; n++; u.searchParams.append(PARAM, w); }
    });
    return u.href;
  }

  // The chapter a quiz or checklist belongs to, by its page's link in the sidebar.
  function chapterTitle(url) {
    var path = new URL((body.dataset.root || "") + url, location.href).pathname, found = "";
    doc.querySelectorAll("#sidebar a[href]").forEach(function (a) {
      // The link's own text: not its number or its progress badge.
      if (!found && new URL(a.href).pathname === path) {
        found = [].filter.call(a.childNodes, function (n) { return n.nodeType === 3; })
          .map(function (n) { return n.nodeValue; }).join("").trim();
      }
    });
    return found;
  }

  // One result (title, excerpt, up to SUBS sub-results) as a list item; i numbers its options.
  // A chapter's sub-results are its sections (heading, then excerpt); a quiz's or checklist's are
  // its questions or items, shown as their excerpt alone, and then the record needs no excerpt.
  function item(r, i, query) {
    var li = doc.createElement("li"), kind = r.kind, entries = kind !== "chapter", title = r.title;
    var subs = r.subs.slice(0, SUBS);
    if (entries) {
      var chapter = chapterTitle(r.url);
      if (chapter && chapter !== title) title += " · " + chapter;
    }
    li.className = "search-result search-" + kind;
    // listbox > group (a result) > options (the result, then its sub-results); the list items
    // and lists between are layout only (an <li> may not be a group itself).
    li.setAttribute("role", "none");
    var group = li.appendChild(doc.createElement("div"));
    group.className = "search-group";
    group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", "search-r" + i);
    group.appendChild(link("search-r" + i, withHighlight(r.url, query, r.words), title, entries && subs.length ? "" : r.excerpt, "search-main"));
    if (subs.length) {
      var ul = doc.createElement("ul");
      ul.className = "search-subs";
      ul.setAttribute("role", "none");
      subs.forEach(function (s, j) {
        var sli = doc.createElement("li");
        sli.setAttribute("role", "none");
        sli.appendChild(link("search-r" + i + "-" + j, withHighlight(s.url, query, r.words), entries ? "" : s.title, s.excerpt, "search-sub"));
        ul.appendChild(sli);
      });
      group.appendChild(ul);
    }
    return li;
  }

  // Shows the next SHOWN of `found` (the engine's results, whose data is fetched only when shown):
  // a fresh list, or appended after "More results"; `note` (said before the count) names the
  // words that stood in for unknown ones and those found nowhere.
  function page(found, query, mine, append, note) {
    var from = append ? list.querySelectorAll(".search-result").length : 0;
    return Promise.all(found.slice(from, from + SHOWN).map(function (r) { return r.data(); })).then(function (results) {
      if (mine !== seq) return;
      var more = list.querySelector(".search-more-item");
      if (more) more.remove();
      var first = options().length;
      if (!append) list.textContent = "";
      results.forEach(function (r, i) { list.appendChild(item(r, from + i, query)); });
      if (found.length > from + results.length) {
        var li = doc.createElement("li"), a = link("search-more", "#", t("searchMore"), "", "search-more");
        li.className = "search-more-item";
        li.setAttribute("role", "none");
        a.addEventListener("click", function (e) {
          e.preventDefault();
          input.focus();
          // One batch at a time: a double click must not add the same results twice.
          if (!li.dataset.loading) { li.dataset.loading = "1"; page(found, query, mine, true, note); }
        });
        li.appendChild(a);
        list.appendChild(li);
      }
      list.dataset.query = query;
      say(found.length ? note + t("searchCount", { n: found.length }) : t("searchNone", { q: query }));
      open(true);
      select(append ? first : 0);
      // Enter pressed before these results arrived opens the first of them.
      if (enter && !append) { enter = false; go(); }
    });
  }

  function run() {
    clearTimeout(timer);
    var query = input.value.trim(), mine = ++seq;
    // One letter is too little to search (and typing starts with one): nothing is shown yet.
    if (!query || (query.length < 2 && !UNSPACED.test(query))) {
      list.textContent = ""; delete list.dataset.query; say(""); open(false); return;
    }
    load().then(function (engine) {
      // A space after the last word says it is finished: the engine then does not complete it.
      return engine.search(input.value.replace(/^\s+/, ""), { kind: kind });
    }).then(function (search) {
      if (mine !== seq) return;
      // Which words stood in for unknown ones, and which found nothing at all.
      var note = (search.fuzzy.length ? t("searchFuzzy", { q: search.fuzzy.join(", ") }) + " " : "") +
        (search.missing.length ? t("searchMissing", { q: search.missing.join(", ") }) + " " : "");
      return page(search.results, query, mine, false, note);
    }).catch(function (e) {
      console.error(e);
      // Not marked as the results for `query`, so Enter or an arrow key tries again.
      if (mine === seq) {
        enter = false; list.textContent = ""; delete list.dataset.query;
        say(t("searchUnavailable")); open(true);
      }
    });
  }

  // Opens the selected result (or loads more results, when that is selected).
  function go() {
    var a = options()[active];
    if (!a) return;
    if (a.id === "search-more") { a.click(); return; }
    open(false);
    location.href = a.href;
  }

  input.addEventListener("focus", function () { load(); if (input.value.trim()) open(true); });
  // While an input method composes a word (Chinese, Japanese), its keys and unfinished text are
  // its own: the search waits for the composed word.
  function typed(e) { if (e.isComposing) return; enter = false; clearTimeout(timer); timer = setTimeout(run, 80); }
  input.addEventListener("input", typed);
  input.addEventListener("compositionend", typed);
  input.addEventListener("keydown", function (e) {
    if (e.isComposing || e.keyCode === 229) return;
    var current = !panel.hidden && list.dataset.query === input.value.trim();
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!current) { run(); return; }
      select(active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (current) go();
      // Closed with Esc: show them again. Still coming for what was typed: open the first.
      else if (panel.hidden && list.dataset.query === input.value.trim()) open(true);
      else if (input.value.trim()) { enter = true; run(); }
    } else if (e.key === "Escape") {
      enter = false;
      if (!panel.hidden) { e.preventDefault(); open(false); } else { input.value = ""; input.blur(); }
    }
  });
  panel.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-kind]");
    if (!b) return;
    kind = b.dataset.kind;
    delete list.dataset.query; // the results shown are for the other filter now
    panel.querySelectorAll("button[data-kind]").forEach(function (x) { x.setAttribute("aria-pressed", String(x === b)); });
    input.focus();
    run();
  });
  // A result opened with the mouse closes the panel, also when it is on this page.
  list.addEventListener("click", function (e) { if (e.target.closest("a.search-main, a.search-sub")) open(false); });
  // Esc on a filter button closes the panel and returns to the box.
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { e.preventDefault(); input.focus(); open(false); }
  });
  // A click on the box shows the results again (after Esc, or coming back to the page).
  input.addEventListener("click", function () { if (input.value.trim() && list.dataset.query) open(true); });
  // The panel closes when a click or the focus goes elsewhere.
  var search = input.closest(".search");
  doc.addEventListener("click", function (e) { if (!search.contains(e.target)) open(false); });
  search.addEventListener("focusout", function (e) { if (e.relatedTarget && !search.contains(e.relatedTarget)) open(false); });
  // `/` jumps to the box, except while typing in a text field (`s` was dropped: it fired from
  // checkboxes and radio buttons with no way to turn it off).
  doc.addEventListener("keydown", function (e) {
    var el = e.target, text = el.isContentEditable || /^(TEXTAREA|SELECT)$/.test(el.tagName) ||
      (el.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset|range|color|file|image)$/.test(el.type));
    if (e.key === "/" && !text && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
})();
