/**
 * Zips `dist/` into the upload package (`package/tandem-zendesk-<version>.zip`, files at the zip
 * root as `zcli apps:package` makes them) after the offline validator passed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Zippable, zipSync } from "fflate";
import packageJson from "../package.json" with { type: "json" };
import { readPackageDir, readPackageZip, validatePackage } from "./validate";

export function createPackage(
  distDir: string,
  outDir: string,
): { path: string; bytes: Uint8Array } {
  const files = readPackageDir(distDir);
  const { errors, warnings } = validatePackage(files);
  for (const warning of warnings) console.warn(`warning: ${warning}`);
  if (errors.length > 0) {
    throw new Error(`The package is not valid:\n${errors.map((e) => `- ${e}`).join("\n")}`);
  }
  // Fixed timestamps keep the zip byte-identical for identical builds.
  const mtime = new Date("2020-01-01T00:00:00Z");
  const entries: Zippable = {};
  for (const [path, data] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    entries[path] = [data, { mtime }];
  }
  const bytes = zipSync(entries, { level: 9 });
  const zipErrors = validatePackage(readPackageZip(bytes)).errors;
  if (zipErrors.length > 0) throw new Error(`The zip is not valid: ${zipErrors.join("; ")}`);
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `tandem-zendesk-${packageJson.version}.zip`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const { path, bytes } = createPackage(join(root, "dist"), join(root, "package"));
  console.log(`${path} (${(bytes.length / 1024).toFixed(1)} KB)`);
}
