/**
 * `pnpm package`: builds, validates, and zips dist/ like `fdk pack` does (manifest.json at the
 * archive root, no `./` prefix) into package/tandem-freshdesk-<version>.zip.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { appRoot, buildApp } from "./build";
import { validatePackage } from "./validate-package";

function files(dir: string, base = dir): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, files(path, base));
    else out[relative(base, path).split("\\").join("/")] = readFileSync(path);
  }
  return out;
}

export async function packageApp(options: { quiet?: boolean } = {}): Promise<string> {
  const dist = await buildApp(options);
  const findings = validatePackage(dist);
  if (findings.length > 0) {
    const lines = findings.map((f) => `[${f.rule}] ${f.file}: ${f.message}`).join("\n");
    throw new Error(`The package is not valid:\n${lines}`);
  }
  const { version } = JSON.parse(readFileSync(join(appRoot, "package.json"), "utf8")) as {
    version: string;
  };
  const outDir = join(appRoot, "package");
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `tandem-freshdesk-${version}.zip`);
  // Fixed timestamps keep the archive byte-identical between builds of the same code.
  const mtime = new Date("2025-01-01T00:00:00Z");
  writeFileSync(zipPath, zipSync(files(dist), { level: 9, mtime }));
  return zipPath;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const zip = await packageApp();
  console.log(`✓ ${zip}`);
}
