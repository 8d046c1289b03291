/* skillbook checklists: ticks saved in localStorage per page, progress per checklist (and, through
   the sidebar, per chapter), reset, and printing a single checklist. Loaded only on pages with
   checklists; needs core.js. Plain ES2017. */
(function () {
  "use strict";
  var sb = window.skillbook;
  if (!sb) return;
  var t = sb.t, store = sb.store, body = document.body, el = sb.el, pageOf = sb.pageOf;
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.task[data-task]"));

  function saved(page) { var m = store.get(sb.key.tasks(page)); return sb.shape.tasks(m) ? m : {}; }
  // The whole state of a page is written (items no longer on it drop out), so the sidebar and
  // the progress page can count it.
  function record(page) {
    var m = {};
    boxes.forEach(function (b) { if (pageOf(b) === page) m[b.dataset.task] = b.checked; });
    store.set(sb.key.tasks(page), m);
  }

  var pages = {};
  boxes.forEach(function (b) {
    var m = saved(pageOf(b));
    if (b.dataset.task in m) b.checked = !!m[b.dataset.task];
    pages[pageOf(b)] = 1;
  });
  Object.keys(pages).forEach(record);

  var lists = Array.prototype.slice.call(document.querySelectorAll(".checklist")).filter(function (l) {
    return !l.parentElement.closest(".checklist");
  });
  var bars = lists.map(function (list) {
    var bar = el("div", "checklist-bar");
    var count = el("span", "checklist-progress");
    count.setAttribute("aria-live", "polite");
    var reset = el("button", "checklist-button", t("resetChecklist"));
    var print = el("button", "checklist-button", t("printChecklist"));
    reset.type = print.type = "button";
    bar.appendChild(count);
    bar.appendChild(reset);
    bar.appendChild(print);
    list.after(bar);
    reset.addEventListener("click", function () {
      list.querySelectorAll("input.task").forEach(function (b) { b.checked = b.defaultChecked; });
      record(pageOf(list));
      update();
    });
    print.addEventListener("click", function () { printOnly(list); });
    return { list: list, count: count };
  });

  function update() {
    bars.forEach(function (b) {
      var all = b.list.querySelectorAll("input.task"), done = b.list.querySelectorAll("input.task:checked");
      b.count.textContent = t("progress", { done: done.length, total: all.length });
    });
    if (sb.sidebarProgress) sb.sidebarProgress();
  }

  // Prints one checklist and the nearest heading above it: copies of both go into a container
  // that the print stylesheet shows alone, wherever the list sits (callouts, blockquotes).
  function printOnly(list) {
    var box = el("div", "print-only chapter"), heading = null, all = document.querySelectorAll(".chapter h1, .chapter h2, .chapter h3, .chapter h4, .chapter h5, .chapter h6");
    all.forEach(function (h) { if (h.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING) heading = h; });
    if (heading) box.appendChild(heading.cloneNode(true));
    var copy = list.cloneNode(true), from = list.querySelectorAll("input"), to = copy.querySelectorAll("input");
    to.forEach(function (input, i) { input.checked = from[i].checked; input.removeAttribute("id"); });
    box.appendChild(copy);
    body.appendChild(box);
    body.classList.add("print-one");
    var done = function () {
      body.classList.remove("print-one");
      box.remove();
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    if (!sb.printing) window.print();
  }
  sb.printChecklist = printOnly;


  var withTicks = document.getElementById("print-with-ticks");
  if (withTicks) withTicks.addEventListener("change", function () { body.classList.toggle("print-blank", !withTicks.checked); });
  document.addEventListener("change", function (e) {
    var b = e.target;
    if (!b.matches || !b.matches("input.task[data-task]")) return;
    record(pageOf(b));
    update();
  });
  update();
})();
