import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules", "screenshots-tmp"] },
  {
    files: ["**/*.{js,mjs}"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      // The suite runs in Node; the functions it hands to `executeScript`
      // run in the app's window, so the browser's globals are known too.
      globals: { ...globals.node, ...globals.browser },
    },
  },
];
