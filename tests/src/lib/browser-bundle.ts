import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const cache = new Map<string, Promise<string>>();

/** Bundles a browser entry of the simulators (TypeScript) into one IIFE script, once per process. */
export function bundleBrowserScript(entry: string): Promise<string> {
  let pending = cache.get(entry);
  if (!pending) {
    pending = build({
      entryPoints: [entry],
      bundle: true,
      format: "iife",
      platform: "browser",
      target: "chrome110",
      write: false,
      minify: false,
      legalComments: "inline",
    }).then((result) => result.outputFiles[0]?.text ?? "");
    cache.set(entry, pending);
  }
  return pending;
}

/** Zendesk's CDN URL for the ZAF SDK: app pages load it, we serve a local copy for it. */
export const ZAF_SDK_CDN_URL =
  "https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js";

/**
 * The ZAF SDK from the npm package (CommonJS) as a browser script that sets `window.ZAFClient`,
 * like the CDN build does.
 */
export function zafSdkScript(): Promise<string> {
  const key = "zaf-sdk";
  let pending = cache.get(key);
  if (!pending) {
    const require = createRequire(import.meta.url);
    const sdkDir = dirname(require.resolve("zendesk_app_framework_sdk/package.json"));
    pending = build({
      stdin: {
        contents: `window.ZAFClient = require(${JSON.stringify(join(sdkDir, "lib/index.js"))});`,
        resolveDir: here,
        loader: "js",
      },
      bundle: true,
      format: "iife",
      platform: "browser",
      target: "chrome110",
      minify: true,
      write: false,
      legalComments: "inline",
    }).then((result) => result.outputFiles[0]?.text ?? "");
    cache.set(key, pending);
  }
  return pending;
}
