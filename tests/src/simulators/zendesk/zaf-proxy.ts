import { sign } from "hono/jwt";
import type { OfflineGuard } from "../shared/offline-guard";

/** `client.request(options)` as the app passes it (jQuery.ajax-style plus ZAF options). */
export interface ZafRequestOptions {
  url?: unknown;
  type?: unknown;
  method?: unknown;
  data?: unknown;
  contentType?: unknown;
  dataType?: unknown;
  headers?: unknown;
  secure?: unknown;
  cors?: unknown;
  jwt?: unknown;
  httpCompleteResponse?: unknown;
  timeout?: unknown;
}

/** What the host page relays to the iframe as `zaf.request:N.done|fail`. */
export interface ZafProxyOutcome {
  outcome: "done" | "fail";
  responseArgs: unknown[];
}

export interface ZafProxyContext {
  /** Installation settings, secure ones included: they never leave the server side. */
  settings: Record<string, string | number | boolean>;
  /** Hosts secure settings may be sent to (manifest `domainWhitelist`, placeholders expanded). */
  domainWhitelist: string[];
  /** The account's own API (`/api/v2/...`), answered by the simulator. */
  zendeskApi(request: Request): Promise<Response>;
  guard: OfflineGuard;
  now?: () => Date;
}

const PLACEHOLDER = /\{\{\s*(setting\.[A-Za-z0-9_.-]+|jwt\.token)\s*\}\}/g;
const DEFAULT_TIMEOUT_MS = 30_000;

function expand(text: string, values: Map<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values.get(name) ?? whole);
}

