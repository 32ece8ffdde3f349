#!/usr/bin/env node
// Bundles the server's /dashboard page script (src/page.ts) for the browser into
// dist/dashboard.js, once at build time. `pnpm start`, `pnpm serve` and the test run call it;
// its default export doubles as a vitest globalSetup.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
/** Keep in step with src/bundle-path.ts (what the server reads). */
const bundleFile = join(here, "dist", "dashboard.js");

export default async function buildDashboard() {
  const result = await build({
    entryPoints: [join(here, "src", "page.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2020",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
  mkdirSync(dirname(bundleFile), { recursive: true });
  // Written aside and renamed, so a running server or a parallel build never reads half a file.
  const partial = `${bundleFile}.${process.pid}.tmp`;
  writeFileSync(partial, result.outputFiles[0]?.text ?? "");
  renameSync(partial, bundleFile);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildDashboard();
}
