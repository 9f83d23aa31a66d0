import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Run from ui/ (the root). The Fluent files live in ../locales, shared with the Rust side,
// so the dev server must be allowed to read the parent directory.
export default defineConfig({
  base: "./",
  plugins: [react()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    fs: { allow: [".", ".."] },
  },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The app loads from disk, not the network: one ~500 kB chunk at startup is fine (the
    // desk's charting library is split off, loaded when the desk opens).
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
