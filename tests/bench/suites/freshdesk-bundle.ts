import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchContext, buildApp, gzipBytes, kb, pageAssets, type Row, rawBytes } from "../lib";

const appDir = fileURLToPath(new URL("../../../apps/freshdesk", import.meta.url));
const BUDGET_KB = 200;

/** Freshdesk app: builds it and prints what the ticket sidebar downloads (budget 200 KB gzipped). */
export default async function freshdeskBundle(ctx: BenchContext) {
  buildApp("freshdesk", appDir);
  const rows: Row[] = [];
  for (const page of ["ticket-sidebar", "full-page"]) {
    const html = join(appDir, "dist/app", `${page}.html`);
    if (!existsSync(html)) throw new Error(`${html} was not built`);
    const { js, css } = pageAssets(html);
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
  const lazy = readdirSync(join(appDir, "dist/app/assets")).filter((file) => file.endsWith(".js"));
  rows.push({
    page: "all chunks (incl. lazy)",
    "JS files": lazy.length,
    "JS raw KB": kb(rawBytes(lazy.map((f) => join(appDir, "dist/app/assets", f)))),
    "JS gzip KB": kb(gzipBytes(lazy.map((f) => join(appDir, "dist/app/assets", f)))),
    "CSS gzip KB": "—",
    "budget KB": "—",
    verdict: "—",
  });
  ctx.report("Freshdesk app bundle (what each placeholder page loads up front)", rows);
}
