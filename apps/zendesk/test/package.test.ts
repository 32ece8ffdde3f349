// @vitest-environment node
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPackage } from "../scripts/package";
import { pngSize } from "../scripts/png-header";
import {
  type PackageFiles,
  readPackageDir,
  readPackageZip,
  validatePackage,
} from "../scripts/validate";

const appRoot = fileURLToPath(new URL("..", import.meta.url));
let workDir = "";
let files: PackageFiles = new Map();

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "tandem-zendesk-"));
  await build({
    configFile: join(appRoot, "vite.config.ts"),
    logLevel: "error",
    build: { outDir: join(workDir, "dist", "assets") },
  });
  files = readPackageDir(join(workDir, "dist"));
}, 180_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const json = (path: string) => JSON.parse(new TextDecoder().decode(files.get(path)));
const mutate = (changes: Record<string, unknown | undefined>): PackageFiles => {
  const copy = new Map(files);
  for (const [path, value] of Object.entries(changes)) {
    if (value === undefined) copy.delete(path);
    else
      copy.set(
        path,
        value instanceof Uint8Array ? value : new TextEncoder().encode(JSON.stringify(value)),
      );
  }
  return copy;
};

describe("the built Zendesk package", () => {
  it("has the layout Zendesk expects and passes the offline validator", () => {
    for (const path of [
      "manifest.json",
      "assets/iframe.html",
      "assets/app.js",
      "assets/logo.png",
      "assets/logo-small.png",
      "assets/icon_nav_bar.svg",
      "translations/en.json",
      "translations/es.json",
      "translations/fr.json",
      "translations/de.json",
      "translations/pt-br.json",
    ]) {
      expect(files.has(path), path).toBe(true);
    }
    expect(validatePackage(files).errors).toEqual([]);
  });

  it("declares the sidebar and nav bar, the three settings with narrow scopes and the server domain", () => {
    const manifest = json("manifest.json");
    expect(manifest.frameworkVersion).toBe("2.0");
    expect(manifest.location.support.ticket_sidebar).toEqual({
      url: "assets/iframe.html",
      flexible: true,
    });
    expect(manifest.location.support.nav_bar.url).toBe("assets/iframe.html");
    const byName = Object.fromEntries(
      manifest.parameters.map((p: { name: string }) => [p.name, p]),
    );
    expect(byName.server_url).toMatchObject({ type: "url", required: true });
    expect(byName.api_token).toMatchObject({ secure: true, scopes: ["header"] });
    expect(byName.jwt_secret).toMatchObject({ secure: true, scopes: ["jwt_secret_key"] });
    expect(manifest.domainWhitelist).toEqual([new URL(byName.server_url.default).hostname]);
    const en = json("translations/en.json");
    for (const key of [
      "name",
      "short_description",
      "long_description",
      "installation_instructions",
    ]) {
      expect(en.app[key]).toBeTruthy();
    }
  });

  it("loads the ZAF SDK from Zendesk's CDN and the bundle from the package", () => {
    const html = new TextDecoder().decode(files.get("assets/iframe.html"));
    expect(html).toContain(
      '<script src="https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"></script>',
    );
    expect(html).toMatch(/<script type="module"[^>]*src="\.\/app\.js"/);
  });

  it("ships real logos of the required sizes", () => {
    expect(pngSize(files.get("assets/logo.png") as Uint8Array)).toMatchObject({
      width: 320,
      height: 320,
    });
    expect(pngSize(files.get("assets/logo-small.png") as Uint8Array)).toMatchObject({
      width: 128,
      height: 128,
      colorType: 6,
    });
  });

  it("keeps secrets out of the JavaScript", () => {
    const js = [...files]
      .filter(([path]) => path.endsWith(".js"))
      .map(([, bytes]) => new TextDecoder().decode(bytes))
      .join("\n");
    expect(js).toContain("{{setting.api_token}}");
    expect(js).toContain("{{setting.jwt_secret}}");
  });

  it("keeps the sidebar entry under 200 KB gzipped", () => {
    const size = gzipSync(files.get("assets/app.js") as Uint8Array).length;
    expect(size).toBeLessThan(200 * 1024);
  });

  it("zips with the files at the root, and the zip validates", () => {
    const { bytes } = createPackage(join(workDir, "dist"), join(workDir, "package"));
    const zipped = readPackageZip(bytes);
    expect(zipped.has("manifest.json")).toBe(true);
    expect(validatePackage(zipped).errors).toEqual([]);
    expect(
      readFileSync(join(workDir, "package", `tandem-zendesk-${json("manifest.json").version}.zip`))
        .length,
    ).toBe(bytes.length);
  });
});

