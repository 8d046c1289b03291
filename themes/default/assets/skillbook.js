/* skillbook: sidebar, theme and menu toggles. Plain ES2017. */
(function () {
  "use strict";
  var doc = document, html = doc.documentElement, body = doc.body;
  var safe = function (fn) {
    return function (a) { try { return fn(a); } catch (e) { console.error(e); } };
  };
  var decode = function (s) { try { return decodeURIComponent(s); } catch (e) { return s; } };
  var $ = function (sel) { return doc.querySelector(sel); };
  var isOpen = function () { return body.classList.contains("sidebar-open"); };
  var setOpen = function (open) {
    body.classList.toggle("sidebar-open", open);
    var b = $(".sidebar-toggle");
    b && b.setAttribute("aria-expanded", String(open));
  };

  // UI strings (from handbook.toml's language and [ui] table) and localStorage under a per-book prefix.
  var strings = {};
  safe(function () { var s = $("#skillbook-strings"); if (s) strings = JSON.parse(s.textContent); })();
  // Keys carry the book id and the site's own path, so two handbooks on one origin never mix.
  var site = "/";
  safe(function () { site = new URL(body.dataset.root || "./", location.href).pathname; })();
  var prefix = "skillbook:" + (body.dataset.book || "") + ":" + site + ":";

  window.skillbook = {
    t: function (key, vars) {
      return String(strings[key] || key).replace(/\{(\w+)\}/g, function (m, k) { return vars && k in vars ? vars[k] : m; });
    },
    store: {
      get: function (k) { try { return JSON.parse(localStorage.getItem(prefix + k)); } catch (e) { return null; } },
      // A stored plain object, or null for anything else (missing, corrupt or of another shape).
      obj: function (k) { var v = this.get(k); return v && typeof v === "object" && !Array.isArray(v) ? v : null; },
      set: function (k, v) { try { localStorage.setItem(prefix + k, JSON.stringify(v)); } catch (e) {} },
      remove: function (k) { try { localStorage.removeItem(prefix + k); } catch (e) {} },
      keys: function () {
        var out = [];
        try { for (var i = 0; i < localStorage.length; i++) { var k = localStorage.key(i); if (k.indexOf(prefix) === 0) out.push(k.slice(prefix.length)); } } catch (e) {}
        return out;
      }
    },
    // Called by toc.js with the chapter list; its hrefs are relative to the site root.
    sidebar: safe(function (list) {
      var nav = $("#sidebar"), root = body.dataset.root || "", here = decode(body.dataset.path || ""), cur;
      if (!nav) return;
      nav.innerHTML = list;
      nav.querySelectorAll("a[href]").forEach(function (a) {
        var href = a.getAttribute("href");
        if (/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(href)) return;
        if (!cur && decode(href.split("#")[0]) === here) {
          cur = a;
          a.setAttribute("aria-current", "page");
          a.classList.add("active");
        }
        a.setAttribute("href", root + href);
      });
      if (window.skillbook.afterSidebar) window.skillbook.afterSidebar(nav);
      if (cur) { // scroll the sidebar, not the page
        var n = nav.getBoundingClientRect(), r = cur.getBoundingClientRect();
        if (r.top < n.top || r.bottom > n.bottom) nav.scrollTop += r.top - n.top - (nav.clientHeight - r.height) / 2;
      }
    })
  };

  safe(function () {
    var theme = $(".theme-toggle"), toggle = $(".sidebar-toggle");
    if (theme) {
      var dark = function () { return html.getAttribute("data-theme") === "dark"; };
      var sync = function () { theme.setAttribute("aria-pressed", String(dark())); };
      sync();
      theme.addEventListener("click", safe(function () {
        var t = dark() ? "light" : "dark";
        html.setAttribute("data-theme", t);
        sync();
        try { localStorage.setItem("skillbook-theme", t); } catch (e) {}
      }));
    }
    if (toggle) toggle.addEventListener("click", safe(function () {
      var nav = $("#sidebar"), open = !isOpen();
      setOpen(open);
      var a = open && nav && (nav.querySelector("[aria-current]") || nav.querySelector("a"));
      if (a) a.focus({ preventScroll: true });
    }));
    doc.addEventListener("keydown", safe(function (e) {
      if (e.key === "Escape" && isOpen()) {
        setOpen(false);
        if (toggle) toggle.focus();
      }
    }));
    // A click on a sidebar link, or outside the sidebar and its toggle, closes it.
    doc.addEventListener("click", safe(function (e) {
      var t = e.target;
      if (isOpen() && t.closest && (t.closest("#sidebar a[href]") || !t.closest("#sidebar, .sidebar-toggle"))) setOpen(false);
    }));
  })();
})();
