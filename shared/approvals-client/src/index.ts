import {
  type ApprovalCreateInput,
  type ApprovalRequest,
  ApprovalRequestSchema,
  errorFromResponse,
  TandemApiError,
  type Transport,
} from "@tandem/shared";

/**
 * The bot side of "consult a human": an external AI agent asks a person in the helpdesk to
 * approve a change, then waits for the decision. Use a `bot`-scoped token (it can request and
 * read approvals, never decide them).
 *
 *   const tandem = createApprovalClient({ baseUrl, token });
 *   const pending = await tandem.requestApproval({ ticketId, action, summary, requestedBy });
 *   const decided = await tandem.waitForDecision(pending.id, { timeoutMs: 10 * 60_000 });
 */
export interface ApprovalClientOptions {
  /** The Tandem server, e.g. `https://tandem.example.com`. */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
}

export interface WaitOptions {
  /** Give up (answering the request as it stands) after this long; default 15 minutes. */
  timeoutMs?: number;
  /**
   * For business actions the server runs after approval: also wait until that run succeeded or
   * failed (`executed` / `failed`). Default true.
   */
  untilSettled?: boolean;
  signal?: AbortSignal;
}

export interface ApprovalClient {
  requestApproval(input: ApprovalCreateInput): Promise<ApprovalRequest>;
  getApproval(id: string): Promise<ApprovalRequest>;
  waitForDecision(id: string, options?: WaitOptions): Promise<ApprovalRequest>;
}

/** True once a human answered (or the request expired) and any server-run action settled. */
export function isSettled(approval: ApprovalRequest, untilSettled = true): boolean {
  if (approval.status === "pending") return false;
  if (!untilSettled || approval.status !== "approved") return true;
  // Approved with a server-run business action still to come (or running) is not settled yet.
  return approval.execution === undefined
    ? false
    : approval.execution.status === "succeeded" || approval.execution.status === "failed";
}

export function fetchTransport(options: ApprovalClientOptions): Transport {
  const base = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  return async (request) => {
    const response = await doFetch(`${base}${request.path}`, {
      method: request.method,
      headers: {
        authorization: `Bearer ${options.token}`,
        ...(request.body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // keep the raw text
    }
    return { status: response.status, body };
  };
}

const LONG_POLL_SECONDS = 30;

export function createApprovalClient(options: ApprovalClientOptions): ApprovalClient {
  const transport = fetchTransport(options);
  const call = async (method: "GET" | "POST", path: string, body?: unknown) => {
    let response: Awaited<ReturnType<Transport>>;
    try {
      response = await transport({ method, path, body });
    } catch {
      throw new TandemApiError("UNREACHABLE", "The Tandem server could not be reached");
    }
    if (response.status < 200 || response.status >= 300) throw errorFromResponse(response);
    const parsed = ApprovalRequestSchema.safeParse(response.body);
    if (!parsed.success)
      throw new TandemApiError("BAD_RESPONSE", "Unexpected approval from the server");
    return parsed.data;
  };
  const getApproval = (id: string, waitSeconds = 0) =>
    call(
      "GET",
      `/v1/approvals/${encodeURIComponent(id)}${waitSeconds > 0 ? `?waitSeconds=${waitSeconds}` : ""}`,
    );

  return {
    requestApproval: (input) => call("POST", "/v1/approvals", input),
    getApproval: (id) => getApproval(id),
    async waitForDecision(id, waitOptions = {}) {
      const untilSettled = waitOptions.untilSettled ?? true;
      const deadline = Date.now() + (waitOptions.timeoutMs ?? 15 * 60_000);
      let current = await getApproval(id);
      while (!isSettled(current, untilSettled) && !waitOptions.signal?.aborted) {
        const remaining = Math.ceil((deadline - Date.now()) / 1000);
        if (remaining <= 0) break;
        try {
          current = await getApproval(id, Math.min(LONG_POLL_SECONDS, remaining));
        } catch (error) {
          // Transient network or rate-limit failures: back off briefly and poll again.
          if (
            error instanceof TandemApiError &&
            (error.code === "UNREACHABLE" || error.code === "RATE_LIMITED")
          ) {
            await new Promise((resolve) => setTimeout(resolve, 1_000));
            continue;
          }
          throw error;
        }
      }
      return current;
    },
  };
}
