import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchContext, buildApp, gzipBytes, kb, pageAssets, type Row, rawBytes } from "../lib";

const appDir = fileURLToPath(new URL("../../../apps/zendesk", import.meta.url));
const assetsDir = join(appDir, "dist/assets");
const BUDGET_KB = 110;

/**
 * Zendesk app: what the ticket sidebar iframe downloads at startup (budget 110 KB gzipped): the
 * entry, its preloads and the agent's message catalog (a chunk of its own per locale; the largest
 * is counted). Builds first when dist/ is missing, or always with BENCH_REBUILD=1.
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
  const jsFiles = readdirSync(assetsDir).filter((file) => file.endsWith(".js"));
  const allJs = jsFiles.map((file) => join(assetsDir, file));
  const catalogs = jsFiles.filter((file) => file.startsWith("locale-"));
  if (catalogs.length === 0) throw new Error("no locale-*.js catalog chunks were built");
  const largestCatalog = catalogs
    .map((file) => join(assetsDir, file))
    .reduce((a, b) => (gzipBytes([a]) >= gzipBytes([b]) ? a : b));
  const startup = [...js, largestCatalog];
  const startupGz = gzipBytes(startup);
  const rows: Row[] = [
    {
      what: "sidebar entry (app.js)",
      files: 1,
      "raw KB": kb(rawBytes([entry])),
      "gzip KB": kb(entryGz),
      "budget KB": "—",
      verdict: "—",
    },
    {
      what: "iframe up front (JS + preloads)",
      files: js.length,
      "raw KB": kb(rawBytes(js)),
      "gzip KB": kb(upfrontGz),
      "budget KB": "—",
      verdict: "—",
    },
    {
      what: "sidebar at startup (+ largest catalog)",
      files: startup.length,
      "raw KB": kb(rawBytes(startup)),
      "gzip KB": kb(startupGz),
      "budget KB": BUDGET_KB,
      verdict: kb(startupGz) <= BUDGET_KB ? "ok" : "OVER",
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
      what: "all JS (incl. every catalog, lazy nav-bar analytics)",
      files: allJs.length,
      "raw KB": kb(rawBytes(allJs)),
      "gzip KB": kb(gzipBytes(allJs)),
      "budget KB": "—",
      verdict: "—",
    },
  ];
  ctx.report("Zendesk app bundle (ticket sidebar iframe)", rows);
}
