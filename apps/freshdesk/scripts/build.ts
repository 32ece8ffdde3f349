/**
 * Builds the app into dist/ in the layout `fdk pack` zips: manifest.json, README.md, config/ and
 * the Vite-built app/ pages. The sources of those files live at the package root.
 */
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "vite";

export const appRoot = fileURLToPath(new URL("..", import.meta.url));
export const distDir = fileURLToPath(new URL("../dist", import.meta.url));

export async function buildApp(options: { quiet?: boolean } = {}): Promise<string> {
  rmSync(distDir, { recursive: true, force: true });
  mkdirSync(distDir, { recursive: true });
  await build({
    configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)),
    logLevel: options.quiet ? "error" : "info",
  });
  cpSync(`${appRoot}/manifest.json`, `${distDir}/manifest.json`);
  cpSync(`${appRoot}/README.md`, `${distDir}/README.md`);
  cpSync(`${appRoot}/config`, `${distDir}/config`, { recursive: true });
  return distDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildApp();
}
