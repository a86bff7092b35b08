import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The UI is bundled into ui/dist and served by Tauri from disk: no dev
// server at run time, no remote content, one CSS file (the CSP forbids
// inline styles in markup).
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 1500,
  },
  server: { strictPort: true, port: 5173 },
  // `vite preview` serves dist/ under the app's content security policy
  // (src-tauri/tauri.conf.json), so a violation shows up in a browser too.
  preview: {
    headers: {
      "Content-Security-Policy":
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ipc: http://ipc.localhost; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
