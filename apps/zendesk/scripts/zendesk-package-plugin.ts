import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Plugin } from "vite";
import { buildManifest, buildTranslations, serverUrlFromEnv } from "./manifest";

/**
 * Completes `dist/` into the layout Zendesk expects around Vite's `dist/assets/`:
 * `manifest.json`, `translations/*.json`, and the committed logos, nav-bar icon and screenshots.
 */
export function zendeskPackage(options: { appRoot: string }): Plugin {
  const staticDir = join(options.appRoot, "src", "static");
  // The package root is the parent of Vite's outDir (`dist/assets`), so builds can target elsewhere.
  let dist = join(options.appRoot, "dist");
  return {
    name: "tandem-zendesk-package",
    apply: "build",
    configResolved(config) {
      dist = dirname(resolve(config.root, config.build.outDir));
    },
    buildStart() {
      // Vite only empties dist/assets; stale manifests or translations must not survive.
      rmSync(dist, { recursive: true, force: true });
    },
    closeBundle() {
      const write = (path: string, data: string | Uint8Array) => {
        mkdirSync(dirname(join(dist, path)), { recursive: true });
        writeFileSync(join(dist, path), data);
      };
      write("manifest.json", `${JSON.stringify(buildManifest(serverUrlFromEnv()), null, 2)}\n`);
      for (const [locale, content] of Object.entries(buildTranslations())) {
        write(`translations/${locale}.json`, `${JSON.stringify(content, null, 2)}\n`);
      }
      for (const file of readdirSync(staticDir)) {
        if (file.endsWith(".svg") || /^(logo|logo-small|screenshot-\d)\.png$/.test(file)) {
          copyFileSync(join(staticDir, file), join(dist, "assets", file));
        }
      }
      if (!existsSync(join(dist, "assets", "iframe.html"))) {
        this.error("assets/iframe.html is missing from the build");
      }
    },
  };
}
