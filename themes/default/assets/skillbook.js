/* skillbook page chrome: the sidebar (current chapter, collapsible parts, checklist progress), the
   theme switch, the phone menu, ← → between chapters, copy buttons and keyboard-scrollable code,
   and "On this page" following the reader. Needs core.js. Plain ES2017. */
(function () {
  "use strict";
  var sb = window.skillbook;
  if (!sb) return;
  var doc = document, html = doc.documentElement, body = doc.body, t = sb.t, el = sb.el, safe = sb.safe;
  var $ = function (sel) { return doc.querySelector(sel); };
  var each = function (sel, fn, root) { Array.prototype.forEach.call((root || doc).querySelectorAll(sel), fn); };
  var decode = function (s) { try { return decodeURIComponent(s); } catch (e) { return s; } };
  var wide = window.matchMedia("(min-width: 1200px)");

  // ---- Sidebar -------------------------------------------------------------------------------

  // "done/total" after each chapter with checklist items: the reader's ticks where stored, else
  // the items ticked in the source (data-done).
  function progress() {
    each("#sidebar a[data-tasks]", function (a) {
      var m = sb.store.obj(sb.key.tasks(a.dataset.page)), total = +a.dataset.tasks, done = 0;
      if (m && Object.keys(m).length) Object.keys(m).forEach(function (k) { if (m[k] === true) done++; });
      else done = +a.dataset.done;
      var badge = a.querySelector(".toc-progress") || a.appendChild(el("span", "toc-progress"));
      badge.textContent = " " + done + "/" + total;
      badge.classList.toggle("complete", done >= total);
    });
  }
  sb.sidebarProgress = progress;

  // Parts the reader folded stay folded, except the one holding the current chapter.
  function parts(nav) {
    var folded = sb.store.get("parts");
    if (!sb.shape.parts(folded)) folded = [];
    each("details.toc-part-group", function (d) {
      var name = d.dataset.part;
      if (folded.indexOf(name) >= 0 && !d.querySelector("[aria-current]")) d.open = false;
      d.addEventListener("toggle", function () {
        var now = (sb.store.get("parts") || []).filter(function (p) { return p !== name; });
        if (!d.open) now.push(name);
        sb.store.set("parts", now);
      });
    }, nav);
  }

  // Scrolls the sidebar itself (never the page) so the current chapter sits in its middle.
  function reveal(nav, cur) {
    var n = nav.getBoundingClientRect(), r = cur.getBoundingClientRect();
    if (r.top < n.top || r.bottom > n.bottom) nav.scrollTop += r.top - n.top - (nav.clientHeight - r.height) / 2;
  }

  // Called by toc.js with the chapter list; its hrefs are relative to the site root.
  sb.sidebar = safe(function (list) {
    var nav = $("#sidebar"), root = body.dataset.root || "", here = decode(body.dataset.path || ""), cur;
    if (!nav) return;
    nav.innerHTML = list;
    each("a[href]", function (a) {
      var href = a.getAttribute("href");
      if (/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(href)) return;
      if (!cur && decode(href.split("#")[0]) === here) {
        cur = a;
        a.setAttribute("aria-current", "page");
        a.classList.add("active");
      }
      a.setAttribute("href", root + href);
    }, nav);
    parts(nav);
    progress();
    if (cur) reveal(nav, cur);
  });

  // ---- Theme: light, dark or the system's, remembered for every handbook on this site ---------

  var THEMES = ["light", "dark", "system"], themeKey = "skillbook-theme", system = window.matchMedia("(prefers-color-scheme: dark)");
  function choice() {
    var c;
    try { c = localStorage.getItem(themeKey); } catch (e) { c = null; }
    return THEMES.indexOf(c) >= 0 ? c : "system";
  }
  function applyTheme() {
    var c = choice(), b = $(".theme-toggle");
    html.setAttribute("data-theme", c === "system" ? (system.matches ? "dark" : "light") : c);
    html.setAttribute("data-theme-choice", c);
    if (b) {
      var label = t("themeLabel", { theme: t("theme" + c.charAt(0).toUpperCase() + c.slice(1)) });
      b.setAttribute("aria-label", label);
      b.title = label;
    }
  }
  safe(function () {
    var b = $(".theme-toggle");
    applyTheme();
    if (b) b.addEventListener("click", safe(function () {
      var next = THEMES[(THEMES.indexOf(choice()) + 1) % THEMES.length];
      try { localStorage.setItem(themeKey, next); } catch (e) { /* not remembered */ }
      applyTheme();
    }));
    var follow = safe(function () { if (choice() === "system") applyTheme(); });
    if (system.addEventListener) system.addEventListener("change", follow);
    window.addEventListener("storage", safe(function (e) { if (e.key === themeKey) applyTheme(); }));
  })();

  // ---- Phone menu: the sidebar slides over the page and closes when focus or a click leaves it --

  safe(function () {
    var toggle = $(".sidebar-toggle"), nav = $("#sidebar");
    if (!toggle || !nav) return;
    var isOpen = function () { return body.classList.contains("sidebar-open"); };
    var setOpen = function (open) {
      body.classList.toggle("sidebar-open", open);
      toggle.setAttribute("aria-expanded", String(open));
    };
    toggle.addEventListener("click", safe(function () {
      var open = !isOpen();
      setOpen(open);
      var a = open && (nav.querySelector("[aria-current]") || nav.querySelector("a"));
      if (a) a.focus({ preventScroll: true });
    }));
    doc.addEventListener("keydown", safe(function (e) {
      if (e.key === "Escape" && isOpen()) { setOpen(false); toggle.focus(); }
    }));
    // A click on a sidebar link, or outside the sidebar and its toggle, closes it.
    doc.addEventListener("click", safe(function (e) {
      var target = e.target;
      if (isOpen() && target.closest && (target.closest("#sidebar a[href]") || !target.closest("#sidebar, .sidebar-toggle"))) setOpen(false);
    }));
    // Tab past either end of the open sidebar closes it, so focus never moves behind it unseen.
    nav.addEventListener("focusout", safe(function (e) {
      var to = e.relatedTarget;
      if (isOpen() && to && !nav.contains(to) && to !== toggle) setOpen(false);
    }));
  })();

  // ---- ← and → open the previous and next chapter -------------------------------------------

  // Whether the key press could scroll or move something inside the element it happened in.
  function ownsArrows(node) {
    for (var n = node; n && n !== body && n.nodeType === 1; n = n.parentElement) {
      if (n.scrollWidth > n.clientWidth + 1 && /(auto|scroll)/.test(getComputedStyle(n).overflowX)) return true;
      // A quiz's options move with arrows, and its feedback takes the focus after an answer.
      if (n.matches("[role=listbox], [role=menu], [role=tablist], [role=slider], .search, .quiz")) return true;
    }
    return false;
  }
  doc.addEventListener("keydown", safe(function (e) {
    if ((e.key !== "ArrowLeft" && e.key !== "ArrowRight") || e.defaultPrevented) return;
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || sb.typing(e) || ownsArrows(e.target)) return;
    var a = $(e.key === "ArrowLeft" ? ".pager a[rel=prev]" : ".pager a[rel=next]");
    if (a) { e.preventDefault(); location.href = a.href; }
  }));

  // ---- Code blocks: a copy button, and keyboard scrolling when they are wider than the page ---

  var PROMPTED = /^(console|shell-session|sh-session|terminal)$/;
  // The text a reader wants from a code block: without lines an author hid (mdBook's `#`-hidden
  // Rust lines, or anything marked hidden) and, for terminal sessions, only the commands, without
  // their `$ ` prompts and without the output.
  sb.codeText = function (pre) {
    var code = pre.querySelector("code") || pre, copy = code.cloneNode(true);
    each(".hidden-line, .boring, .prompt, [hidden], [data-hidden]", function (n) { n.remove(); }, copy);
    var text = copy.textContent.replace(/\n$/, ""), lines = text.split("\n");
    var session = PROMPTED.test(pre.dataset.lang || "") ||
      lines.filter(function (l) { return l.trim(); }).every(function (l) { return /^\$ /.test(l); });
    if (session && lines.some(function (l) { return /^\$ /.test(l); })) {
      text = lines.filter(function (l) { return /^\$ /.test(l); }).map(function (l) { return l.slice(2); }).join("\n");
    }
    return text;
  };
  function writeClipboard(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = el("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.cssText = "position:fixed;top:0;left:0;opacity:0";
      body.appendChild(area);
      area.select();
      var ok;
      try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }
  function copyButton(pre) {
    var wrap = el("div", "code-block"), button = el("button", "copy-button", t("copy")), timer = 0;
    button.type = "button";
    button.setAttribute("aria-label", t("copyCode"));
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    wrap.appendChild(button);
    button.addEventListener("click", function () {
      var say = function (key) {
        button.textContent = t(key);
        button.setAttribute("aria-label", t(key));
        clearTimeout(timer);
        timer = setTimeout(function () { button.textContent = t("copy"); button.setAttribute("aria-label", t("copyCode")); }, 2000);
      };
      writeClipboard(sb.codeText(pre)).then(function () { say("copied"); }, function () { say("copyFailed"); });
    });
  }
  // Blocks wider than their box become Tab stops, so keyboard users can scroll them.
  function scrollables() {
    each(".main pre, .main table", function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) { box.tabIndex = 0; box.dataset.scrolls = ""; }
      else if (!scrolls && "scrolls" in box.dataset) { box.removeAttribute("tabindex"); delete box.dataset.scrolls; }
    });
  }
  safe(function () {
    each(".main pre", function (pre) { if (!pre.closest(".quiz, .code-block")) copyButton(pre); });
    scrollables();
    var timer = 0;
    window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(safe(scrollables), 150); });
    sb.refreshScrollables = scrollables;
  })();

  // ---- "On this page": open beside wide pages, folded on narrow ones; marks the section in view --

  safe(function () {
    var box = $(".page-toc details");
    if (!box) return;
    var links = Array.prototype.slice.call(box.querySelectorAll("a[href^='#']"));
    var targets = links.map(function (a) { return doc.getElementById(decode(a.getAttribute("href").slice(1))); });
    var fit = function () { box.open = wide.matches; };
    fit();
    if (wide.addEventListener) wide.addEventListener("change", fit);
    var current = null, pending = false;
    function spy() {
      pending = false;
      var top = (parseFloat(getComputedStyle(html).scrollPaddingTop) || 0) + 16, found = -1;
      targets.forEach(function (h, i) { if (h && h.getBoundingClientRect().top <= top) found = i; });
      // At the very bottom the last sections may never reach the top: take the last one in view.
      if (window.innerHeight + window.scrollY >= doc.documentElement.scrollHeight - 2) {
        targets.forEach(function (h, i) { if (h && h.getBoundingClientRect().top < window.innerHeight) found = i; });
      }
      var a = links[found] || null;
      if (a === current) return;
      if (current) { current.classList.remove("active"); current.removeAttribute("aria-current"); }
      current = a;
      if (a) {
        a.classList.add("active");
        a.setAttribute("aria-current", "location");
        var pane = box.parentElement, r = a.getBoundingClientRect(), p = pane.getBoundingClientRect();
        if (pane.scrollHeight > pane.clientHeight && (r.top < p.top || r.bottom > p.bottom)) pane.scrollTop += r.top - p.top - p.height / 2;
      }
    }
    var later = function () { if (!pending) { pending = true; window.requestAnimationFrame(spy); } };
    window.addEventListener("scroll", later, { passive: true });
    window.addEventListener("resize", later);
    spy();
  })();
})();
