import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { BenchContext, Row } from "../lib";

const appDir = fileURLToPath(new URL("../../../apps/zendesk", import.meta.url));
const assetsDir = join(appDir, "dist/assets");
const BUDGET_KB = 200;

/** JS and CSS the iframe loads up front: its module script, modulepreloads and stylesheets. */
function pageAssets(htmlPath: string): { js: string[]; css: string[] } {
  const html = readFileSync(htmlPath, "utf8");
  const refs = (pattern: RegExp) =>
    [...html.matchAll(pattern)].map((match) => join(dirname(htmlPath), match[1] ?? ""));
  return {
    js: [
      ...refs(/<script\b[^>]*type="module"[^>]*src="([^"]+)"/g),
      ...refs(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
    ],
    css: refs(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g),
  };
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const gz = (files: string[]) =>
  files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
const raw = (files: string[]) => files.reduce((sum, file) => sum + statSync(file).size, 0);

/**
 * Zendesk app: what the ticket sidebar iframe downloads (budget 200 KB gzipped). Builds first
 * when dist/ is missing, or always with BENCH_REBUILD=1.
 */
export default async function zendeskBundle(ctx: BenchContext) {
  const html = join(assetsDir, "iframe.html");
  if (!existsSync(html) || process.env.BENCH_REBUILD === "1") {
    const build = spawnSync("pnpm", ["--filter", "@tandem/zendesk", "build"], {
      cwd: appDir,
      encoding: "utf8",
    });
    if (build.status !== 0)
      throw new Error(`zendesk build failed:\n${build.stderr || build.stdout}`);
  }
  const { js, css } = pageAssets(html);
  const entry = join(assetsDir, "app.js");
  const entryGz = gz([entry]);
  const upfrontGz = gz(js);
  const allJs = readdirSync(assetsDir)
    .filter((file) => file.endsWith(".js"))
    .map((file) => join(assetsDir, file));
  const rows: Row[] = [
    {
      what: "sidebar entry (app.js)",
      files: 1,
      "raw KB": kb(raw([entry])),
      "gzip KB": kb(entryGz),
      "budget KB": BUDGET_KB,
      verdict: kb(entryGz) <= BUDGET_KB ? "ok" : "OVER",
    },
    {
      what: "iframe up front (JS + preloads)",
      files: js.length,
      "raw KB": kb(raw(js)),
      "gzip KB": kb(upfrontGz),
      "budget KB": BUDGET_KB,
      verdict: kb(upfrontGz) <= BUDGET_KB ? "ok" : "OVER",
    },
    {
      what: "CSS up front",
      files: css.length,
      "raw KB": kb(raw(css)),
      "gzip KB": kb(gz(css)),
      "budget KB": "—",
      verdict: "—",
    },
    {
      what: "all JS (incl. lazy nav-bar analytics)",
      files: allJs.length,
      "raw KB": kb(raw(allJs)),
      "gzip KB": kb(gz(allJs)),
      "budget KB": "—",
      verdict: "—",
    },
  ];
  ctx.report("Zendesk app bundle (ticket sidebar iframe)", rows);
}
