/* skillbook: the header search box over the Pagefind index in pagefind/ (loaded on first use),
   and highlighting of the searched terms on the page a result leads to. Plain ES2017. */
(function () {
  "use strict";
  var doc = document, body = doc.body;
  var input = doc.getElementById("search-input"), panel = doc.getElementById("search-panel");
  var list = doc.getElementById("search-results"), status = doc.getElementById("search-status");
  var PARAM = "highlight", SHOWN = 6, SUBS = 3;
  var t = function (k, v) { return window.skillbook ? window.skillbook.t(k, v) : k; };
  // The index sits at the site root; pages in folders reach it through data-root.
  var base = new URL((body.dataset.root || "") + "pagefind/", location.href).href;
  var engine = null, kind = "", seq = 0, timer = 0, active = -1;

  function load() {
    if (!engine) {
      engine = import(base + "pagefind.js").then(function (pf) {
        return pf.options({ highlightParam: PARAM, excerptLength: 24 }).then(function () { pf.init(); return pf; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  // Search terms highlighted on arrival: the page was opened from a result (…?highlight=term).
  if (new URLSearchParams(location.search).has(PARAM)) {
    import(base + "pagefind-highlight.js").then(function (m) {
      new m.default({
        highlightParam: PARAM, markContext: "#content",
        markOptions: { className: "search-hit", exclude: [".anchor", "script", "style"] }, addStyles: false
      });
      var hit = !location.hash && doc.querySelector("mark.search-hit");
      if (hit) hit.scrollIntoView({ block: "center" });
    }).catch(function () {});
  }
  if (!input || !panel) return;

  function options() { return [].slice.call(list.querySelectorAll("a[role=option]")); }
  function open(show) {
    panel.hidden = !show;
    input.setAttribute("aria-expanded", String(show));
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
    a.setAttribute("role", "option"); a.setAttribute("aria-selected", "false");
    var h = doc.createElement("span");
    h.className = "search-title"; h.textContent = title;
    var p = doc.createElement("span");
    p.className = "search-excerpt"; p.innerHTML = excerpt; // Pagefind escapes the text; only <mark> is markup
    a.appendChild(h); a.appendChild(p);
    return a;
  }

  // One result (title, excerpt, up to SUBS sub-results) as a list item; i numbers its options.
  // A chapter's sub-results are its sections (heading, then excerpt); a quiz's or checklist's are
  // its questions or items, shown as their excerpt alone, and then the record needs no excerpt.
  function item(r, i) {
    var li = doc.createElement("li"), kind = ((r.filters && r.filters.kind) || ["chapter"])[0];
    var entries = kind !== "chapter";
    // The page's own top is the main result already.
    var subs = (r.sub_results || []).filter(function (s) {
      return s.url.indexOf("#") > 0 && s.url !== r.url && s.title !== r.meta.title;
    }).slice(0, SUBS);
    li.className = "search-result search-" + kind;
    li.appendChild(link("search-r" + i, r.url, r.meta.title || r.url, entries && subs.length ? "" : r.excerpt, "search-main"));
    if (subs.length) {
      var ul = doc.createElement("ul");
      ul.className = "search-subs";
      subs.forEach(function (s, j) {
        var sli = doc.createElement("li");
        sli.appendChild(link("search-r" + i + "-" + j, s.url, entries ? "" : s.title, s.excerpt, "search-sub"));
        ul.appendChild(sli);
      });
      li.appendChild(ul);
    }
    return li;
  }

  // Shows the next SHOWN of `found` (Pagefind's results, whose data is fetched only when shown):
  // a fresh list, or appended after "More results".
  function page(found, query, mine, append) {
    var from = append ? list.querySelectorAll(".search-result").length : 0;
    return Promise.all(found.slice(from, from + SHOWN).map(function (r) { return r.data(); })).then(function (results) {
      if (mine !== seq) return;
      var more = list.querySelector(".search-more-item");
      if (more) more.remove();
      var first = options().length;
      if (!append) list.textContent = "";
      results.forEach(function (r, i) { list.appendChild(item(r, from + i)); });
      if (found.length > from + results.length) {
        var li = doc.createElement("li"), a = link("search-more", "#", t("searchMore"), "", "search-more");
        li.className = "search-more-item";
        a.addEventListener("click", function (e) { e.preventDefault(); page(found, query, mine, true); });
        li.appendChild(a);
        list.appendChild(li);
      }
      list.dataset.query = query;
      say(found.length ? "" : t("searchNone", { q: query }));
      open(true);
      select(append ? first : 0);
    });
  }

  function run() {
    var query = input.value.trim(), mine = ++seq;
    if (!query) { list.textContent = ""; say(""); open(false); return; }
    load().then(function (pf) {
      return pf.search(query, kind ? { filters: { kind: kind } } : {});
    }).then(function (search) {
      if (mine === seq && search) return page(search.results, query, mine, false);
    }).catch(function (e) {
      console.error(e);
      if (mine === seq) { list.textContent = ""; list.dataset.query = query; say(t("searchOffline")); open(true); }
    });
  }

  input.addEventListener("focus", function () { load(); if (input.value.trim()) open(true); });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 80); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (panel.hidden) { run(); return; }
      select(active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter") {
      var a = options()[active];
      if (a && a.id === "search-more") { e.preventDefault(); a.click(); }
      else if (a) { e.preventDefault(); open(false); location.href = a.href; }
    } else if (e.key === "Escape") {
      if (!panel.hidden) { e.preventDefault(); open(false); } else { input.value = ""; input.blur(); }
    }
  });
  panel.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-kind]");
    if (!b) return;
    kind = b.dataset.kind;
    panel.querySelectorAll("button[data-kind]").forEach(function (x) { x.setAttribute("aria-pressed", String(x === b)); });
    input.focus();
    run();
  });
  // The panel closes when a click or the focus goes elsewhere.
  var search = input.closest(".search");
  doc.addEventListener("click", function (e) { if (!search.contains(e.target)) open(false); });
  search.addEventListener("focusout", function (e) { if (e.relatedTarget && !search.contains(e.relatedTarget)) open(false); });
  doc.addEventListener("keydown", function (e) {
    var el = e.target, typing = el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
    if ((e.key === "/" || e.key === "s") && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
})();
