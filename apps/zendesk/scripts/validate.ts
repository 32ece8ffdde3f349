/**
 * Offline validator for the Zendesk app package, mirroring the checks of Zendesk's own
 * `zendesk_apps_support` gem (which `zcli apps:validate` runs server-side, needing an account):
 * manifest fields and types, framework version, location files, parameters and secure scopes,
 * translations, logo sizes, nav-bar icon, forbidden files. Usable as a CLI:
 * `tsx scripts/validate.ts [dist-dir | package.zip]`.
 */
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";
import { pngSize } from "./png-header";

export interface ValidationResult {
  errors: string[];
  warnings: string[];
}

export type PackageFiles = Map<string, Uint8Array>;

const MANIFEST_KEYS = new Set([
  "requirementsOnly",
  "marketingOnly",
  "version",
  "author",
  "name",
  "experiments",
  "frameworkVersion",
  "singleInstall",
  "signedUrls",
  "noTemplate",
  "defaultLocale",
  "location",
  "private",
  "oauth",
  "parameters",
  "domainWhitelist",
  "remoteInstallationURL",
  "termsConditionsURL",
  "gaID",
]);
const FRAMEWORK_VERSIONS = ["2.0"];
const PARAMETER_TYPES = ["text", "checkbox", "url", "number", "multiline", "hidden", "oauth"];
const SECURE_SCOPES = [
  "header",
  "body",
  "url",
  "jwt_secret_key",
  "jwt_claim",
  "basic_auth_username",
  "basic_auth_password",
];
const LOCATIONS: Record<string, string[]> = {
  support: [
    "top_bar",
    "nav_bar",
    "ticket_sidebar",
    "new_ticket_sidebar",
    "user_sidebar",
    "organization_sidebar",
    "background",
    "modal",
    "ticket_editor",
    "system_top_bar",
  ],
  chat: ["chat_sidebar", "background", "modal"],
  sell: ["top_bar", "deal_card", "lead_card", "person_card", "company_card", "background", "modal"],
};
/** Locations whose button needs an SVG icon in assets/. */
const ICON_LOCATIONS = ["top_bar", "nav_bar", "ticket_editor", "system_top_bar"];
const LOCATION_OPTIONS = [
  "url",
  "flexible",
  "autoLoad",
  "autoHide",
  "signed",
  "size",
  "objectTypes",
  "legacy",
];
const LOCALE = /^[a-z]{2,3}(-\w{2,3})?$/;
const ALLOWED_ASSET_EXTENSIONS = [
  "png",
  "jpg",
  "jpeg",
  "gif",
  "svg",
  "js",
  "htm",
  "html",
  "css",
  "map",
  "eot",
  "woff",
  "woff2",
  "otf",
  "ttf",
  "json",
  "xml",
  "hbs",
  "hdbs",
];
const FORBIDDEN_EXTENSIONS = [
  "zip",
  "gz",
  "tgz",
  "tar",
  "rar",
  "7z",
  "bz2",
  "xz",
  "exe",
  "dll",
  "so",
  "dylib",
  "bin",
  "jar",
  "class",
  "pdf",
  "doc",
  "docx",
  "xls",
  "xlsx",
  "ppt",
  "pptx",
  "mp3",
  "mp4",
  "mov",
  "avi",
  "wav",
  "dmg",
  "iso",
  "sh",
  "bat",
  "cmd",
  "ps1",
];
const ROOT_FILES = new Set([
  "manifest.json",
  "requirements.json",
  "README.md",
  "LICENSE",
  "LICENSE.md",
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const extension = (path: string) => path.split(".").pop()?.toLowerCase() ?? "";

function parseJson(files: PackageFiles, path: string, errors: string[]): unknown {
  const bytes = files.get(path);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    errors.push(`${path} is not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
}

function validUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

function checkLocations(
  manifest: Record<string, unknown>,
  files: PackageFiles,
  result: ValidationResult,
) {
  const { errors } = result;
  const location = manifest.location;
  if (!isObject(location)) {
    errors.push("manifest.location must be an object of products → locations");
    return;
  }
  for (const [product, locations] of Object.entries(location)) {
    const known = LOCATIONS[product];
    if (!known) {
      errors.push(`Unknown product "${product}" in manifest.location`);
      continue;
    }
    if (!isObject(locations)) {
      errors.push(`manifest.location.${product} must be an object`);
      continue;
    }
    for (const [name, value] of Object.entries(locations)) {
      const where = `location.${product}.${name}`;
      if (!known.includes(name)) errors.push(`Unknown location "${name}" for product ${product}`);
      const options = typeof value === "string" ? { url: value } : value;
      if (!isObject(options)) {
        errors.push(`${where} must be a URL or an options object`);
        continue;
      }
      for (const key of Object.keys(options)) {
        if (!LOCATION_OPTIONS.includes(key)) errors.push(`${where} has an unknown option "${key}"`);
      }
      for (const key of ["flexible", "autoLoad", "autoHide", "signed"]) {
        if (key in options && typeof options[key] !== "boolean")
          errors.push(`${where}.${key} must be a boolean`);
      }
      if ("_legacy" in options || options.legacy === true)
        errors.push(`${where}: v2 apps must use URLs, not legacy templates`);
      const url = options.url;
      if (url === undefined || url === "") {
        if (options.autoLoad !== false) errors.push(`${where} has no url`);
        continue;
      }
      if (typeof url !== "string") {
        errors.push(`${where}.url must be a string`);
        continue;
      }
      if (url.includes("{{setting.")) continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
        const parsed = new URL(url);
        if (parsed.protocol !== "https:" && parsed.hostname !== "localhost") {
          errors.push(`${where}.url must use https (or localhost): ${url}`);
        }
      } else if (!url.startsWith("assets/")) {
        errors.push(`${where}.url must start with assets/: ${url}`);
      } else if (!files.has(url.split(/[?#]/)[0] as string)) {
        errors.push(`${where}.url points to a missing file: ${url}`);
      }
      if (ICON_LOCATIONS.includes(name) && !files.has(`assets/icon_${name}.svg`)) {
        errors.push(`The ${name} location needs assets/icon_${name}.svg`);
      }
    }
  }
}

function checkParameters(manifest: Record<string, unknown>, result: ValidationResult): string[] {
  const { errors, warnings } = result;
  const parameters = manifest.parameters;
  if (parameters === undefined) return [];
  if (!Array.isArray(parameters)) {
    errors.push("manifest.parameters must be an array");
    return [];
  }
  const names: string[] = [];
  const unscoped: string[] = [];
  let oauth = 0;
  for (const [index, parameter] of parameters.entries()) {
    if (!isObject(parameter) || typeof parameter.name !== "string" || parameter.name === "") {
      errors.push(`parameters[${index}] needs a name`);
      continue;
    }
    const { name } = parameter;
    const type = parameter.type ?? "text";
    if (names.includes(name)) errors.push(`Duplicate parameter "${name}"`);
    names.push(name);
    if (name === "name") errors.push('A parameter cannot be called "name"');
    if (typeof type !== "string" || !PARAMETER_TYPES.includes(type)) {
      errors.push(`Parameter "${name}" has an invalid type "${String(type)}"`);
    }
    for (const key of ["required", "secure"]) {
      if (key in parameter && typeof parameter[key] !== "boolean")
        errors.push(`Parameter "${name}": ${key} must be a boolean`);
    }
    if (type === "hidden" && parameter.required === true)
      errors.push(`Hidden parameter "${name}" cannot be required`);
    if (type === "oauth") {
      oauth++;
      if (parameter.secure === true) errors.push(`OAuth parameter "${name}" cannot be secure`);
    }
    if ("scopes" in parameter) {
      if (parameter.secure !== true)
        errors.push(`Parameter "${name}" has scopes but is not secure`);
      const scopes = parameter.scopes;
      if (!Array.isArray(scopes) || scopes.length === 0) {
        errors.push(`Parameter "${name}": scopes must be a non-empty array`);
      } else {
        for (const scope of scopes) {
          if (typeof scope !== "string" || !SECURE_SCOPES.includes(scope)) {
            errors.push(`Parameter "${name}" has an invalid scope "${String(scope)}"`);
          }
        }
      }
    } else if (parameter.secure === true) {
      unscoped.push(name);
    }
    if (type === "text" && parameter.secure !== true && /token|key|pwd|password/i.test(name)) {
      warnings.push(`Make sure to set secure to true when using keys in Settings ("${name}")`);
    }
    if ((parameter.secure === true || type === "hidden") && "default" in parameter) {
      warnings.push(
        `Default values for secure or hidden parameters are not stored securely ("${name}")`,
      );
    }
  }
  if (oauth > 1) errors.push("Only one oauth parameter is allowed");
  if (unscoped.length > 0) {
    warnings.push(`The scopes property is not configured for parameter(s): ${unscoped.join(", ")}`);
  }
  return names;
}

function checkTranslations(
  manifest: Record<string, unknown>,
  files: PackageFiles,
  parameterNames: string[],
  result: ValidationResult,
) {
  const { errors } = result;
  for (const path of files.keys()) {
    if (!path.startsWith("translations/")) continue;
    const file = path.slice("translations/".length);
    const locale = file.replace(/\.json$/, "");
    if (!file.endsWith(".json") || file.includes("/") || !LOCALE.test(locale)) {
      errors.push(`Translation file ${path} must be named <locale>.json`);
      continue;
    }
    const content = parseJson(files, path, errors);
    if (content !== undefined && !isObject(content)) errors.push(`${path} must be a JSON object`);
  }
  const defaultLocale = manifest.defaultLocale;
  if (typeof defaultLocale === "string" && !files.has(`translations/${defaultLocale}.json`)) {
    errors.push(`translations/${defaultLocale}.json is missing (defaultLocale)`);
  }
  const en = parseJson(files, "translations/en.json", []);
  if (!isObject(en)) {
    errors.push("translations/en.json is required");
    return;
  }
  const app = isObject(en.app) ? en.app : null;
  if (!app || typeof app.name !== "string" || app.name === "") {
    errors.push("translations/en.json needs app.name");
    return;
  }
  if (manifest.private === false) {
    if (typeof app.short_description !== "string" && typeof app.description !== "string") {
      errors.push("A public app needs app.short_description in translations/en.json");
    }
    for (const key of ["long_description", "installation_instructions"]) {
      if (typeof app[key] !== "string" || app[key] === "")
        errors.push(`A public app needs app.${key} in translations/en.json`);
    }
  }
  const labels = isObject(app.parameters) ? app.parameters : {};
  for (const [name, entry] of Object.entries(labels)) {
    if (!isObject(entry) || typeof entry.label !== "string" || entry.label === "") {
      errors.push(`app.parameters.${name} in translations/en.json needs a label`);
    }
  }
  for (const name of parameterNames) {
    if (!(name in labels)) errors.push(`Parameter "${name}" has no label in translations/en.json`);
  }
}

function checkAssets(
  manifest: Record<string, unknown>,
  files: PackageFiles,
  result: ValidationResult,
) {
  const { errors, warnings } = result;
  const logos: Array<[string, number]> = [
    ["assets/logo.png", 320],
    ["assets/logo-small.png", 128],
  ];
  for (const [path, size] of logos) {
    const bytes = files.get(path);
    if (!bytes) {
      (manifest.private === false ? errors : warnings).push(
        `${path} (${size}×${size} PNG) is missing`,
      );
      continue;
    }
    const info = pngSize(bytes);
    if (!info) errors.push(`${path} is not a PNG`);
    else if (info.width !== size || info.height !== size) {
      errors.push(`${path} must be ${size}×${size} px, found ${info.width}×${info.height}`);
    } else if (path.endsWith("small.png") && info.colorType !== 6 && info.colorType !== 4) {
      warnings.push(`${path} should have transparency (PNG-24 with alpha)`);
    }
  }
  const screenshots = [...files.keys()]
    .filter((path) => /^assets\/screenshot-\d+\.png$/.test(path))
    .sort();
  if (manifest.private === false && screenshots.length === 0) {
    warnings.push("A public app should ship assets/screenshot-0.png … for its Marketplace listing");
  }
  screenshots.forEach((path, index) => {
    if (path !== `assets/screenshot-${index}.png`)
      warnings.push(`Screenshots must be numbered from 0 without gaps (${path})`);
    if (index >= 3) warnings.push(`Only three screenshots are shown; ${path} will be dropped`);
  });

  for (const [path, bytes] of files) {
    const ext = extension(path);
    if (path.split("/").some((part) => part.startsWith(".") || part === "node_modules")) {
      errors.push(`Forbidden file in package: ${path}`);
      continue;
    }
    if (FORBIDDEN_EXTENSIONS.includes(ext)) {
      errors.push(`Forbidden file type in package: ${path}`);
      continue;
    }
    if (path.startsWith("assets/")) {
      if (!ALLOWED_ASSET_EXTENSIONS.includes(ext))
        warnings.push(`Asset type not served by Zendesk: ${path}`);
    } else if (!path.startsWith("translations/") && !ROOT_FILES.has(path)) {
      errors.push(`Unexpected file outside assets/ and translations/: ${path}`);
    }
    if (ext === "js" || ext === "html") {
      const text = new TextDecoder().decode(bytes);
      const insecure = text.match(/http:\/\/(?!www\.w3\.org|localhost|127\.0\.0\.1)[a-z0-9.-]+/gi);
      if (insecure)
        warnings.push(
          `${path} references insecure URLs: ${[...new Set(insecure)].slice(0, 3).join(", ")}`,
        );
    }
  }
}

/** Validates an unpacked package (paths relative to its root, `/` separated). */
export function validatePackage(files: PackageFiles): ValidationResult {
  const result: ValidationResult = { errors: [], warnings: [] };
  const { errors, warnings } = result;
  if (!files.has("manifest.json")) {
    errors.push("manifest.json must be at the root of the package");
    return result;
  }
  const manifest = parseJson(files, "manifest.json", errors);
  if (!isObject(manifest)) {
    if (manifest !== undefined) errors.push("manifest.json must be a JSON object");
    return result;
  }
  for (const key of Object.keys(manifest)) {
    if (!MANIFEST_KEYS.has(key)) warnings.push(`Unknown manifest key "${key}"`);
  }
  const author = manifest.author;
  if (!isObject(author)) errors.push("manifest.author is required (name, email, url)");
  else {
    for (const key of ["name", "email"]) {
      if (typeof author[key] !== "string" || author[key] === "")
        errors.push(`manifest.author.${key} must be a string`);
    }
    if ("url" in author && !validUrl(author.url))
      errors.push("manifest.author.url must be a valid http(s) URL");
  }
  if (typeof manifest.defaultLocale !== "string" || !LOCALE.test(manifest.defaultLocale)) {
    errors.push("manifest.defaultLocale is required and must be a locale such as en");
  }
  for (const key of [
    "private",
    "singleInstall",
    "signedUrls",
    "requirementsOnly",
    "marketingOnly",
  ]) {
    if (key in manifest && typeof manifest[key] !== "boolean")
      errors.push(`manifest.${key} must be a boolean`);
  }
  const special = manifest.requirementsOnly === true || manifest.marketingOnly === true;
  if (special) {
    if ("location" in manifest)
      errors.push("Requirements-only and marketing-only apps cannot have locations");
    if ("frameworkVersion" in manifest)
      errors.push("Requirements-only and marketing-only apps cannot have a frameworkVersion");
  } else {
    if (!FRAMEWORK_VERSIONS.includes(String(manifest.frameworkVersion))) {
      errors.push(`manifest.frameworkVersion must be one of ${FRAMEWORK_VERSIONS.join(", ")}`);
    }
    checkLocations(manifest, files, result);
  }
  if ("version" in manifest && typeof manifest.version !== "string")
    errors.push("manifest.version must be a string");
  if ("domainWhitelist" in manifest) {
    const list = manifest.domainWhitelist;
    if (!Array.isArray(list) || list.some((entry) => typeof entry !== "string" || entry === "")) {
      errors.push("manifest.domainWhitelist must be an array of domain names");
    }
  }
  if (isObject(manifest.experiments)) {
    for (const key of Object.keys(manifest.experiments)) {
      if (!["hashParams", "newCssCompiler"].includes(key))
        warnings.push(`Experiment "${key}" is not allowed on the Marketplace`);
    }
  }
  if ("noTemplate" in manifest) errors.push("noTemplate is not supported by v2 apps");
  const parameterNames = checkParameters(manifest, result);
  const hasSecure =
    Array.isArray(manifest.parameters) &&
    manifest.parameters.some((p) => isObject(p) && p.secure === true);
  if (hasSecure && !Array.isArray(manifest.domainWhitelist)) {
    warnings.push("Secure settings are only sent to domains listed in domainWhitelist");
  }
  checkTranslations(manifest, files, parameterNames, result);
  checkAssets(manifest, files, result);
  return result;
}

/** Reads a build directory (rejecting symlinks, as Zendesk does) into a file map. */
export function readPackageDir(dir: string): PackageFiles {
  const files: PackageFiles = new Map();
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      const stat = lstatSync(path);
      const rel = relative(dir, path).split(sep).join("/");
      if (stat.isSymbolicLink())
        throw new Error(`Symlinks are not allowed in a Zendesk package: ${rel}`);
      if (stat.isDirectory()) walk(path);
      else files.set(rel, readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/** Reads the upload zip; a package wrapped in a folder fails the manifest-at-root check. */
export function readPackageZip(bytes: Uint8Array): PackageFiles {
  const files: PackageFiles = new Map();
  for (const [path, data] of Object.entries(unzipSync(bytes))) {
    if (!path.endsWith("/")) files.set(path, data);
  }
  return files;
}

function main() {
  const target = resolve(process.argv[2] ?? fileURLToPath(new URL("../dist", import.meta.url)));
  const files = target.endsWith(".zip")
    ? readPackageZip(readFileSync(target))
    : readPackageDir(target);
  const { errors, warnings } = validatePackage(files);
  for (const warning of warnings) console.warn(`warning: ${warning}`);
  for (const error of errors) console.error(`error: ${error}`);
  console.log(
    `${target}: ${files.size} files, ${errors.length} errors, ${warnings.length} warnings`,
  );
  process.exitCode = errors.length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
