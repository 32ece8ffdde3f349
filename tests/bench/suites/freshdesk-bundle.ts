import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { BenchContext, Row } from "../lib";

const appDir = fileURLToPath(new URL("../../../apps/freshdesk", import.meta.url));
const BUDGET_KB = 200;

/** JS and CSS a page loads up front: its module script, modulepreloads and stylesheets. */
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

/** Freshdesk app: builds it and prints what the ticket sidebar downloads (budget 200 KB gzipped). */
export default async function freshdeskBundle(ctx: BenchContext) {
  const build = spawnSync("pnpm", ["--filter", "@tandem/freshdesk", "build"], {
    cwd: appDir,
    encoding: "utf8",
  });
  if (build.status !== 0)
    throw new Error(`freshdesk build failed:\n${build.stderr || build.stdout}`);
  const rows: Row[] = [];
  for (const page of ["ticket-sidebar", "full-page"]) {
    const html = join(appDir, "dist/app", `${page}.html`);
    if (!existsSync(html)) throw new Error(`${html} was not built`);
    const { js, css } = pageAssets(html);
    const jsGz = gz(js);
    rows.push({
      page,
      "JS files": js.length,
      "JS raw KB": kb(raw(js)),
      "JS gzip KB": kb(jsGz),
      "CSS gzip KB": kb(gz(css)),
      "budget KB": page === "ticket-sidebar" ? BUDGET_KB : "—",
      verdict: page === "ticket-sidebar" ? (kb(jsGz) <= BUDGET_KB ? "ok" : "OVER") : "—",
    });
  }
  const lazy = readdirSync(join(appDir, "dist/app/assets")).filter((file) => file.endsWith(".js"));
  rows.push({
    page: "all chunks (incl. lazy)",
    "JS files": lazy.length,
    "JS raw KB": kb(raw(lazy.map((f) => join(appDir, "dist/app/assets", f)))),
    "JS gzip KB": kb(gz(lazy.map((f) => join(appDir, "dist/app/assets", f)))),
    "CSS gzip KB": "—",
    "budget KB": "—",
    verdict: "—",
  });
  ctx.report("Freshdesk app bundle (what each placeholder page loads up front)", rows);
}
