import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { zendeskPackage } from "./scripts/zendesk-package-plugin";

const appRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig(({ command }) => ({
  root: fileURLToPath(new URL("./src", import.meta.url)),
  base: "./",
  publicDir: false,
  plugins: [react(), zendeskPackage({ appRoot })],
  // The package is always a production build, even when built from a test run (NODE_ENV=test).
  define: command === "build" ? { "process.env.NODE_ENV": JSON.stringify("production") } : {},
  build: {
    outDir: "../dist/assets",
    emptyOutDir: true,
    assetsDir: "",
    target: "es2020",
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: fileURLToPath(new URL("./src/iframe.html", import.meta.url)),
      output: {
        // A stable entry name lets the bench and the end-to-end tests find the sidebar bundle.
        entryFileNames: "app.js",
        chunkFileNames: "[name]-[hash].js",
        assetFileNames: "[name]-[hash][extname]",
      },
    },
  },
}));
