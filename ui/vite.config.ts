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
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
