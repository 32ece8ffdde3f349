import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchContext, buildApp, gzipBytes, kb, pageAssets, type Row, rawBytes } from "../lib";

const appDir = fileURLToPath(new URL("../../../apps/zendesk", import.meta.url));
const assetsDir = join(appDir, "dist/assets");
const BUDGET_KB = 200;

/**
 * Zendesk app: what the ticket sidebar iframe downloads (budget 200 KB gzipped). Builds first
 * when dist/ is missing, or always with BENCH_REBUILD=1.
 */
export default async function zendeskBundle(ctx: BenchContext) {
  const html = join(assetsDir, "iframe.html");
  if (!existsSync(html) || process.env.BENCH_REBUILD === "1") {
    buildApp("zendesk", appDir);
  }
  const { js, css } = pageAssets(html);
  const entry = join(assetsDir, "app.js");
  const entryGz = gzipBytes([entry]);
  const upfrontGz = gzipBytes(js);
  const allJs = readdirSync(assetsDir)
    .filter((file) => file.endsWith(".js"))
    .map((file) => join(assetsDir, file));
  const rows: Row[] = [
    {
      what: "sidebar entry (app.js)",
      files: 1,
      "raw KB": kb(rawBytes([entry])),
      "gzip KB": kb(entryGz),
      "budget KB": BUDGET_KB,
      verdict: kb(entryGz) <= BUDGET_KB ? "ok" : "OVER",
    },
    {
      what: "iframe up front (JS + preloads)",
      files: js.length,
      "raw KB": kb(rawBytes(js)),
      "gzip KB": kb(upfrontGz),
      "budget KB": BUDGET_KB,
      verdict: kb(upfrontGz) <= BUDGET_KB ? "ok" : "OVER",
    },
    {
      what: "CSS up front",
      files: css.length,
      "raw KB": kb(rawBytes(css)),
      "gzip KB": kb(gzipBytes(css)),
      "budget KB": "—",
      verdict: "—",
    },
    {
      what: "all JS (incl. lazy nav-bar analytics)",
      files: allJs.length,
      "raw KB": kb(rawBytes(allJs)),
      "gzip KB": kb(gzipBytes(allJs)),
      "budget KB": "—",
      verdict: "—",
    },
  ];
  ctx.report("Zendesk app bundle (ticket sidebar iframe)", rows);
}
