import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { crayonsOffline } from "./build/crayons-offline.ts";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Builds the two placeholder pages into dist/app, the folder `fdk pack` zips as `app/`.
 * Relative asset URLs because Freshworks serves the app from its own path.
 */
export default defineConfig({
  root: here("./app"),
  base: "./",
  plugins: [crayonsOffline(), react()],
  build: {
    outDir: here("./dist/app"),
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
    // The polyfill would fetch() module URLs itself; every browser Freshdesk supports has it.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        "ticket-sidebar": here("./app/ticket-sidebar.html"),
        "full-page": here("./app/full-page.html"),
      },
    },
  },
});
