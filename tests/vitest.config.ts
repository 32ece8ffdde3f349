import { defineConfig } from "vitest/config";

/** Browser end-to-end tests: one Chromium and one server per file, files one after another (2 cores). */
export default defineConfig({
  test: {
    name: "e2e",
    root: import.meta.dirname,
    include: ["e2e/**/*.e2e.test.ts"],
    globalSetup: [
      "e2e/global-setup.ts",
      "../shared/dashboard/build.mjs",
      // One migrated PGlite data directory that each file's server starts from (a copy).
      "../server/src/test/pglite-template.ts",
    ],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
