import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchContext, buildApp, gzipBytes, kb, pageAssets, type Row, rawBytes } from "../lib";

const appDir = fileURLToPath(new URL("../../../apps/freshdesk", import.meta.url));
const BUDGET_KB = 110;

/**
 * Freshdesk app: builds it and prints what each page downloads at startup: its module script,
 * preloads and the agent's message catalog (a chunk of its own per locale; the largest is
 * counted). The ticket sidebar's budget is 110 KB gzipped.
 */
export default async function freshdeskBundle(ctx: BenchContext) {
  buildApp("freshdesk", appDir);
  const assetsDir = join(appDir, "dist/app/assets");
  const catalogs = readdirSync(assetsDir)
    .filter((file) => file.startsWith("locale-") && file.endsWith(".js"))
    .map((file) => join(assetsDir, file));
  if (catalogs.length === 0) throw new Error("no locale-*.js catalog chunks were built");
  const largestCatalog = catalogs.reduce((a, b) => (gzipBytes([a]) >= gzipBytes([b]) ? a : b));
  const rows: Row[] = [];
  for (const page of ["ticket-sidebar", "full-page"]) {
    const html = join(appDir, "dist/app", `${page}.html`);
    if (!existsSync(html)) throw new Error(`${html} was not built`);
    const { js: pageJs, css } = pageAssets(html);
    // The analytics page draws the shared dashboard, which has its own words: no catalog.
    const js = page === "ticket-sidebar" ? [...pageJs, largestCatalog] : pageJs;
    const jsGz = gzipBytes(js);
    rows.push({
      page,
      "JS files": js.length,
      "JS raw KB": kb(rawBytes(js)),
      "JS gzip KB": kb(jsGz),
      "CSS gzip KB": kb(gzipBytes(css)),
      "budget KB": page === "ticket-sidebar" ? BUDGET_KB : "—",
      verdict: page === "ticket-sidebar" ? (kb(jsGz) <= BUDGET_KB ? "ok" : "OVER") : "—",
    });
  }
  const lazy = readdirSync(assetsDir).filter((file) => file.endsWith(".js"));
  rows.push({
    page: "all chunks (incl. lazy)",
    "JS files": lazy.length,
    "JS raw KB": kb(rawBytes(lazy.map((f) => join(assetsDir, f)))),
    "JS gzip KB": kb(gzipBytes(lazy.map((f) => join(assetsDir, f)))),
    "CSS gzip KB": "—",
    "budget KB": "—",
    verdict: "—",
  });
  ctx.report("Freshdesk app bundle (what each page loads at startup)", rows);
}
