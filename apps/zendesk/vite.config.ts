import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { zendeskPackage } from "./scripts/zendesk-package-plugin";

const appRoot = fileURLToPath(new URL(".", import.meta.url));

/**
 * React's API from Preact (`preact/compat`): Garden, styled-components and our components run
 * unchanged on a renderer a fraction of React DOM's size. Unit tests render with React; the
 * Chromium end-to-end tests run this Preact build.
 */
const preactAliases = {
  "react-dom/client": "preact/compat/client",
  "react-dom": "preact/compat",
  "react/jsx-runtime": "preact/jsx-runtime",
  "react/jsx-dev-runtime": "preact/jsx-runtime",
  react: "preact/compat",
};

export default defineConfig(({ command }) => ({
  root: fileURLToPath(new URL("./src", import.meta.url)),
  base: "./",
  publicDir: false,
  plugins: [react(), zendeskPackage({ appRoot })],
  resolve: { alias: preactAliases },
  // The package is always a production build, even when built from a test run (NODE_ENV=test).
  define: command === "build" ? { "process.env.NODE_ENV": JSON.stringify("production") } : {},
  build: {
    outDir: "../dist/assets",
    emptyOutDir: true,
    assetsDir: "",
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: fileURLToPath(new URL("./src/iframe.html", import.meta.url)),
      output: {
        // A stable entry name lets the bench and the end-to-end tests find the sidebar bundle.
        entryFileNames: "app.js",
        // Catalogs are named for the bench, which counts the one an agent loads at startup.
        chunkFileNames: (chunk) =>
          chunk.facadeModuleId?.includes("/locales/")
            ? "locale-[name]-[hash].js"
            : "[name]-[hash].js",
        assetFileNames: "[name]-[hash][extname]",
      },
    },
  },
}));
