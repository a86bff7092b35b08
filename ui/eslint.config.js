import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "src/bindings"] },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Views load data in effects and store it when the promise resolves;
      // the rule cannot tell that from a synchronous setState loop.
      "react-hooks/set-state-in-effect": "off",
      // Only the backend module may talk to Tauri.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@tauri-apps/*"],
              message: "Import from src/backend instead: it is the one module that talks to Tauri.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/backend/**/*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
