// ESLint for the theme's scripts and the live-reload client: plain ES2017 (plus the dynamic
// import() that loads Pagefind) run in the browser as classic scripts, no modules and no build
// step. Run with `npm run lint`.
import js from "@eslint/js";

const browser = Object.fromEntries(
  [
    "window", "document", "location", "navigator", "localStorage", "console", "getComputedStyle",
    "setTimeout", "clearTimeout", "URL", "URLSearchParams", "Blob", "Node", "NodeFilter", "Event",
    "EventSource", "fetch", "XMLHttpRequest", "history", "performance", "sessionStorage",
    "requestAnimationFrame", "matchMedia", "AbortController"
  ].map((name) => [name, "readonly"])
);

export default [
  js.configs.recommended,
  {
    files: ["themes/default/assets/**/*.js", "src/serve/live.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: browser
    },
    rules: {
      "no-var": "off",
      "no-empty": ["error", { allowEmptyCatch: true }],
      "eqeqeq": ["error", "always", { null: "ignore" }],
      "no-implicit-globals": "error",
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
      "strict": ["error", "function"]
    }
  }
];
