/* skillbook serve: live reload. Long-polls the dev server for the next build. */
(function () {
  "use strict";
  var src = document.currentScript.src, base = src.slice(0, src.lastIndexOf("/") + 1);
  var key = "skillbook-scroll:" + location.pathname;
  try {
    var y = sessionStorage.getItem(key);
    if (y !== null) { sessionStorage.removeItem(key); window.scrollTo(0, +y); }
  } catch (e) {}
  var generation = null;
  var dismissed = null;
  function overlay(text) {
    var o = document.getElementById("skillbook-overlay");
    // The error page before the first good build already shows the errors.
    if (!text || text === dismissed || document.getElementById("skillbook-errors")) {
      if (o && !text) o.remove();
      return;
    }
    if (!o) {
      o = document.createElement("div");
      o.id = "skillbook-overlay";
      o.setAttribute("role", "alert");
      o.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:99999;padding:1rem;background:#1b1f24;color:#ffb4b4;border:2px solid #f85149;border-radius:8px;font:13px/1.45 ui-monospace,monospace";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Dismiss";
      close.setAttribute("aria-label", "Dismiss the build errors");
      close.style.cssText = "float:right;margin:0 0 .5rem .5rem;font:inherit;color:#1b1f24;background:#ffb4b4;border:0;border-radius:4px;padding:.2rem .6rem;cursor:pointer";
      close.addEventListener("click", function () { dismissed = o.dataset.text; o.remove(); });
      var pre = document.createElement("pre");
      // The page's own `pre` styles must not reach the overlay's text.
      pre.style.cssText = "all:revert;margin:0;padding:0;border:0;background:none;color:inherit;font:inherit;white-space:pre-wrap;overflow-wrap:anywhere";
      o.appendChild(close);
      o.appendChild(pre);
      document.body.appendChild(o);
    }
    o.dataset.text = text;
    o.lastChild.textContent = "The last build failed; this page is from the last good build.\n\n" + text;
  }
  function apply(state, previous) {
    if (state.error) return overlay(state.error);
    overlay(null);
    // `changed` covers the latest build only: after a missed build or a restarted server, reload.
    var changed = state.generation === previous + 1 ? state.changed || [] : [];
    if (changed.length && changed.every(function (p) { return /\.css$/.test(p); })) {
      document.querySelectorAll('link[rel="stylesheet"]').forEach(function (l) {
        var u = new URL(l.href);
        u.searchParams.set("v", state.generation);
        l.href = u.toString();
      });
      return;
    }
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) {}
    location.reload();
  }
  function poll() {
    fetch(base + "poll?since=" + (generation === null ? -1 : generation), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (generation !== null && state.generation !== generation) {
          var previous = generation;
          generation = state.generation;
          apply(state, previous);
        }
        else { generation = state.generation; if (state.error) overlay(state.error); }
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
