import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const postgres = process.env.TEST_DATABASE_URL;

/** Integration tests (`*.int.test.ts`) run once on PGlite and, when configured, on PostgreSQL. */
const integration = (db: "pglite" | "postgres") => ({
  extends: true as const,
  test: {
    name: `server-${db}`,
    root: "server",
    include: ["src/**/*.int.test.ts"],
    env: { TANDEM_TEST_DB: db },
    globalSetup: [
      // The server serves the dashboard script built at build time (atomic write: safe twice).
      `${import.meta.dirname}/shared/dashboard/build.mjs`,
      // One migrated PGlite data directory that every test database copies (server/src/test).
      ...(db === "pglite" ? [`${import.meta.dirname}/server/src/test/pglite-template.ts`] : []),
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

const appProjects = ["apps/zendesk", "apps/freshdesk"].filter((dir) =>
  existsSync(`${dir}/vitest.config.ts`),
);

export default defineConfig({
  test: {
    // vitest's default (one worker fewer than the cores) is a single worker on a 2-core CI
    // machine, where the run then used about one core: test files wait on PGlite, servers, child
    // processes and timers. Two workers on two cores took the PGlite project from 198 s to 137 s.
    // The browser suite (fileParallelism: false) still runs alone, after everything else.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          root: "shared",
          include: ["src/**/*.test.ts", "*/src/**/*.test.ts"],
          // The sidebar's non-English catalogs are lazy chunks; tests read them synchronously.
          setupFiles: ["sidebar/testing/load-locales.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "server-unit",
          root: "server",
          include: ["src/**/*.test.ts"],
          exclude: ["src/**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      integration("pglite"),
      ...(postgres ? [integration("postgres")] : []),
      ...appProjects,
      {
        extends: true,
        test: {
          name: "sdk",
          root: "tests",
          include: ["src/**/*.int.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...(existsSync("tests/vitest.config.ts") ? ["tests"] : []),
    ],
  },
});
