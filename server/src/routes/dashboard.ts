import { readFile } from "node:fs/promises";
import { DASHBOARD_BUILD_COMMAND, dashboardBundleUrl } from "@tandem/dashboard/bundle-path";
import { z } from "zod";
import { AppError } from "../errors";
import { defineRoute, openApiRouter } from "../openapi/route";

/**
 * The analytics dashboard page. The page itself is public and holds no data: it asks for an
 * installation token (or takes it from the URL fragment) and reads the analytics API with it.
 * The script is the shared dashboard component, bundled at build time (`@tandem/dashboard`
 * `build`) and read from disk once.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Tandem · Approval analytics</title>
<style>
  html, body { margin: 0; background: #f6f7f9; }
  .tandem-signin { max-width: 420px; margin: 10vh auto; display: flex; flex-direction: column; gap: 10px; }
  .tandem-signin input { font: inherit; padding: 8px; border: 1px solid var(--tandem-border, #dde2e8); border-radius: 6px; }
</style>
</head>
<body>
<main id="tandem-root" aria-live="polite"><p style="font-family: system-ui, sans-serif; padding: 16px">Loading the dashboard…</p></main>
<noscript>The analytics dashboard needs JavaScript.</noscript>
<script type="module" src="/dashboard/app.js"></script>
</body>
</html>`;

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join("; ");

let bundle: Promise<string> | null = null;

/** The built dashboard script, read once; a missing build is the operator's to fix (503). */
function dashboardScript(): Promise<string> {
  bundle ??= readFile(dashboardBundleUrl, "utf8").catch((err: unknown) => {
    bundle = null;
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new AppError(
        "UNAVAILABLE",
        `The dashboard script is not built: run \`${DASHBOARD_BUILD_COMMAND}\` (root \`pnpm start\`, \`pnpm serve\` and \`pnpm test\` run it first).`,
      );
    }
    throw err;
  });
  return bundle;
}

const page = defineRoute(
  { security: "none" },
  {
    method: "get",
    path: "/dashboard",
    summary: "The analytics dashboard page",
    hide: true,
    responses: { 200: { description: "Page", content: { "text/html": { schema: z.string() } } } },
  },
);

const script = defineRoute(
  { security: "none" },
  {
    method: "get",
    path: "/dashboard/app.js",
    summary: "The analytics dashboard page's script",
    hide: true,
    responses: {
      200: { description: "Script", content: { "text/javascript": { schema: z.string() } } },
      503: { description: "The dashboard is not built" },
    },
  },
);

export const dashboardRoutes = openApiRouter()
  .openapi(page, (c) => {
    c.header("content-security-policy", CSP);
    c.header("cache-control", "no-cache");
    return c.html(PAGE);
  })
  .openapi(script, async (c) => {
    const body = await dashboardScript();
    c.header("content-type", "text/javascript; charset=utf-8");
    c.header("cache-control", "no-cache");
    return c.body(body);
  });
