import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { crayonsOffline } from "./build/crayons-offline.ts";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * React's API from Preact (`preact/compat`): Crayons' React wrappers and our components run
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

/**
 * Builds the two placeholder pages into dist/app, the folder `fdk pack` zips as `app/`.
 * Relative asset URLs because Freshworks serves the app from its own path.
 */
export default defineConfig({
  root: here("./app"),
  base: "./",
  plugins: [crayonsOffline(), react()],
  resolve: { alias: preactAliases },
  build: {
    outDir: here("./dist/app"),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    // The polyfill would fetch() module URLs itself; every browser Freshdesk supports has it.
    modulePreload: { polyfill: false },
    rollupOptions: {
      // Catalogs are named for the bench, which counts the one an agent loads at startup.
      output: {
        chunkFileNames: (chunk) =>
          chunk.facadeModuleId?.includes("/locales/")
            ? "assets/locale-[name]-[hash].js"
            : "assets/[name]-[hash].js",
      },
      input: {
        "ticket-sidebar": here("./app/ticket-sidebar.html"),
        "full-page": here("./app/full-page.html"),
      },
    },
  },
});
