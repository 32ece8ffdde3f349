import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Hono } from "hono";
import type { AppEnv } from "../types";

/**
 * The analytics dashboard page. The page itself is public and holds no data: it asks for an
 * installation token (or takes it from the URL fragment) and reads the analytics API with it.
 * The script is the shared dashboard component, bundled once on first request and cached.
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

/** Bundles `@tandem/dashboard/page` for the browser (once per process). */
export function dashboardBundle(): Promise<string> {
  bundle ??= build({
    stdin: {
      contents: 'import "@tandem/dashboard/page";',
      resolveDir: dirname(fileURLToPath(import.meta.url)),
      loader: "ts",
    },
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2020",
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  })
    .then((result) => result.outputFiles[0]?.text ?? "")
    .catch((err: unknown) => {
      bundle = null;
      throw err;
    });
  return bundle;
}

export const dashboardRoutes = new Hono<AppEnv>()
  .get("/dashboard", (c) => {
    c.header("content-security-policy", CSP);
    c.header("cache-control", "no-cache");
    return c.html(PAGE);
  })
  .get("/dashboard/app.js", async (c) => {
    const script = await dashboardBundle();
    c.header("content-type", "text/javascript; charset=utf-8");
    c.header("cache-control", "no-cache");
    return c.body(script);
  });
