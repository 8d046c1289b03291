/* skillbook core: what every theme script shares. Loaded first on every page, it defines
   window.skillbook and nothing else; it changes nothing on the page. Plain ES2017.
   The contract it serves (DOM classes, data attributes, storage keys and their shapes) is written
   down in themes/default/README.md. */
(function () {
  "use strict";
  var doc = document, body = doc.body;

  function isObject(v) { return !!v && typeof v === "object" && !Array.isArray(v); }
  function every(o, test) { return Object.keys(o).every(function (k) { return test(o[k]); }); }

  // UI strings: handbook.toml's language and [ui] table, embedded by the page as JSON.
  var strings = {};
  try { strings = JSON.parse(doc.getElementById("skillbook-strings").textContent) || {}; } catch (e) { strings = {}; }

  // Storage keys carry the book id and the site's own path, so two handbooks on one origin never mix.
  var site;
  try { site = new URL(body.dataset.root || "./", location.href).pathname; } catch (e) { site = "/"; }
  var prefix = "skillbook:" + (body.dataset.book || "") + ":" + site + ":";

  var store = {
    get: function (k) { try { return JSON.parse(localStorage.getItem(prefix + k)); } catch (e) { return null; } },
    // A stored plain object, or null for anything else (missing, corrupt or of another shape).
    obj: function (k) { var v = store.get(k); return isObject(v) ? v : null; },
    set: function (k, v) { try { localStorage.setItem(prefix + k, JSON.stringify(v)); } catch (e) { /* full or blocked: not kept */ } },
    remove: function (k) { try { localStorage.removeItem(prefix + k); } catch (e) { /* blocked */ } },
    // Every key of this handbook, without the prefix.
    keys: function () {
      var out = [];
      try {
        for (var i = 0; i < localStorage.length; i++) {
          var k = localStorage.key(i);
          if (k.indexOf(prefix) === 0) out.push(k.slice(prefix.length));
        }
      } catch (e) { /* blocked */ }
      return out;
    }
  };

  // The shape of every stored value, by key: what import accepts and what the scripts trust.
  var shape = {
    tasks: function (v) { return isObject(v) && every(v, function (x) { return typeof x === "boolean"; }); },
    answer: function (a) { return isObject(a) && typeof a.checked === "boolean"; },
    quiz: function (v) { return isObject(v) && typeof v.hash === "string" && isObject(v.answers) && every(v.answers, function (a) { return a == null || shape.answer(a); }); },
    parts: function (v) { return Array.isArray(v) && v.every(function (x) { return typeof x === "string"; }); },
    // Whether `v` may be stored under key `k` (without the prefix).
    entry: function (k, v) {
      if (k === "seed") return typeof v === "string";
      if (k === "parts") return shape.parts(v);
      if (/^seen:/.test(k)) return v === true;
      if (/^tasks:/.test(k)) return shape.tasks(v);
      if (/^quiz:/.test(k)) return shape.quiz(v);
      return false;
    }
  };

  window.skillbook = {
    // `strings[key]` with `{name}` placeholders filled from `vars`; the key itself when unknown.
    t: function (key, vars) {
      return String(strings[key] || key).replace(/\{(\w+)\}/g, function (m, k) { return vars && k in vars ? vars[k] : m; });
    },
    // A new element with an optional class and text.
    el: function (tag, cls, text) {
      var e = doc.createElement(tag);
      if (cls) e.className = cls;
      if (text != null) e.textContent = text;
      return e;
    },
    // The page a quiz or checklist belongs to: the nearest [data-page] (print.html, checklists.html),
    // else the page itself (body[data-path]).
    pageOf: function (node) {
      var s = node.closest("[data-page]");
      return s ? s.dataset.page : body.dataset.path || "";
    },
    // Storage keys, one place for their formats.
    key: {
      quiz: function (page, quiz) { return "quiz:" + page + "#" + quiz; },
      tasks: function (page) { return "tasks:" + page; },
      seen: function (page) { return "seen:" + page; }
    },
    store: store,
    shape: shape,
    isObject: isObject,
    // Whether a key press belongs to the element it happened in (text fields, option groups,
    // selects, editable text): page-wide shortcuts leave those alone.
    typing: function (e) {
      var el = e.target;
      if (!el || !el.tagName) return false;
      return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
    },
    // Runs `fn`, logging instead of throwing, so one broken feature never stops the others.
    safe: function (fn) {
      return function (a) { try { return fn(a); } catch (e) { console.error(e); } };
    }
  };
})();
