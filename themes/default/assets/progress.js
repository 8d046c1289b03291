/* skillbook progress and review pages: every checklist and quiz of the handbook with the reader's
   ticks and scores (from localStorage), export to a JSON file, import, reset. Loaded only by
   those two pages; needs core.js. Plain ES2017. */
(function () {
  "use strict";
  var sb = window.skillbook, data = document.getElementById("skillbook-manifest");
  if (!sb || !data) return;
  var store = sb.store, t = sb.t, el = sb.el, body = document.body, root = body.dataset.root || "";
  var manifest = JSON.parse(data.textContent);

  function link(href, text) { var a = el("a", "", text); a.href = root + href; return a; }
  function ticked(page, task) { var m = store.obj(sb.key.tasks(page)) || {}; return task.id in m ? m[task.id] === true : task.checked; }
  function quizState(page, quiz) { var s = store.get(sb.key.quiz(page, quiz.id)); return sb.shape.quiz(s) && s.hash === quiz.hash ? s : null; }
  function score(page, quiz) {
    var s = quizState(page, quiz), right = 0, answered = 0;
    if (s) Object.keys(s.answers).forEach(function (k) { var a = s.answers[k]; if (a && a.checked) { answered++; if (a.ok) right++; } });
    return { right: right, answered: answered, total: quiz.questions.length, state: s };
  }

  function renderProgress(target) {
    target.textContent = "";
    manifest.chapters.forEach(function (c) {
      var section = el("section", "progress-chapter");
      section.appendChild(el("h2")).appendChild(link(c.href, c.title));
      c.checklists.forEach(function (l) {
        var done = l.items.filter(function (i) { return ticked(c.page, i); }).length;
        section.appendChild(el("h3", "", (l.title || t("checklist")) + " — " + t("progress", { done: done, total: l.items.length })));
        var ul = el("ul", "progress-items");
        l.items.forEach(function (i) {
          var on = ticked(c.page, i);
          ul.appendChild(el("li", on ? "done" : "todo", (on ? "\u2611 " : "\u2610 ") + i.text));
        });
        section.appendChild(ul);
      });
      c.quizzes.forEach(function (q) {
        var s = score(c.page, q);
        section.appendChild(el("p", "progress-quiz", (q.title || t("quiz")) + ": " + (s.answered ? t("score", { n: s.right, total: s.total }) : t("notStarted"))));
      });
      target.appendChild(section);
    });
  }

  // The review page: first the questions the reader missed, by chapter; then each chapter's
  // unticked checklist items, folded, so a fresh reader sees a short page.
  function renderReview(target) {
    target.textContent = "";
    var missed = [], todo = [];
    manifest.chapters.forEach(function (c) {
      var wrong = [];
      c.quizzes.forEach(function (q) {
        var s = score(c.page, q);
        q.questions.forEach(function (prompt, n) {
          var a = s.state && s.state.answers[n];
          if (a && a.checked && !a.ok) wrong.push(link(c.href + "#" + q.id + "-" + (n + 1), prompt));
        });
      });
      var open = [];
      c.checklists.forEach(function (l) {
        l.items.forEach(function (i) { if (!ticked(c.page, i)) open.push(link(c.href + "#" + i.id, i.text)); });
      });
      if (wrong.length) missed.push([c, wrong]);
      if (open.length) todo.push([c, open]);
    });
    var list = function (links) {
      var ul = el("ul", "review-items");
      links.forEach(function (a) { ul.appendChild(el("li")).appendChild(a); });
      return ul;
    };
    if (missed.length) {
      var section = target.appendChild(el("section", "review-missed"));
      section.appendChild(el("h2", "", t("reviewMissed")));
      missed.forEach(function (m) {
        section.appendChild(el("h3")).appendChild(link(m[0].href, m[0].title));
        section.appendChild(list(m[1]));
      });
    }
    if (todo.length) {
      var tasks = target.appendChild(el("section", "review-todo"));
      tasks.appendChild(el("h2", "", t("reviewTodo")));
      todo.forEach(function (m) {
        var details = tasks.appendChild(el("details", "review-chapter"));
        var summary = details.appendChild(el("summary", "", m[0].title + " "));
        summary.appendChild(el("span", "review-count", t("reviewCount", { n: m[1].length })));
        details.appendChild(list(m[1]));
      });
    }
    if (!missed.length && !todo.length) target.appendChild(el("p", "", t("reviewNothing")));
  }

  // Everything this handbook keeps in the browser, as a JSON document.
  sb.exportProgress = function () {
    var out = { format: "skillbook-progress", version: 1, book: body.dataset.book, exported: new Date().toISOString(), entries: {} };
    store.keys().forEach(function (k) { out.entries[k] = store.get(k); });
    return JSON.stringify(out, null, 2);
  };
  // An imported entry merged into what this browser keeps under `k`, so that an import never
  // loses progress made here: a tick on either side stays, answers given here stay and the
  // file's fill the questions without one (of the same quiz version), and the rest (the
  // shuffling seed, folded parts) stays as it is here when set.
  function merged(k, mine, theirs) {
    if (mine == null) return theirs;
    if (/^tasks:/.test(k)) {
      var ticks = {};
      Object.keys(theirs).concat(Object.keys(mine)).forEach(function (id) { ticks[id] = !!(mine[id] || theirs[id]); });
      return ticks;
    }
    if (/^quiz:/.test(k)) {
      if (mine.hash !== theirs.hash) return Object.keys(mine.answers).length ? mine : theirs;
      var answers = {};
      Object.keys(theirs.answers).forEach(function (q) { answers[q] = theirs.answers[q]; });
      Object.keys(mine.answers).forEach(function (q) { if (mine.answers[q] != null) answers[q] = mine.answers[q]; });
      return Object.assign({}, theirs, mine, { answers: answers });
    }
    return mine;
  }

  // All or nothing: every entry is checked before any is written, then merged with what this
  // browser keeps (see `merged`). Errors carry a reader-facing reason (a UI string) as their
  // message.
  sb.importProgress = function (text) {
    var doc;
    try { doc = JSON.parse(text); } catch (e) { throw new Error(t("importNotJson"), { cause: e }); }
    if (!sb.isObject(doc) || doc.format !== "skillbook-progress" || !sb.isObject(doc.entries)) throw new Error(t("importNotProgress"));
    if (doc.book !== body.dataset.book) throw new Error(t("importOtherBook"));
    var keys = Object.keys(doc.entries), bad = keys.filter(function (k) { return !sb.shape.entry(k, doc.entries[k]); });
    if (bad.length) throw new Error(t("importBadEntries", { keys: bad.slice(0, 3).join(", ") }));
    keys.forEach(function (k) {
      var mine = store.get(k);
      store.set(k, merged(k, sb.shape.entry(k, mine) ? mine : null, doc.entries[k]));
    });
    return keys.length;
  };

  var summary = document.getElementById("progress-summary"), review = document.getElementById("review-list");
  var status = document.getElementById("progress-status");
  function refresh() {
    try { if (summary) renderProgress(summary); if (review) renderReview(review); }
    catch (e) { console.error(e); if (status) status.textContent = t("progressUnreadable"); }
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
      try { status.textContent = t("importDone", { n: sb.importProgress(text) }); refresh(); }
      catch (e) { status.textContent = t("importFailed", { file: file.name, reason: e.message }); }
      imp.value = "";
    });
  });
  if (reset) reset.addEventListener("click", function () {
    if (!window.confirm(t("resetConfirm"))) return;
    store.keys().forEach(function (k) { if (k !== "seed") store.remove(k); });
    status.textContent = t("resetDone");
    refresh();
  });
  refresh();
})();
