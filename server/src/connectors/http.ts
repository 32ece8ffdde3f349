/**
 * The HTTP layer shared by the helpdesk REST clients: JSON in and out, a timeout on every call,
 * 429 `Retry-After` honoured (short waits inline, long ones surfaced to the caller so a job can
 * be deferred instead of holding a worker), and errors classified so callers can decide whether
 * a retry can help. Upstream error texts are never passed on verbatim.
 */

export type HelpdeskErrorKind =
  | "auth"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "upstream"
  | "network"
  | "bad_response"
  | "bad_request";

export class HelpdeskApiError extends Error {
  readonly kind: HelpdeskErrorKind;
  readonly status: number | null;
  /** Set for `rate_limited`: how long the helpdesk asked us to wait. */
  readonly retryAfterMs: number | null;

  constructor(
    kind: HelpdeskErrorKind,
    message: string,
    status: number | null = null,
    retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = "HelpdeskApiError";
    this.kind = kind;
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }

  /** Whether trying again later can succeed (auth and 404 will not fix themselves). */
  get retryable(): boolean {
    return (
      this.kind === "rate_limited" ||
      this.kind === "upstream" ||
      this.kind === "network" ||
      this.kind === "bad_response"
    );
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpClientOptions {
  /** e.g. https://acme.zendesk.com (no trailing slash). */
  baseUrl: string;
  /** The full Authorization header value. */
  authorization: string;
  /** What the client talks to, for messages ("Zendesk", "Freshdesk"). */
  product: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** 429s asking for at most this long are waited out inline; longer ones throw. */
  maxInlineRetryAfterMs?: number;
  max429Retries?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface JsonResponse<T> {
  data: T;
  headers: Headers;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `Retry-After` is seconds or an HTTP date; absent or unparsable → null. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

export class HttpClient {
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly options: Required<Omit<HttpClientOptions, "baseUrl">>;

  constructor(options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.origin = new URL(this.baseUrl).origin;
    this.options = {
      authorization: options.authorization,
      product: options.product,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      timeoutMs: options.timeoutMs ?? 15_000,
      maxInlineRetryAfterMs: options.maxInlineRetryAfterMs ?? 10_000,
      max429Retries: options.max429Retries ?? 3,
      sleep: options.sleep ?? defaultSleep,
    };
  }

  /**
   * Resolves a path (or a pagination URL the API handed us). Absolute URLs must stay on the
   * helpdesk's origin so a crafted `next_page` cannot send our credentials elsewhere.
   */
  url(pathOrUrl: string, query?: RequestOptions["query"]): string {
    const url = new URL(pathOrUrl, `${this.baseUrl}/`);
    if (url.origin !== this.origin) {
      throw new HelpdeskApiError(
        "bad_response",
        `${this.options.product} returned a link to another host`,
      );
    }
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async json<T>(pathOrUrl: string, options: RequestOptions = {}): Promise<JsonResponse<T>> {
    const url = this.url(pathOrUrl, options.query);
    const { product } = this.options;
    for (let attempt = 0; ; attempt += 1) {
      let res: Response;
      try {
        res = await this.options.fetch(url, {
          method: options.method ?? "GET",
          headers: {
            authorization: this.options.authorization,
            accept: "application/json",
            ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
          },
          body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
          signal: AbortSignal.timeout(this.options.timeoutMs),
          redirect: "error",
        });
      } catch (err) {
        const timedOut = err instanceof Error && err.name === "TimeoutError";
        throw new HelpdeskApiError(
          "network",
          timedOut ? `${product} did not answer in time` : `${product} could not be reached`,
        );
      }

      if (res.status === 429) {
        const wait = parseRetryAfter(res.headers.get("retry-after")) ?? 60_000;
        await res.body?.cancel().catch(() => {});
        if (wait <= this.options.maxInlineRetryAfterMs && attempt < this.options.max429Retries) {
          await this.options.sleep(wait);
          continue;
        }
        throw new HelpdeskApiError(
          "rate_limited",
          `${product} rate limit reached; retry in ${Math.ceil(wait / 1000)} s`,
          429,
          wait,
        );
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => {});
        throw errorForStatus(product, res.status);
      }
      if (res.status === 204) return { data: undefined as T, headers: res.headers };
      try {
        return { data: (await res.json()) as T, headers: res.headers };
      } catch {
        throw new HelpdeskApiError("bad_response", `${product} answered with invalid JSON`);
      }
    }
  }
}

function errorForStatus(product: string, status: number): HelpdeskApiError {
  if (status === 401) {
    return new HelpdeskApiError("auth", `${product} rejected the stored credentials (401)`, status);
  }
  if (status === 403) {
    return new HelpdeskApiError(
      "forbidden",
      `${product} refused access with the stored credentials (403)`,
      status,
    );
  }
  if (status === 404) return new HelpdeskApiError("not_found", `${product}: not found`, status);
  if (status >= 500) {
    return new HelpdeskApiError("upstream", `${product} failed with HTTP ${status}`, status);
  }
  return new HelpdeskApiError("bad_request", `${product} refused the request (${status})`, status);
}

/** `Link: <…>; rel="next"` (Freshdesk pagination). */
export function nextLink(headers: Headers): string | null {
  const link = headers.get("link");
  if (!link) return null;
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part.trim());
    if (match?.[1]) return match[1];
  }
  return null;
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}
