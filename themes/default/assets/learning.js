/* skillbook learning path: works out each chapter's state from what this browser has saved
   (checklist ticks, quiz answers, pages opened) and shows it: colours on the skills map, the
   home page's "Next up", the progress page's chart. Arrow keys move along the map's arrows.
   Plain ES2017. The data comes from chapters.js, which calls skillbook.learning().

   States: "done" when every checklist item is ticked and every quiz question answered (a
   chapter with neither: once opened); "progress" once opened, or once anything is ticked or
   answered; "todo" otherwise. */
(function () {
  "use strict";
  var sb = window.skillbook;
  if (!sb) return;
  var store = sb.store, t = sb.t, el = sb.el, key = sb.key, body = document.body, root = body.dataset.root || "";
  var doc = document;

  // Opening a chapter page counts as starting it.
  var me = doc.currentScript;
  if (me && me.hasAttribute("data-mark-seen") && body.dataset.path) store.set(key.seen(body.dataset.path), true);

  // One chapter's counts and state, from localStorage (the key formats of checklist.js and quiz.js).
  function progress(c) {
    var saved = store.get(key.tasks(c.page)), p = { ticked: 0, tasks: c.tasks.length, right: 0, answered: 0, questions: 0, touched: store.get(key.seen(c.page)) === true };
    if (!sb.shape.tasks(saved)) saved = {};
    c.tasks.forEach(function (task) {
      var on = task[0] in saved ? !!saved[task[0]] : task[1];
      if (on) p.ticked++;
      if (on && !task[1]) p.touched = true;
    });
    c.quizzes.forEach(function (q) {
      var s = store.get(key.quiz(c.page, q[0])), n = 0;
      p.questions += q[2];
      if (!sb.shape.quiz(s) || s.hash !== q[1]) return;
      Object.keys(s.answers).forEach(function (k) {
        var a = s.answers[k];
        if (a && a.checked) { n++; if (a.ok) p.right++; }
      });
      p.answered += Math.min(n, q[2]);
      if (n) p.touched = true;
    });
    var total = p.tasks + p.questions, done = p.ticked + p.answered;
    p.status = (total ? done >= total : p.touched) ? "done" : p.touched ? "progress" : "todo";
    return p;
  }

  var LABELS = { todo: "statusNotStarted", progress: "statusInProgress", done: "statusDone" };

  // Skills map and learning path list: data-status on each node and item, status text for
  // screen readers, and the legend (hidden without this script).
  function paintMap(states) {
    var legend = doc.querySelector(".map-legend");
    if (legend) legend.hidden = false;
    doc.querySelectorAll(".skills-page [data-page]").forEach(function (e) {
      var p = states[e.dataset.page];
      if (!p) return;
      var text = t(LABELS[p.status]);
      e.dataset.status = p.status;
      if (e.classList.contains("map-node")) {
        if (!e.dataset.label) e.dataset.label = e.getAttribute("aria-label") || "";
        e.setAttribute("aria-label", e.dataset.label + ". " + text + ".");
      }
      var out = e.querySelector(".path-status");
      if (out) out.textContent = text;
    });
  }

  // Arrow keys on a focused map node: right and left follow the arrows out of and into it (to
  // the nearest node vertically), up and down move within its column.
  function mapKeys() {
    var svg = doc.querySelector(".skills-map");
    if (!svg) return;
    var nodes = Array.prototype.slice.call(svg.querySelectorAll(".map-node"));
    var edges = Array.prototype.slice.call(svg.querySelectorAll(".map-edge")).map(function (e) { return [+e.dataset.from, +e.dataset.to, e]; });
    var y = function (a) { return +a.querySelector(".map-box").getAttribute("y"); };
    function highlight(n) { edges.forEach(function (e) { e[2].classList.toggle("is-near", e[0] === n || e[1] === n); }); }
    svg.addEventListener("focusin", function (e) { var a = e.target.closest(".map-node"); if (a) highlight(+a.dataset.node); });
    svg.addEventListener("focusout", function () { highlight(-1); });
    svg.addEventListener("keydown", function (e) {
      var a = e.target.closest && e.target.closest(".map-node");
      if (!a || e.altKey || e.ctrlKey || e.metaKey) return;
      var n = +a.dataset.node, col = +a.dataset.column, row = +a.dataset.row, here = y(a), choices;
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
        var out = e.key === "ArrowRight";
        choices = edges.filter(function (x) { return x[out ? 0 : 1] === n; }).map(function (x) { return nodes[x[out ? 1 : 0]]; });
        choices.sort(function (p, q) { return Math.abs(y(p) - here) - Math.abs(y(q) - here) || p.dataset.node - q.dataset.node; });
      } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
        var down = e.key === "ArrowDown";
        choices = nodes.filter(function (b) { return +b.dataset.column === col && (down ? +b.dataset.row > row : +b.dataset.row < row); });
        choices.sort(function (p, q) { return down ? p.dataset.row - q.dataset.row : q.dataset.row - p.dataset.row; });
      } else return;
      e.preventDefault();
      if (choices[0]) choices[0].focus();
    });
  }

  // Home page: the first chapter of the learning path whose prerequisites are done and which is
  // not done itself. A reader who has started moves the box up, under the title.
  function nextUp(data, states) {
    var box = doc.querySelector(".next-up-chapter"), section = box && box.closest(".next-up");
    if (!box) return;
    var started = Object.keys(states).some(function (page) { return states[page].status !== "todo" && page !== "index.html"; });
    var title = section.parentElement.querySelector("h1");
    if (started && title) title.after(section);
    var done = function (i) { return states[data.chapters[i].page].status === "done"; };
    var next = data.order.filter(function (i) { return !done(i) && data.chapters[i].needs.every(done); })[0];
    box.textContent = "";
    if (next == null) { box.appendChild(el("span", "next-up-done", t("nextUpDone"))); return; }
    var c = data.chapters[next], a = el("a", null, c.title);
    a.href = root + c.href;
    box.appendChild(a);
    if (c.meta) { box.appendChild(doc.createTextNode(" ")); box.appendChild(el("span", "next-up-meta", c.meta)); }
    var status = states[c.page].status;
    if (status !== "todo") {
      box.dataset.status = status;
      box.appendChild(doc.createTextNode(" "));
      box.appendChild(el("span", "path-status", t(LABELS[status])));
    }
  }

  function bar(kind, have, total, label) {
    var cell = el("span", "chart-cell chart-" + kind);
    if (!total) { cell.appendChild(el("span", "chart-none", "\u2014")); return cell; }
    var b = el("span", "chart-bar"), fill = el("span", "chart-fill");
    b.setAttribute("role", "img");
    b.setAttribute("aria-label", label);
    fill.style.width = Math.round(100 * have / total) + "%";
    b.appendChild(fill);
    cell.appendChild(b);
    cell.appendChild(el("span", "chart-value", have + "/" + total));
    return cell;
  }

  // Progress page: a row per chapter with a checklist or a quiz, grouped by part.
  function chart(data, states) {
    var target = doc.getElementById("progress-chart");
    if (!target) return;
    target.textContent = "";
    var list = null, part, head = el("div", "chart-row chart-head");
    head.appendChild(el("span"));
    head.appendChild(el("span", null, t("checklist")));
    head.appendChild(el("span", null, t("quiz")));
    target.appendChild(head);
    data.chapters.forEach(function (c) {
      if (!c.tasks.length && !c.quizzes.length) return;
      if (!list || c.part !== part) {
        part = c.part;
        if (part) target.appendChild(el("h3", "chart-part", part));
        list = target.appendChild(el("ul", "chart-list"));
      }
      var p = states[c.page], row = el("li", "chart-row"), a = el("a", null, c.short);
      a.href = root + c.href;
      if (c.short !== c.title) a.title = c.title;
      row.dataset.status = p.status;
      row.appendChild(a);
      row.appendChild(bar("ticks", p.ticked, p.tasks, t("chartChecklist", { done: p.ticked, total: p.tasks })));
      row.appendChild(bar("quiz", p.right, p.questions, t("chartQuiz", { n: p.right, total: p.questions })));
      list.appendChild(row);
    });
    target.closest(".progress-chart").hidden = !list;
  }

  sb.learning = function (data) {
    try {
      var states = {};
      data.chapters.forEach(function (c) { states[c.page] = progress(c); });
      sb.learningStates = states;
      paintMap(states);
      mapKeys();
      nextUp(data, states);
      chart(data, states);
    } catch (e) { console.error(e); }
  };
})();
