/* skillbook quizzes: feedback per question or at the end, score, retry, reset, answers saved in
   localStorage under the quiz id and a hash of its content. Loaded only on pages with quizzes;
   needs core.js. Plain ES2017. */
(function () {
  "use strict";
  var sb = window.skillbook;
  if (!sb) return;
  var t = sb.t, store = sb.store, el = sb.el;
  function norm(s) { return String(s || "").trim().replace(/\s+/g, " ").toLowerCase(); }
  function lines(s) { return String(s || "").replace(/\r/g, "").split("\n").map(function (l) { return l.replace(/\s+$/, ""); }).join("\n").trim(); }
  // A 32-bit hash of a string: FNV-1a, then a final mix so that strings differing only in their
  // last characters still get unrelated hashes.
  function hash(s) {
    var h = 2166136261;
    for (var i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
    return h >>> 0;
  }
  // A small seeded generator (mulberry32): the same seed gives the same numbers in [0, 1).
  function generator(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) | 0;
      var x = Math.imul(a ^ (a >>> 15), a | 1);
      x = (x + Math.imul(x ^ (x >>> 7), x | 61)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
  }

  // A stable per-reader option order: a Fisher-Yates shuffle (every order equally likely) driven
  // by the reader's random seed, kept in localStorage, and the question's id.
  function shuffle(q) {
    var ul = q.querySelector(".quiz-options");
    if (!ul || ul.dataset.sorted === "true") return;
    var seed = store.get("seed");
    if (!seed) { seed = String(Math.random()).slice(2); store.set("seed", seed); }
    var next = generator(hash(String(seed) + "\n" + q.dataset.id));
    var items = Array.prototype.slice.call(ul.children).sort(function (a, b) {
      return +a.querySelector("input").value - +b.querySelector("input").value;
    });
    for (var i = items.length - 1; i > 0; i--) {
      var j = Math.floor(next() * (i + 1)), swap = items[i];
      items[i] = items[j];
      items[j] = swap;
    }
    items.forEach(function (li) { ul.appendChild(li); });
  }

  function read(q) {
    var type = q.dataset.type;
    if (type === "MultipleChoice") {
      var v = [];
      q.querySelectorAll(".quiz-options input:checked").forEach(function (i) { v.push(+i.value); });
      return v.length ? v : null;
    }
    if (type === "ShortAnswer") {
      var s = q.querySelector(".quiz-text").value;
      return s.trim() ? s : null;
    }
    var c = q.querySelector(".quiz-tracing input[type=radio]:checked");
    if (!c) return null;
    return { c: c.value === "true", out: q.querySelector("textarea").value, line: q.querySelector(".quiz-line").value };
  }

  function write(q, v) {
    var type = q.dataset.type;
    if (type === "MultipleChoice") {
      q.querySelectorAll(".quiz-options input").forEach(function (i) { i.checked = v.indexOf(+i.value) >= 0; });
    } else if (type === "ShortAnswer") {
      q.querySelector(".quiz-text").value = v;
    } else {
      q.querySelectorAll(".quiz-tracing input[type=radio]").forEach(function (i) { i.checked = (i.value === "true") === v.c; });
      q.querySelector("textarea").value = v.out || "";
      q.querySelector(".quiz-line").value = v.line || "";
    }
  }

  function correct(q, v) {
    var type = q.dataset.type;
    if (type === "MultipleChoice") {
      var right = [];
      q.querySelectorAll(".quiz-options input").forEach(function (i) { if (i.dataset.correct) right.push(+i.value); });
      return right.length === v.length && right.every(function (r) { return v.indexOf(r) >= 0; });
    }
    if (type === "ShortAnswer") {
      return q.querySelector(".quiz-accepted").content.textContent.split("\u001f").some(function (a) { return norm(a) === norm(v); });
    }
    var tr = q.querySelector(".quiz-tracing"), compiles = tr.dataset.compiles === "true";
    if (v.c !== compiles) return false;
    if (compiles) return lines(v.out) === lines(tr.dataset.stdout);
    return !tr.dataset.line || +v.line === +tr.dataset.line;
  }

  function setDisabled(q, off) {
    q.querySelectorAll("fieldset input, fieldset textarea").forEach(function (i) { i.disabled = off; });
  }

  // Marks the reader's choice and the right answer with text, not colour alone, and shows the explanation.
  function show(q, v, ok) {
    clear(q);
    q.classList.add("answered", ok ? "is-correct" : "is-incorrect");
    setDisabled(q, true);
    if (q.dataset.type === "MultipleChoice") {
      q.querySelectorAll(".quiz-options li").forEach(function (li) {
        var i = li.querySelector("input"), mine = v.indexOf(+i.value) >= 0, right = !!i.dataset.correct;
        var badges = el("span", "quiz-badges");
        if (mine) { li.classList.add("chosen"); badges.appendChild(el("span", "quiz-badge badge-mine", t("yourAnswer"))); }
        if (right) { li.classList.add("right"); badges.appendChild(el("span", "quiz-badge badge-right", t("correctAnswer"))); }
        if (badges.firstChild) li.querySelector("label").appendChild(badges);
        if (mine && !right) li.classList.add("wrong");
        var why = li.querySelector(".quiz-option-explanation");
        if (why && (mine || right)) why.hidden = false;
      });
    }
    var box = el("div", "quiz-feedback");
    box.appendChild(el("p", "quiz-verdict", ok ? "\u2713 " + t("correct") : "\u2717 " + t("incorrect")));
    // A wrong short or tracing answer shows the right one: the solution line and, for a program
    // that runs, the output it prints.
    if (!ok && q.dataset.type !== "MultipleChoice") {
      Array.prototype.forEach.call(q.querySelectorAll(".quiz-answer-body > :not(.quiz-context)"), function (n) { box.appendChild(n.cloneNode(true)); });
    }
    var ctx = q.querySelector(".quiz-answer-body > .quiz-context");
    if (ctx) box.appendChild(ctx.cloneNode(true));
    q.appendChild(box);
  }

  function clear(q) {
    q.classList.remove("answered", "is-correct", "is-incorrect");
    q.querySelectorAll(".quiz-badges, .quiz-feedback").forEach(function (b) { b.remove(); });
    q.classList.remove("quiz-missing");
    say(q, "");
    q.querySelectorAll(".quiz-options li").forEach(function (li) {
      li.classList.remove("chosen", "right", "wrong");
      var why = li.querySelector(".quiz-option-explanation");
      if (why) why.hidden = true;
    });
    setDisabled(q, false);
  }

  // A visible message under a question's controls (also read out by screen readers).
  function say(q, text) {
    var m = q.querySelector(".quiz-message");
    if (!m) {
      if (!text) return;
      m = el("p", "quiz-message");
      m.setAttribute("role", "status");
      (q.querySelector(".quiz-actions") || q.querySelector("fieldset")).after(m);
    }
    m.textContent = text;
    m.hidden = !text;
  }

  // Typing an output chooses "It runs; it prints", typing a line "It fails, at line".
  function tracing(q) {
    var pick = function (value) {
      return function (e) {
        if (!e.target.value) return;
        var radio = q.querySelector(".quiz-tracing input[type=radio][value=" + value + "]");
        if (radio && !radio.checked) { radio.checked = true; radio.dispatchEvent(new Event("change", { bubbles: true })); }
      };
    };
    var out = q.querySelector(".quiz-tracing textarea"), line = q.querySelector(".quiz-line");
    if (out) out.addEventListener("input", pick("true"));
    if (line) line.addEventListener("input", pick("false"));
  }

  function setup(form) {
    var key = sb.key.quiz(sb.pageOf(form), form.dataset.quiz), hashv = form.dataset.hash;
    var end = form.dataset.feedback === "end";
    var qs = Array.prototype.slice.call(form.querySelectorAll(".quiz-question"));
    var saved = store.obj(key);
    if (!sb.shape.quiz(saved) || saved.hash !== hashv) { store.remove(key); saved = { hash: hashv, answers: {} }; }
    var state = saved;
    var live = el("p", "visually-hidden");
    live.setAttribute("aria-live", "polite");
    form.classList.add("quiz-js");

    var footer = el("div", "quiz-footer");
    var score = el("p", "quiz-score");
    var notice = el("p", "quiz-message quiz-notice");
    notice.setAttribute("role", "status");
    notice.hidden = true;
    var submit = el("button", "quiz-button quiz-submit", t("submit"));
    var retry = el("button", "quiz-button quiz-retry", t("retry"));
    var reset = el("button", "quiz-button quiz-reset", t("reset"));
    [submit, retry, reset].forEach(function (b) { b.type = "button"; });
    footer.appendChild(score);
    footer.appendChild(notice);
    if (end) footer.appendChild(submit);
    footer.appendChild(retry);
    footer.appendChild(reset);
    form.appendChild(footer);
    form.appendChild(live);

    function save() { store.set(key, state); }
    function total() {
      var n = 0, right = 0;
      qs.forEach(function (q, i) { var a = state.answers[i]; if (a && a.checked) { n++; if (a.ok) right++; } });
      return { n: n, right: right };
    }
    function refresh() {
      var s = total(), all = s.n === qs.length;
      score.textContent = s.n ? t("score", { n: s.right, total: qs.length }) : "";
      retry.hidden = !(all && s.right < qs.length);
      reset.hidden = !s.n && !Object.keys(state.answers).length;
      submit.hidden = !end || all;
    }
    // The questions without an answer, checked or not.
    function blank() {
      return qs.filter(function (q) { return !q.classList.contains("answered") && read(q) == null; });
    }
    // Once shown, "n left" follows the reader's answers; it goes when none are left.
    function recount() {
      if (notice.hidden) return;
      var n = blank().length;
      if (!n) { notice.textContent = ""; notice.hidden = true; return; }
      var text = t("unanswered", { n: n });
      if (notice.textContent !== text) notice.textContent = text;
    }
    function check(q, i, quiet) {
      var v = read(q);
      if (v == null) {
        if (!quiet) { say(q, t("chooseFirst")); q.classList.add("quiz-missing"); }
        return false;
      }
      var ok = correct(q, v);
      state.answers[i] = { v: v, ok: ok, checked: true };
      show(q, v, ok);
      // The inputs are now disabled: keep keyboard focus on the result instead of losing it.
      var box = q.querySelector(".quiz-feedback");
      if (box && !quiet) { box.tabIndex = -1; box.focus(); }
      if (!quiet) live.textContent = t("question", { n: i + 1 }) + ": " + t(ok ? "correct" : "incorrect");
      return true;
    }

    qs.forEach(function (q, i) {
      shuffle(q);
      if (q.dataset.type === "Tracing") tracing(q);
      if (!end) {
        var actions = el("div", "quiz-actions"), b = el("button", "quiz-button quiz-check", t("check"));
        b.type = "button";
        b.addEventListener("click", function () { if (check(q, i)) { save(); refresh(); } });
        actions.appendChild(b);
        q.querySelector("fieldset").after(actions);
      }
      var remember = function () {
        if (q.classList.contains("answered")) return;
        var v = read(q);
        if (v != null && q.classList.contains("quiz-missing")) { q.classList.remove("quiz-missing"); say(q, ""); }
        state.answers[i] = v == null ? undefined : { v: v, checked: false };
        save();
        if (end) recount();
      };
      q.addEventListener("change", remember);
      q.addEventListener("input", remember);
      var a = state.answers[i];
      if (a) {
        try {
          if (q.dataset.type === "MultipleChoice" ? !Array.isArray(a.v) : q.dataset.type === "ShortAnswer" ? typeof a.v !== "string" : !sb.isObject(a.v)) throw new Error("stale answer");
          write(q, a.v);
          if (a.checked) show(q, a.v, !!a.ok);
        } catch (e) { delete state.answers[i]; clear(q); }
      }
    });

    submit.addEventListener("click", function () {
      var missing = blank();
      qs.forEach(function (q) { q.classList.toggle("quiz-missing", missing.indexOf(q) >= 0); say(q, missing.indexOf(q) >= 0 ? t("notAnswered") : ""); });
      if (missing.length) {
        notice.textContent = t("unanswered", { n: missing.length });
        notice.hidden = false;
        var first = missing[0].querySelector("input, textarea");
        if (first) first.focus();
        return;
      }
      notice.textContent = "";
      notice.hidden = true;
      qs.forEach(function (q, i) { if (!q.classList.contains("answered")) check(q, i, true); });
      save();
      refresh();
      var s = total();
      live.textContent = t("score", { n: s.right, total: qs.length });
      // The button is now hidden: keep keyboard focus in the quiz, on its result.
      score.tabIndex = -1;
      score.focus();
    });
    retry.addEventListener("click", function () {
      var first;
      qs.forEach(function (q, i) {
        var a = state.answers[i];
        if (a && a.checked && !a.ok) { delete state.answers[i]; clear(q); write(q, q.dataset.type === "MultipleChoice" ? [] : q.dataset.type === "ShortAnswer" ? "" : {}); first = first || q; }
      });
      save();
      refresh();
      if (first) first.querySelector("input, textarea").focus();
    });
    reset.addEventListener("click", function () {
      state = { hash: hashv, answers: {} };
      store.remove(key);
      qs.forEach(function (q) { clear(q); write(q, q.dataset.type === "MultipleChoice" ? [] : q.dataset.type === "ShortAnswer" ? "" : {}); });
      notice.hidden = true;
      refresh();
      live.textContent = t("cleared");
      qs[0].querySelector("input, textarea").focus();
    });
    // Enter in a text field (or a submit from the keyboard) checks the question it is in.
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = document.activeElement && document.activeElement.closest(".quiz-question");
      if (q && !end) q.querySelector(".quiz-check").click();
    });
    form.addEventListener("keydown", function (e) {
      var q = e.target.closest && e.target.closest(".quiz-question");
      if (e.key === "Enter" && q && e.target.matches("input") && !end) { e.preventDefault(); q.querySelector(".quiz-check").click(); }
    });
    refresh();
  }

  document.querySelectorAll("form.quiz").forEach(function (f) {
    try { setup(f); } catch (e) { console.error(e); }
  });
})();
