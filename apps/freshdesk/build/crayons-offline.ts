import type { Plugin } from "vite";

const ICON_MODULE = /@freshworks[\\/]crayons[\\/]dist[\\/]components[\\/]icon\.js$/;
const CDN_PATH = /'https:\/\/cdn\.jsdelivr\.net\/npm\/@freshworks\/crayons-icon@next\/dist\/icons'/;
const CRAYONS_RESOLVER = /resolver: \(name\) => `\$\{CRAYONS_ICONS_ASSET_PATH\}\/\$\{name\}\.svg`/;
const ICON_FETCH = /fetch\(fetch_asset_path\)\s*\.then\(\(resp\) => resp\.text\(\)\)/;

/** Reads an inline `data:` icon without the network; anything else is refused. */
const LOCAL_ASSET = `
function tandemLocalAsset(url) {
  const match = /^data:image\\/svg\\+xml,(.*)$/s.exec(String(url));
  return match
    ? Promise.resolve(decodeURIComponent(match[1]))
    : Promise.reject(new Error("Only inline icons are bundled"));
}
`;

/**
 * Crayons' fw-icon loads icons with `fetch`, from jsDelivr for its named icons. A marketplace app
 * may not call the network itself (review rule FF-01L) and ours must work offline, so the bundle
 * keeps only the inline system icons, which cover the icons Crayons' own components use. Fails the build if Crayons
 * changes shape, rather than silently shipping a fetch.
 */
export function crayonsOffline(): Plugin {
  return {
    name: "tandem-crayons-offline",
    enforce: "pre",
    transform(code, id) {
      if (!ICON_MODULE.test(id.split("?")[0] ?? "")) return null;
      if (!CDN_PATH.test(code) || !ICON_FETCH.test(code) || !CRAYONS_RESOLVER.test(code)) {
        this.error("crayons-offline: @freshworks/crayons icon.js changed; update the plugin");
      }
      const patched = code
        .replace(CDN_PATH, "''")
        // Named icons (check, success, warning …) come from the inline system set instead.
        .replace(CRAYONS_RESOLVER, "resolver: (name) => systemLibrary.resolver(name)")
        .replace(ICON_FETCH, "tandemLocalAsset(fetch_asset_path)");
      return { code: `${LOCAL_ASSET}${patched}`, map: null };
    },
  };
}
