/**
 * Offline checks of a built Freshworks Platform 3.0 app folder (what `fdk validate`, the FDK lint
 * and Freshworks' review rubric check that we can check without the FDK; see
 * shared/docs/freshdesk-platform.md §1.6 and §6). Returns findings instead of throwing so that the
 * CLI and the tests can both report every problem at once.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { allTemplateNames } from "../src/host/templates";

export interface Finding {
  rule: string;
  file: string;
  message: string;
}

type Json = Record<string, unknown>;

const IPARAM_TYPES = new Set([
  "text",
  "paragraph",
  "dropdown",
  "email",
  "number",
  "phone_number",
  "date",
  "url",
  "radio",
  "checkbox",
  "multiselect",
  "domain",
  "api_key",
]);
const OPTION_TYPES = new Set(["dropdown", "radio", "multiselect"]);
const PRODUCT_TYPES = new Set(["domain", "api_key"]);
const METHODS = new Set(["GET", "POST", "PUT", "DELETE", "PATCH"]);
const TICKET_PLACEHOLDERS = new Set([
  "ticket_sidebar",
  "ticket_requester_info",
  "ticket_top_navigation",
  "ticket_background",
  "time_entry_background",
  "ticket_attachment",
  "ticket_conversation_editor",
  "new_ticket_requester_info",
  "new_ticket_background",
]);
const COMMON_PLACEHOLDERS = new Set(["full_page_app", "cti_global_sidebar"]);

/** Calls that reach the network without the platform's request method (rule FF-01L). */
const NETWORK_CALLS: Array<[RegExp, string]> = [
  [/\bfetch\s*\(/, "fetch()"],
  [/\bXMLHttpRequest\b/, "XMLHttpRequest"],
  [/\bsendBeacon\s*\(/, "navigator.sendBeacon()"],
  [/\bnew\s+WebSocket\b/, "WebSocket"],
  [/\bnew\s+EventSource\b/, "EventSource"],
  [/\$\.ajax\s*\(/, "$.ajax()"],
  [/\baxios\b/, "axios"],
  [/\bimport\s*\(\s*["'`]https?:/, "import() of a remote module"],
];
const FORBIDDEN_CODE: Array<[RegExp, string]> = [
  [/\beval\s*\(/, "eval()"],
  [/\balert\s*\(/, "alert()"],
  [/\bdebugger\s*;/, "debugger"],
];
const CDN_HOSTS =
  /(unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|static\.freshdev\.io|cdn\.freshdev\.io|ajax\.googleapis\.com|fonts\.googleapis\.com|fonts\.gstatic\.com|code\.jquery\.com|esm\.sh|jspm\.io|bootstrapcdn\.com)/;
const SECRETS: Array<[RegExp, string]> = [
  [/\btdm_[A-Za-z0-9_-]{20,}/, "a Tandem API token"],
  [/\bsk-(proj-)?[A-Za-z0-9_-]{20,}/, "an OpenAI key"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/\bAKIA[0-9A-Z]{16}\b/, "an AWS access key"],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/, "a GitHub token"],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, "a Slack token"],
  [/Bearer\s+(?!<%)[A-Za-z0-9._~+/-]{24,}/, "a bearer token"],
  [/Basic\s+(?!<%)[A-Za-z0-9+/]{24,}={0,2}/, "basic credentials"],
];
const FORBIDDEN_PATHS = [
  /^node_modules\//,
  /^coverage\//,
  /^\.fdk\//,
  /(^|\/)\.env/,
  /freshdesk\.css$/,
];

const PLACEHOLDER = /<%=\s*([^%]*?)\s*%>/g;

function readJson(path: string, file: string, findings: Finding[]): Json | null {
  if (!existsSync(path)) {
    findings.push({ rule: "structure", file, message: "missing" });
    return null;
  }
  try {
    const value: unknown = JSON.parse(readFileSync(path, "utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Json;
    findings.push({ rule: "structure", file, message: "must be a JSON object" });
  } catch (error) {
    findings.push({
      rule: "structure",
      file,
      message: `invalid JSON: ${(error as Error).message}`,
    });
  }
  return null;
}

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function walk(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? walk(path, base)
      : [relative(base, path).split("\\").join("/")];
  });
}

/** Placeholder expressions (`iparam.x`, `context.y`, `encode(iparam.z)`) in a template string. */
function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? "");
}

function references(expression: string, kind: "iparam" | "context"): string[] {
  return [...expression.matchAll(new RegExp(`\\b${kind}\\.([A-Za-z0-9_]+)`, "g"))].map(
    (match) => match[1] ?? "",
  );
}

interface Location {
  module: string;
  name: string;
  url: string;
  icon: string;
}

function checkManifest(dir: string, findings: Finding[]) {
  const file = "manifest.json";
  const manifest = readJson(join(dir, file), file, findings);
  const requests = new Set<string>();
  const locations: Location[] = [];
  if (!manifest) return { requests, locations };
  const fail = (message: string) => findings.push({ rule: "manifest", file, message });
  if (manifest["platform-version"] !== "3.0") fail('"platform-version" must be "3.0"');
  if ("whitelisted-domains" in manifest)
    fail('"whitelisted-domains" is deprecated; use request templates');
  if ("product" in manifest) fail('"product" is the 2.x layout; use "modules"');
  const engines = manifest.engines;
  if (!isObject(engines) || typeof engines.node !== "string" || typeof engines.fdk !== "string") {
    fail('"engines" must name the node and fdk versions');
  }
  const modules = manifest.modules;
  if (!isObject(modules)) {
    fail('"modules" is required');
    return { requests, locations };
  }
  const productModules = Object.keys(modules).filter((name) => name !== "common");
  if (productModules.length === 0)
    fail("at least one product module (e.g. support_ticket) is required");
  for (const [moduleName, module] of Object.entries(modules)) {
    if (!isObject(module)) {
      fail(`module "${moduleName}" must be an object`);
      continue;
    }
    const allowed = moduleName === "common" ? COMMON_PLACEHOLDERS : TICKET_PLACEHOLDERS;
    const location = module.location;
    if (location !== undefined && !isObject(location))
      fail(`${moduleName}.location must be an object`);
    for (const [name, spec] of Object.entries(isObject(location) ? location : {})) {
      if (moduleName === "support_ticket" || moduleName === "common") {
        if (!allowed.has(name)) fail(`invalid location "${name}" in module "${moduleName}"`);
      }
      if (!isObject(spec) || typeof spec.url !== "string" || typeof spec.icon !== "string") {
        fail(`${moduleName}.location.${name} needs "url" and "icon"`);
        continue;
      }
      locations.push({ module: moduleName, name, url: spec.url, icon: spec.icon });
    }
    if (moduleName !== "common" && ("requests" in module || "functions" in module)) {
      fail(`"requests" and "functions" belong in modules.common, not "${moduleName}"`);
    }
  }
  const common = modules.common;
  if (isObject(common)) {
    if (common.requests !== undefined && !isObject(common.requests))
      fail("common.requests must be an object");
    for (const name of Object.keys(isObject(common.requests) ? common.requests : {}))
      requests.add(name);
  }
  return { requests, locations };
}

function checkIparams(dir: string, findings: Finding[]) {
  const file = "config/iparams.json";
  const secure = new Set<string>();
  const all = new Set<string>();
  if (existsSync(join(dir, "config/iparams.html"))) {
    findings.push({
      rule: "iparams",
      file,
      message: "use either iparams.json or iparams.html, not both",
    });
  }
  const iparams = readJson(join(dir, file), file, findings);
  if (!iparams) return { secure, all };
  for (const [key, spec] of Object.entries(iparams)) {
    const fail = (message: string) =>
      findings.push({ rule: "iparams", file, message: `${key}: ${message}` });
    all.add(key);
    if (!/^[A-Za-z0-9_]+$/.test(key)) fail("keys are letters, digits and _");
    if (!isObject(spec)) {
      fail("must be an object");
      continue;
    }
    if (typeof spec.display_name !== "string" || !spec.display_name.trim())
      fail("display_name is required");
    if (typeof spec.description !== "string" || spec.description.trim().length < 10) {
      fail("a description that tells the admin what to enter is required");
    }
    if (typeof spec.type !== "string" || !IPARAM_TYPES.has(spec.type)) {
      fail(`invalid type ${JSON.stringify(spec.type)}`);
      continue;
    }
    if (spec.secure === true) secure.add(key);
    const attributes = spec.type_attributes;
    if (PRODUCT_TYPES.has(spec.type)) {
      if (!isObject(attributes) || attributes.product !== "freshdesk") {
        fail(`type ${spec.type} needs type_attributes.product "freshdesk"`);
      }
    }
    if (OPTION_TYPES.has(spec.type)) {
      if (!Array.isArray(spec.options) || spec.options.length === 0) fail("options are required");
      else if (spec.type === "dropdown" && !spec.options.includes(spec.default_value)) {
        fail("default_value must be one of the options");
      }
    }
    if (isObject(attributes) && attributes.regex !== undefined) {
      const regex = attributes.regex;
      if (
        !isObject(regex) ||
        typeof regex.pattern !== "string" ||
        typeof regex.message !== "string"
      ) {
        fail("type_attributes.regex needs a pattern and a message");
      } else {
        try {
          new RegExp(regex.pattern);
        } catch {
          fail("type_attributes.regex.pattern does not compile");
        }
      }
    }
    if (spec.required !== true && spec.required !== false) fail('"required" must be stated');
  }
  // IP-04A: a host iparam must refuse a scheme; we check our own pattern does.
  const host = iparams.tandem_host;
  const hostRegex =
    isObject(host) && isObject(host.type_attributes) ? host.type_attributes.regex : undefined;
  if (isObject(hostRegex) && typeof hostRegex.pattern === "string") {
    const pattern = new RegExp(hostRegex.pattern);
    for (const bad of [
      "https://tandem.example.com",
      "tandem.example.com/v1",
      "10.0.0.1",
      "localhost",
    ]) {
      if (pattern.test(bad)) {
        findings.push({
          rule: "iparams",
          file,
          message: `tandem_host accepts "${bad}"; it must be a bare FQDN`,
        });
      }
    }
    if (!pattern.test("tandem.example.com")) {
      findings.push({ rule: "iparams", file, message: "tandem_host refuses a valid host name" });
    }
  }
  return { secure, all };
}

function checkTemplateString(
  value: string,
  where: "host" | "path" | "query" | "headers",
  iparams: { secure: Set<string>; all: Set<string> },
  fail: (message: string) => void,
) {
  for (const expression of placeholders(value)) {
    if (!/^(encode\(\s*)?(iparam|context)\.[A-Za-z0-9_]+(\s*\))?$/.test(expression)) {
      fail(`unsupported placeholder "${expression}" in ${where}`);
    }
    for (const name of references(expression, "context")) {
      if (where === "host" || where === "headers") {
        fail(`context.${name} is only allowed in path and query from the front end`);
      }
    }
    for (const name of references(expression, "iparam")) {
      if (!iparams.all.has(name)) fail(`iparam.${name} is not declared in config/iparams.json`);
      if (iparams.secure.has(name) && where !== "headers") {
        fail(`secure iparam.${name} may only be used in headers`);
      }
    }
  }
}

function checkRequests(
  dir: string,
  declared: Set<string>,
  iparams: { secure: Set<string>; all: Set<string> },
  findings: Finding[],
) {
  const file = "config/requests.json";
  const requests = readJson(join(dir, file), file, findings);
  if (!requests) return;
  const names = Object.keys(requests);
  if (names.length > 100)
    findings.push({ rule: "requests", file, message: "at most 100 templates" });
  for (const name of names) {
    if (!declared.has(name)) {
      findings.push({
        rule: "requests",
        file: "manifest.json",
        message: `template "${name}" is not declared in modules.common.requests`,
      });
    }
  }
  for (const name of declared) {
    if (!(name in requests)) {
      findings.push({
        rule: "requests",
        file,
        message: `manifest declares "${name}" but config/requests.json has no such template`,
      });
    }
  }
  for (const name of allTemplateNames) {
    if (!(name in requests)) {
      findings.push({
        rule: "requests",
        file,
        message: `the app invokes "${name}", which has no template`,
      });
    }
  }
  for (const name of names) {
    if (!allTemplateNames.includes(name)) {
      findings.push({
        rule: "requests",
        file,
        message: `template "${name}" is never used by the app (lean apps)`,
      });
    }
  }
  for (const [name, template] of Object.entries(requests)) {
    const fail = (message: string) =>
      findings.push({ rule: "requests", file, message: `${name}: ${message}` });
    if (!/^[A-Za-z0-9_-]+$/.test(name)) fail("names are letters, digits, _ and -");
    if (!isObject(template) || !isObject(template.schema)) {
      fail('needs a "schema" object');
      continue;
    }
    const schema = template.schema;
    if (typeof schema.method !== "string" || !METHODS.has(schema.method))
      fail(`invalid method ${JSON.stringify(schema.method)}`);
    if (schema.protocol !== "https") fail('protocol must be "https" for submission');
    if (typeof schema.host !== "string") fail("host is required");
    else {
      const literal = schema.host.replace(PLACEHOLDER, "x");
      if (/[/:?#@\s]/.test(literal))
        fail("host must be a bare FQDN: no scheme, port, path or spaces");
      if (/^\d+(\.\d+){3}$/.test(literal)) fail("host must not be an IP address");
      if (!literal.includes(".") && !schema.host.includes("<%"))
        fail("host must be a fully qualified domain name");
      checkTemplateString(schema.host, "host", iparams, fail);
    }
    if (typeof schema.path !== "string" || !schema.path.startsWith("/"))
      fail("path must start with /");
    else checkTemplateString(schema.path, "path", iparams, fail);
    if (schema.query !== undefined) {
      if (!isObject(schema.query)) fail("query must be an object");
      else
        for (const value of Object.values(schema.query))
          checkTemplateString(String(value), "query", iparams, fail);
    }
    if (schema.headers !== undefined) {
      if (!isObject(schema.headers)) fail("headers must be an object");
      else {
        for (const [header, value] of Object.entries(schema.headers)) {
          checkTemplateString(String(value), "headers", iparams, fail);
          if (/^authorization$/i.test(header) && !String(value).includes("<%")) {
            fail("Authorization must come from a secure iparam, never a literal");
          }
        }
      }
    }
    const options = template.options;
    if (options !== undefined) {
      if (!isObject(options)) fail("options must be an object");
      else {
        const { maxAttempts, retryDelay } = options;
        if (
          maxAttempts !== undefined &&
          (typeof maxAttempts !== "number" ||
            maxAttempts < 1 ||
            maxAttempts > 5 ||
            !Number.isInteger(maxAttempts))
        ) {
          fail("options.maxAttempts must be an integer from 1 to 5");
        }
        if (
          retryDelay !== undefined &&
          (typeof retryDelay !== "number" ||
            retryDelay % 100 !== 0 ||
            retryDelay > 1500 ||
            retryDelay < 0)
        ) {
          fail("options.retryDelay must be a multiple of 100 up to 1500 ms");
        }
      }
    }
  }
}

function checkIcon(dir: string, icon: string, findings: Finding[]) {
  const file = `app/${icon}`;
  const path = join(dir, "app", icon);
  if (!existsSync(path)) {
    findings.push({ rule: "icon", file, message: "missing" });
    return;
  }
  if (extname(path) !== ".svg") {
    findings.push({ rule: "icon", file, message: "placeholder icons must be SVG" });
    return;
  }
  const svg = readFileSync(path, "utf8");
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  if (!/\bwidth="64(px)?"/.test(root) || !/\bheight="64(px)?"/.test(root)) {
    findings.push({
      rule: "icon",
      file,
      message: 'the <svg> must declare width="64" height="64" (FFS-05L)',
    });
  }
  if (/<script\b|https?:\/\/(?!www\.w3\.org)/.test(svg)) {
    findings.push({
      rule: "icon",
      file,
      message: "icons must not contain scripts or external references",
    });
  }
}

function checkPages(dir: string, locations: Location[], files: string[], findings: Finding[]) {
  for (const location of locations) {
    if (!existsSync(join(dir, "app", location.url))) {
      findings.push({
        rule: "manifest",
        file: "manifest.json",
        message: `${location.name}: app/${location.url} does not exist`,
      });
    }
    checkIcon(dir, location.icon, findings);
  }
  if (!existsSync(join(dir, "app/styles/images/icon.svg"))) {
    findings.push({
      rule: "icon",
      file: "app/styles/images/icon.svg",
      message: "missing (FFS-05L checks this path)",
    });
  }
  for (const file of files.filter((name) => name.startsWith("app/") && name.endsWith(".html"))) {
    const html = readFileSync(join(dir, file), "utf8");
    if (!/<script\s+src="\{\{\{appclient\}\}\}"\s*><\/script>/.test(html)) {
      findings.push({
        rule: "html",
        file,
        message: 'must include <script src="{{{appclient}}}"></script>',
      });
    }
    for (const match of html.matchAll(/<(script|link|img|iframe)\b[^>]*\b(src|href)="([^"]+)"/g)) {
      const url = match[3] ?? "";
      if (url === "{{{appclient}}}") continue;
      if (/^(https?:)?\/\//.test(url)) {
        findings.push({
          rule: "cdn",
          file,
          message: `loads ${url} from another host; bundle it instead`,
        });
      }
    }
  }
}

function checkCode(dir: string, files: string[], findings: Finding[]) {
  for (const file of files) {
    if (FORBIDDEN_PATHS.some((pattern) => pattern.test(file))) {
      findings.push({ rule: "package", file, message: "must not be in the package" });
    }
    const ext = extname(file);
    if (![".js", ".mjs", ".css", ".html", ".json", ".md", ".svg", ".txt"].includes(ext)) continue;
    const text = readFileSync(join(dir, file), "utf8");
    for (const [pattern, what] of SECRETS) {
      if (pattern.test(text)) findings.push({ rule: "secrets", file, message: `contains ${what}` });
    }
    if (!file.startsWith("app/") || ![".js", ".mjs", ".html"].includes(ext)) {
      if (ext === ".css" && /@import\s+(url\()?["']?(https?:)?\/\//.test(text)) {
        findings.push({ rule: "cdn", file, message: "imports a stylesheet from another host" });
      }
      continue;
    }
    for (const [pattern, what] of NETWORK_CALLS) {
      if (pattern.test(text)) {
        findings.push({
          rule: "network",
          file,
          message: `uses ${what}; call servers only through client.request.invokeTemplate (FF-01L)`,
        });
      }
    }
    for (const [pattern, what] of FORBIDDEN_CODE) {
      if (pattern.test(text)) findings.push({ rule: "lint", file, message: `uses ${what}` });
    }
    const cdn = CDN_HOSTS.exec(text);
    if (cdn)
      findings.push({
        rule: "cdn",
        file,
        message: `references ${cdn[1]}; nothing may load from a CDN`,
      });
  }
}

/** Every finding for the app folder `dir` (the layout `fdk pack` zips). Empty means valid. */
export function validatePackage(dir: string): Finding[] {
  const findings: Finding[] = [];
  const files = walk(dir);
  const { requests, locations } = checkManifest(dir, findings);
  const iparams = checkIparams(dir, findings);
  checkRequests(dir, requests, iparams, findings);
  checkPages(dir, locations, files, findings);
  checkCode(dir, files, findings);
  const readme = join(dir, "README.md");
  if (!existsSync(readme) || readFileSync(readme, "utf8").trim().length < 500) {
    findings.push({
      rule: "readme",
      file: "README.md",
      message: "reviewers need a README with overview, setup and usage",
    });
  }
  return findings;
}
