/* skillbook progress and review pages: every checklist and quiz of the handbook with the reader's
   ticks and scores (from localStorage), export to a JSON file, import, reset. Plain ES2017. */
(function () {
  "use strict";
  var sb = window.skillbook, data = document.getElementById("skillbook-manifest");
  if (!sb || !data) return;
  var store = sb.store, body = document.body, root = body.dataset.root || "";
  var manifest = JSON.parse(data.textContent);

  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function link(href, text) { var a = el("a", "", text); a.href = root + href; return a; }
  function ticked(page, task) { var m = store.obj("tasks:" + page) || {}; return task.id in m ? !!m[task.id] : task.checked; }
  function quizState(page, quiz) { var s = store.obj("quiz:" + page + "#" + quiz.id); return s && s.hash === quiz.hash && s.answers && typeof s.answers === "object" ? s : null; }
  function score(page, quiz) {
    var s = quizState(page, quiz), right = 0, answered = 0;
    if (s) Object.keys(s.answers).forEach(function (k) { var a = s.answers[k]; if (a && typeof a === "object" && a.checked) { answered++; if (a.ok) right++; } });
    return { right: right, answered: answered, total: quiz.questions.length, state: s };
  }

  function renderProgress(target) {
    target.textContent = "";
    manifest.chapters.forEach(function (c) {
      var section = el("section", "progress-chapter");
      section.appendChild(el("h2")).appendChild(link(c.href, c.title));
      c.checklists.forEach(function (l) {
        var done = l.items.filter(function (i) { return ticked(c.page, i); }).length;
        var h = el("h3", "", (l.title || "Checklist") + " — " + sb.t("progress", { done: done, total: l.items.length }));
        section.appendChild(h);
        var ul = el("ul", "progress-items");
        l.items.forEach(function (i) {
          var on = ticked(c.page, i);
          var li = el("li", on ? "done" : "todo", (on ? "\u2611 " : "\u2610 ") + i.text);
          ul.appendChild(li);
        });
        section.appendChild(ul);
      });
      c.quizzes.forEach(function (q) {
        var s = score(c.page, q);
        section.appendChild(el("p", "progress-quiz", (q.title || sb.t("quiz")) + ": " + (s.answered ? sb.t("score", { n: s.right, total: s.total }) : "not started")));
      });
      target.appendChild(section);
    });
  }

  function renderReview(target) {
    target.textContent = "";
    var count = 0;
    manifest.chapters.forEach(function (c) {
      var items = [];
      c.quizzes.forEach(function (q) {
        var s = score(c.page, q);
        q.questions.forEach(function (prompt, n) {
          var a = s.state && s.state.answers[n];
          if (a && typeof a === "object" && a.checked && !a.ok) items.push(["review-quiz", c.href + "#" + q.id + "-" + (n + 1), "Missed: " + prompt]);
        });
      });
      c.checklists.forEach(function (l) {
        l.items.forEach(function (i) {
          if (!ticked(c.page, i)) items.push(["review-task", c.href + "#" + i.id, "To do: " + i.text]);
        });
      });
      if (!items.length) return;
      count += items.length;
      target.appendChild(el("h2", "", c.title));
      var ul = el("ul", "review-items");
      items.forEach(function (it) { ul.appendChild(el("li", it[0])).appendChild(link(it[1], it[2])); });
      target.appendChild(ul);
    });
    if (!count) target.appendChild(el("p", "", "Nothing to review: every checklist item is ticked and no answer is wrong."));
  }

  // Everything this handbook keeps in the browser, as a JSON document.
  sb.exportProgress = function () {
    var out = { format: "skillbook-progress", version: 1, book: body.dataset.book, exported: new Date().toISOString(), entries: {} };
    store.keys().forEach(function (k) { out.entries[k] = store.get(k); });
    return JSON.stringify(out, null, 2);
  };
  // All or nothing: every entry is checked before any is written.
  function isObject(v) { return v && typeof v === "object" && !Array.isArray(v); }
  function validEntry(k, v) {
    if (k === "seed") return typeof v === "string";
    if (/^seen:/.test(k)) return v === true;
    if (/^tasks:/.test(k)) return isObject(v) && Object.keys(v).every(function (id) { return typeof v[id] === "boolean"; });
    if (/^quiz:/.test(k)) return isObject(v) && typeof v.hash === "string" && isObject(v.answers);
    return false;
  }
  sb.importProgress = function (text) {
    var doc = JSON.parse(text);
    if (!isObject(doc) || doc.format !== "skillbook-progress" || !isObject(doc.entries)) throw new Error("not a skillbook progress file");
    if (doc.book !== body.dataset.book) throw new Error("this file is from another handbook");
    var keys = Object.keys(doc.entries), bad = keys.filter(function (k) { return !validEntry(k, doc.entries[k]); });
    if (bad.length) throw new Error("unexpected entries: " + bad.slice(0, 3).join(", "));
    keys.forEach(function (k) { store.set(k, doc.entries[k]); });
    return keys.length;
  };

  var summary = document.getElementById("progress-summary"), review = document.getElementById("review-list");
  var status = document.getElementById("progress-status");
  function refresh() {
    try { if (summary) renderProgress(summary); if (review) renderReview(review); }
    catch (e) { if (status) status.textContent = "Some saved progress could not be read."; }
  }

  var exp = document.getElementById("progress-export"), imp = document.getElementById("progress-import"), reset = document.getElementById("progress-reset");
  if (exp) exp.addEventListener("click", function () {
    var a = el("a");
    a.href = URL.createObjectURL(new Blob([sb.exportProgress()], { type: "application/json" }));
    a.download = "skillbook-progress.json";
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
  if (imp) imp.addEventListener("change", function () {
    var file = imp.files[0];
    if (!file) return;
    file.text().then(function (text) {
      try { status.textContent = "Imported " + sb.importProgress(text) + " entries."; refresh(); }
      catch (e) { status.textContent = "Could not import: " + e.message; }
    });
  });
  if (reset) reset.addEventListener("click", function () {
    if (!window.confirm("Clear every tick and quiz answer of this handbook in this browser?")) return;
    store.keys().forEach(function (k) { if (k !== "seed") store.remove(k); });
    status.textContent = "Cleared.";
    refresh();
  });
  refresh();
})();