describe("the offline validator", () => {
  const errorsOf = (changes: Record<string, unknown | undefined>) =>
    validatePackage(mutate(changes)).errors;
  const manifest = () => json("manifest.json");

  it("requires manifest.json at the root", () => {
    const wrapped: PackageFiles = new Map(
      [...files].map(([path, bytes]) => [`app/${path}`, bytes]),
    );
    expect(validatePackage(wrapped).errors).toEqual([
      "manifest.json must be at the root of the package",
    ]);
  });

  it("requires author, defaultLocale and frameworkVersion 2.0", () => {
    const { author: _a, ...noAuthor } = manifest();
    expect(errorsOf({ "manifest.json": noAuthor })).toContain(
      "manifest.author is required (name, email, url)",
    );
    expect(errorsOf({ "manifest.json": { ...manifest(), defaultLocale: "English" } })).toContain(
      "manifest.defaultLocale is required and must be a locale such as en",
    );
    expect(errorsOf({ "manifest.json": { ...manifest(), frameworkVersion: "1.0" } })).toContain(
      "manifest.frameworkVersion must be one of 2.0",
    );
  });

  it("checks location files, protocols and the nav bar icon", () => {
    const withLocation = (support: unknown) => ({ ...manifest(), location: { support } });
    expect(
      errorsOf({ "manifest.json": withLocation({ ticket_sidebar: "assets/missing.html" }) }),
    ).toContain(
      "location.support.ticket_sidebar.url points to a missing file: assets/missing.html",
    );
    expect(
      errorsOf({ "manifest.json": withLocation({ ticket_sidebar: "iframe.html" }) }),
    ).toContain("location.support.ticket_sidebar.url must start with assets/: iframe.html");
    expect(
      errorsOf({ "manifest.json": withLocation({ ticket_sidebar: "http://evil.example/x" }) }),
    ).toContain(
      "location.support.ticket_sidebar.url must use https (or localhost): http://evil.example/x",
    );
    expect(
      errorsOf({
        "manifest.json": withLocation({
          ticket_sidebar: { url: "assets/iframe.html", flexible: "yes" },
        }),
      }),
    ).toContain("location.support.ticket_sidebar.flexible must be a boolean");
    expect(
      errorsOf({ "manifest.json": withLocation({ side_panel: "assets/iframe.html" }) }),
    ).toContain('Unknown location "side_panel" for product support');
    expect(errorsOf({ "assets/icon_nav_bar.svg": undefined })).toContain(
      "The nav_bar location needs assets/icon_nav_bar.svg",
    );
  });

  it("checks parameter types and secure scopes", () => {
    const withParams = (parameters: unknown[]) => ({ ...manifest(), parameters });
    expect(errorsOf({ "manifest.json": withParams([{ name: "x", type: "password" }]) })).toContain(
      'Parameter "x" has an invalid type "password"',
    );
    expect(
      errorsOf({ "manifest.json": withParams([{ name: "x", type: "text", scopes: ["header"] }]) }),
    ).toContain('Parameter "x" has scopes but is not secure');
    expect(
      errorsOf({
        "manifest.json": withParams([{ name: "x", secure: true, scopes: ["everywhere"] }]),
      }),
    ).toContain('Parameter "x" has an invalid scope "everywhere"');
    expect(errorsOf({ "manifest.json": withParams([{ name: "name" }]) })).toContain(
      'A parameter cannot be called "name"',
    );
    expect(errorsOf({ "manifest.json": withParams([{ name: "a" }, { name: "a" }]) })).toContain(
      'Duplicate parameter "a"',
    );
    const warnings = validatePackage(
      mutate({
        "manifest.json": withParams([
          { name: "api_key", type: "text" },
          { name: "s", secure: true },
        ]),
      }),
    ).warnings;
    expect(warnings).toContain(
      'Make sure to set secure to true when using keys in Settings ("api_key")',
    );
    expect(warnings).toContain("The scopes property is not configured for parameter(s): s");
  });

  it("checks translations: file names, public-app texts and parameter labels", () => {
    const en = json("translations/en.json");
    expect(errorsOf({ "translations/english.json": { app: {} } })).toContain(
      "Translation file translations/english.json must be named <locale>.json",
    );
    expect(
      errorsOf({ "translations/en.json": { app: { ...en.app, long_description: undefined } } }),
    ).toContain("A public app needs app.long_description in translations/en.json");
    const { api_token: _t, ...labels } = en.app.parameters;
    expect(
      errorsOf({ "translations/en.json": { app: { ...en.app, parameters: labels } } }),
    ).toContain('Parameter "api_token" has no label in translations/en.json');
    expect(
      errorsOf({
        "translations/en.json": {
          app: { ...en.app, parameters: { ...en.app.parameters, api_token: { helpText: "x" } } },
        },
      }),
    ).toContain("app.parameters.api_token in translations/en.json needs a label");
  });

  it("checks logo sizes and forbidden files", () => {
    const wrongSize = readFileSync(join(appRoot, "src/static/logo-small.png"));
    expect(errorsOf({ "assets/logo.png": wrongSize })).toContain(
      "assets/logo.png must be 320×320 px, found 128×128",
    );
    expect(errorsOf({ "assets/logo-small.png": undefined })).toContain(
      "assets/logo-small.png (128×128 PNG) is missing",
    );
    expect(errorsOf({ "assets/bundle.zip": new Uint8Array([1]) })).toContain(
      "Forbidden file type in package: assets/bundle.zip",
    );
    expect(errorsOf({ "assets/.env": new Uint8Array([1]) })).toContain(
      "Forbidden file in package: assets/.env",
    );
    expect(errorsOf({ "src/main.tsx": new Uint8Array([1]) })).toContain(
      "Unexpected file outside assets/ and translations/: src/main.tsx",
    );
  });
});
