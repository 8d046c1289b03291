/* Hidden lines in code blocks (mdBook's `# ` lines in Rust, `hidelines` prefixes elsewhere):
   each <pre class="has-hidden"> gets a toggle button before it (and before its copy button's wrapper). The button is a real <button>
   with aria-pressed, so it works with the keyboard and tells screen readers its state; the
   hidden lines are <span class="boring">, hidden by CSS until the block has class show-hidden. */
(function () {
  "use strict";
  var strings = {};
  try {
    strings = JSON.parse(document.getElementById("skillbook-strings").textContent);
  } catch (e) { /* defaults below */ }
  var label = strings.showHiddenLines || "Show hidden lines";
  var blocks = document.querySelectorAll("pre.has-hidden");
  for (var i = 0; i < blocks.length; i++) {
    (function (pre) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "code-toggle";
      button.textContent = label;
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () {
        var shown = pre.classList.toggle("show-hidden");
        button.setAttribute("aria-pressed", shown ? "true" : "false");
      });
      // Above the block's wrapper when skillbook.js has wrapped it already, so the toggle never
      // sits under the wrapper's copy button.
      var block = pre.parentNode.classList.contains("code-block") ? pre.parentNode : pre;
      block.parentNode.insertBefore(button, block);
    })(blocks[i]);
  }
})();