function failure(status: number, statusText: string, responseText: string): ZafProxyOutcome {
  let responseJSON: unknown;
  try {
    responseJSON = JSON.parse(responseText);
  } catch {
    responseJSON = undefined;
  }
  return {
    outcome: "fail",
    responseArgs: [{ status, statusText, responseText, responseJSON }, "error", statusText],
  };
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Expands `domainWhitelist` entries that use `{{setting.x}}` and keeps bare host names. */
export function expandWhitelist(
  entries: string[],
  settings: Record<string, string | number | boolean>,
): string[] {
  const values = new Map(Object.entries(settings).map(([k, v]) => [`setting.${k}`, String(v)]));
  return entries.map((entry) => {
    const expanded = expand(entry, values).trim().toLowerCase();
    try {
      return expanded.includes("://")
        ? new URL(expanded).hostname
        : (expanded.split(/[/:]/)[0] ?? "");
    } catch {
      return expanded;
    }
  });
}

function hostAllowed(hostname: string, whitelist: string[]): boolean {
  const host = hostname.toLowerCase();
  return whitelist.some((entry) =>
    entry.startsWith("*.") ? host.endsWith(entry.slice(1)) : host === entry,
  );
}

/**
 * The server side of `client.request()`: Zendesk's proxy. For `secure: true` requests it
 * substitutes `{{setting.*}}` and `{{jwt.token}}` (minting the JWT from the `jwt` option), and
 * only towards whitelisted domains; other requests are forwarded verbatim.
 */
export async function proxyZafRequest(
  options: ZafRequestOptions,
  ctx: ZafProxyContext,
): Promise<ZafProxyOutcome> {
  const rawUrl = str(options.url);
  if (!rawUrl) return failure(400, "Bad Request", '{"error":"The request has no url"}');
  const method = (str(options.type) ?? str(options.method) ?? "GET").toUpperCase();
  const secure = options.secure === true;
  const values = new Map<string, string>();

  const isAccountApi = rawUrl.startsWith("/api/v2/");
  let target: URL;
  try {
    target = new URL(rawUrl, "https://account.zendesk.invalid");
  } catch {
    return failure(400, "Bad Request", '{"error":"Invalid url"}');
  }

  if (secure) {
    if (!isAccountApi && !hostAllowed(target.hostname, ctx.domainWhitelist)) {
      return failure(
        403,
        "Forbidden",
        JSON.stringify({
          error: `Secure settings may only be sent to the app's domainWhitelist; ${target.hostname} is not on it`,
        }),
      );
    }
    for (const [name, value] of Object.entries(ctx.settings))
      values.set(`setting.${name}`, String(value));
    const jwt = options.jwt;
    if (jwt && typeof jwt === "object") {
      const spec = jwt as Record<string, unknown>;
      const algorithm = str(spec.algorithm) ?? "HS256";
      if (algorithm !== "HS256") {
        return failure(400, "Bad Request", `{"error":"Unsupported JWT algorithm ${algorithm}"}`);
      }
      const secret = expand(str(spec.secret_key) ?? "", values);
      if (!secret || secret.includes("{{")) {
        return failure(400, "Bad Request", '{"error":"The JWT secret_key setting is not set"}');
      }
      const now = Math.floor((ctx.now?.() ?? new Date()).getTime() / 1000);
      const expiry = typeof spec.expiry === "number" && spec.expiry > 0 ? spec.expiry : 300;
      const claims =
        spec.claims && typeof spec.claims === "object"
          ? (spec.claims as Record<string, unknown>)
          : {};
      const expandedClaims = JSON.parse(expand(JSON.stringify(claims), values)) as Record<
        string,
        unknown
      >;
      // Minted the way Zendesk's proxy does for the `jwt` request option.
      values.set(
        "jwt.token",
        await sign({ iat: now, exp: now + expiry, ...expandedClaims }, secret, "HS256"),
      );
    }
  }

  const url = secure ? expand(rawUrl, values) : rawUrl;
  const headers = new Headers();
  if (options.headers && typeof options.headers === "object") {
    for (const [name, value] of Object.entries(options.headers as Record<string, unknown>)) {
      if (value === undefined || value === null) continue;
      // Zendesk's proxy drops header names with underscores.
      if (name.includes("_")) continue;
      headers.set(name, secure ? expand(String(value), values) : String(value));
    }
  }

  let body: string | undefined;
  let finalUrl = isAccountApi ? new URL(url, "http://zendesk.local") : new URL(url);
  if (options.data !== undefined && options.data !== null) {
    const contentType = options.contentType;
    if (typeof options.data === "string") {
      body = secure ? expand(options.data, values) : options.data;
    } else if (method === "GET" || method === "HEAD") {
      for (const [k, v] of Object.entries(options.data as Record<string, unknown>)) {
        finalUrl.searchParams.append(k, String(v));
      }
    } else if (typeof contentType === "string" && contentType.includes("json")) {
      body = JSON.stringify(options.data);
    } else {
      body = new URLSearchParams(
        Object.entries(options.data as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
      ).toString();
      headers.set("content-type", "application/x-www-form-urlencoded; charset=UTF-8");
    }
    if (body !== undefined && typeof contentType === "string")
      headers.set("content-type", contentType);
  }

  let response: Response;
  try {
    if (isAccountApi) {
      response = await ctx.zendeskApi(new Request(finalUrl, { method, headers, body }));
    } else {
      if (!ctx.guard.allows(finalUrl.toString())) {
        return failure(
          502,
          "Bad Gateway",
          '{"error":"The simulator runs offline: only localhost is reachable"}',
        );
      }
      finalUrl = new URL(finalUrl.toString());
      const timeout =
        typeof options.timeout === "number" && options.timeout > 0
          ? options.timeout
          : DEFAULT_TIMEOUT_MS;
      response = await fetch(finalUrl, {
        method,
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeout),
      });
    }
  } catch (err) {
    const timedOut = err instanceof Error && err.name === "TimeoutError";
    return timedOut
      ? failure(504, "Gateway Timeout", '{"error":"The upstream server did not answer in time"}')
      : failure(502, "Bad Gateway", '{"error":"The upstream server could not be reached"}');
  }

  const responseText = await response.text();
  const responseHeaders = Object.fromEntries(response.headers.entries());
  let responseJSON: unknown;
  const wantsJson =
    options.dataType === "json" || (response.headers.get("content-type") ?? "").includes("json");
  if (wantsJson && responseText) {
    try {
      responseJSON = JSON.parse(responseText);
    } catch {
      responseJSON = undefined;
    }
  }
  if (!response.ok) return failure(response.status, response.statusText, responseText);
  const first =
    options.httpCompleteResponse === true
      ? { status: response.status, responseJSON, responseText, headers: responseHeaders }
      : (responseJSON ?? responseText);
  return { outcome: "done", responseArgs: [first, "success", { status: response.status }] };
}
