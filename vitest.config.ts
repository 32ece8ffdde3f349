import { existsSync } from "node:fs";
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
    // The server serves the dashboard script built at build time (atomic write: safe twice).
    globalSetup: [`${import.meta.dirname}/shared/dashboard/build.mjs`],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

const appProjects = ["apps/zendesk", "apps/freshdesk"].filter((dir) =>
  existsSync(`${dir}/vitest.config.ts`),
);

export default defineConfig({
  test: {
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
