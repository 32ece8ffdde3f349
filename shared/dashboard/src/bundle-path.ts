/**
 * The browser bundle of the server's /dashboard page (`src/page.ts`), written at build time by
 * `build.mjs`. The server reads it from here; it never bundles at run time.
 */
export const dashboardBundleUrl = new URL("../dist/dashboard.js", import.meta.url);

/** What builds it (root `pnpm start`, `pnpm serve` and `pnpm test` run it first). */
export const DASHBOARD_BUILD_COMMAND = "pnpm --filter @tandem/dashboard build";
