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
  function overlay(text) {
    var o = document.getElementById("skillbook-overlay");
    if (!text) { if (o) o.remove(); return; }
    if (!o) {
      o = document.createElement("pre");
      o.id = "skillbook-overlay";
      o.setAttribute("role", "alert");
      o.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:99999;margin:0;padding:1rem;background:#1b1f24;color:#ffb4b4;border:2px solid #f85149;border-radius:8px;font:13px/1.45 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(o);
    }
    o.textContent = "The last build failed; this page is from the last good build.\n\n" + text;
  }
  function apply(state) {
    if (state.error) return overlay(state.error);
    overlay(null);
    var changed = state.changed || [];
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
        if (generation !== null && state.generation > generation) { generation = state.generation; apply(state); }
        else { generation = state.generation; if (state.error) overlay(state.error); }
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
