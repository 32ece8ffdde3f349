import type { OfflineGuard } from "../shared/offline-guard";

/** One entry of `config/requests.json`. */
export interface RequestTemplate {
  schema: {
    protocol?: string;
    method?: string;
    host?: string;
    path?: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
  };
  options?: { maxAttempts?: number; retryDelay?: number; timeout?: number };
}

export interface IparamDefinition {
  secure?: boolean;
  type?: string;
}

export interface InvokeArgs {
  context?: Record<string, unknown>;
  body?: unknown;
}

/** What `invokeTemplate` resolves (or rejects) with. */
export interface InvokeResult {
  ok: boolean;
  status: number;
  headers: Record<string, string>;
  response: string;
  errorSource?: "APP" | "PLATFORM";
  attempts: number;
}

type Place = "host" | "path" | "query" | "headers";
const EXPRESSION = /<%=\s*([\s\S]+?)\s*%>/g;

export class TemplateError extends Error {}

/**
 * Renders one field of a template with the platform's placement rules (front-end calls):
 * `context.*` only in path and query, non-secure `iparam.*` in host/path/query, secure iparams
 * only in headers; `encode(x)` is base64.
 */
export function renderField(
  text: string,
  place: Place,
  values: {
    iparams: Record<string, unknown>;
    secure: Set<string>;
    context: Record<string, unknown>;
  },
): string {
  return text.replace(EXPRESSION, (_whole, expression: string) => {
    const encoded = /^encode\((.+)\)$/.exec(expression.trim());
    const ref = (encoded?.[1] ?? expression).trim();
    const match = /^(iparam|context)\.([A-Za-z0-9_]+)$/.exec(ref);
    if (!match) throw new TemplateError(`Unsupported expression <%= ${expression} %>`);
    const [, scope, name] = match as unknown as [string, string, string];
    let value: unknown;
    if (scope === "context") {
      if (place !== "path" && place !== "query") {
        throw new TemplateError(
          `context.${name} may only be used in path or query from the front end`,
        );
      }
      value = values.context[name];
    } else {
      if (values.secure.has(name) && place !== "headers") {
        throw new TemplateError(`Secure iparam ${name} may only be used in headers`);
      }
      value = values.iparams[name];
    }
    // Like the platform's EJS rendering, a missing value renders as an empty string.
    const text = value === undefined || value === null ? "" : String(value);
    const out = encoded ? Buffer.from(text).toString("base64") : text;
    return place === "path" && scope === "context" ? encodeURIComponent(out) : out;
  });
}

export interface TemplateRuntime {
  templates: Record<string, RequestTemplate>;
  declared: Set<string>;
  iparams: Record<string, unknown>;
  iparamDefinitions: Record<string, IparamDefinition>;
  /** Hosts answered locally (e.g. `acme.freshdesk.com` → the simulator's REST API). */
  hostMap: Record<string, string>;
  guard: OfflineGuard;
  sleep?: (ms: number) => Promise<void>;
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;

/** `client.request.invokeTemplate(name, args)` on the platform side. */
export async function invokeTemplate(
  name: string,
  args: InvokeArgs,
  runtime: TemplateRuntime,
): Promise<InvokeResult> {
  const fail = (
    status: number,
    message: string,
    errorSource: "APP" | "PLATFORM",
    attempts = 0,
  ): InvokeResult => ({
    ok: false,
    status,
    headers: {},
    response: JSON.stringify({ message }),
    errorSource,
    attempts,
  });
  const template = runtime.templates[name];
  if (!template || !runtime.declared.has(name)) {
    return fail(
      400,
      `Request template ${name} is not declared in config/requests.json and manifest.json`,
      "APP",
    );
  }
  const secure = new Set(
    Object.entries(runtime.iparamDefinitions)
      .filter(([, d]) => d.secure)
      .map(([k]) => k),
  );
  const values = {
    iparams: runtime.iparams,
    secure,
    context: (args.context ?? {}) as Record<string, unknown>,
  };
  let url: URL;
  const headers: Record<string, string> = {};
  const schema = template.schema;
  try {
    const host = renderField(schema.host ?? "", "host", values);
    if (!host || /[/\s]/.test(host) || host.includes("://"))
      throw new TemplateError(`Invalid host "${host}"`);
    const path = renderField(schema.path ?? "/", "path", values);
    if (!path.startsWith("/")) throw new TemplateError("path must start with /");
    const mapped = runtime.hostMap[host.toLowerCase()];
    const hostname = host.split(":")[0] ?? host;
    const loopback = hostname === "localhost" || hostname === "127.0.0.1";
    // http is only for local testing; local servers have no TLS, so https to loopback is served as http.
    const protocol = loopback ? "http" : (schema.protocol ?? "https");
    url = new URL(mapped ? `${mapped}${path}` : `${protocol}://${host}${path}`);
    for (const [k, v] of Object.entries(schema.query ?? {}))
      url.searchParams.set(k, renderField(v, "query", values));
    for (const [k, v] of Object.entries(schema.headers ?? {}))
      headers[k] = renderField(v, "headers", values);
  } catch (err) {
    if (err instanceof TemplateError) return fail(400, err.message, "APP");
    throw err;
  }
  if (!runtime.guard.allows(url.toString())) {
    return fail(502, `The simulator runs offline: ${url.host} is not reachable`, "PLATFORM");
  }

  const method = (schema.method ?? "GET").toUpperCase();
  const body =
    method === "GET" || args.body === undefined
      ? undefined
      : typeof args.body === "string"
        ? args.body
        : JSON.stringify(args.body);
  const maxAttempts = Math.min(Math.max(template.options?.maxAttempts ?? 1, 1), 5);
  const retryDelay = Math.min(Math.max(template.options?.retryDelay ?? 0, 0), 1500);
  const timeout = Math.min(template.options?.timeout ?? 15_000, 30_000);
  const sleep = runtime.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));

  let last: InvokeResult = fail(502, "No attempt was made", "PLATFORM");
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    try {
      const response = await fetch(url, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(timeout),
      });
      const text = await response.text();
      last = {
        ok: response.ok,
        status: response.status,
        headers: Object.fromEntries(response.headers.entries()),
        response: text,
        ...(response.ok ? {} : { errorSource: "APP" as const }),
        attempts: attempt,
      };
      if (response.ok || !RETRYABLE(response.status)) return last;
    } catch (err) {
      const timedOut = err instanceof Error && err.name === "TimeoutError";
      last = fail(
        timedOut ? 504 : 502,
        timedOut
          ? "Timeout error while processing the request"
          : "Error while connecting to the server",
        "PLATFORM",
        attempt,
      );
    }
    if (attempt < maxAttempts) await sleep(retryDelay);
  }
  return last;
}
