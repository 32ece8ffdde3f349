import type { z } from "zod";
import {
  type ErrorCode,
  ErrorCodes,
  type ErrorIssue,
  errorCodeForStatus,
  isErrorBody,
} from "../errors";
import { type ProposedAction, ProposedActionSchema } from "../schemas/actions";
import { type AnalyticsQuery, AnalyticsSummarySchema } from "../schemas/analytics";
import {
  type ApprovalDecisionRequest,
  type ApprovalRequest,
  ApprovalRequestSchema,
} from "../schemas/approvals";
import {
  type DecisionRequestInput,
  DecisionSchema,
  type Execution,
  ExecutionSchema,
} from "../schemas/decision";
import {
  type AddDraftActionRequest,
  type DraftRequestInput,
  DraftSchema,
  type OutcomesRequestInput,
} from "../schemas/draft";
import { WhoAmISchema } from "../schemas/installations";

/** One HTTP call as a host adapter performs it (ZAF `client.request`, Freshworks `invokeTemplate`). */
export interface TransportRequest {
  method: "GET" | "POST";
  /** Path below the server root, always starting with `/v1/`. */
  path: string;
  body?: unknown;
}

export interface TransportResponse {
  /** HTTP status; 0 when no response came back at all. */
  status: number;
  /** Parsed JSON body when there was one, else the raw text (or undefined). */
  body: unknown;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** Codes the sidebar can see: every server code plus the ones only a client can observe. */
export const ClientOnlyErrorCodes = ["UNREACHABLE", "NOT_CONFIGURED", "BAD_RESPONSE"] as const;
export type ClientOnlyErrorCode = (typeof ClientOnlyErrorCodes)[number];
export type ClientErrorCode = ErrorCode | ClientOnlyErrorCode;

export class TandemApiError extends Error {
  override readonly name = "TandemApiError";
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status = 0,
    readonly requestId?: string,
    /** The error body's field-level detail (`{ path, message }`), e.g. of a 400 or a 409. */
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
  }
}

export function isTandemApiError(value: unknown): value is TandemApiError {
  return value instanceof TandemApiError;
}

/** Error statuses that, without our error body, mean a proxy or gateway could not reach the server. */
const GATEWAY_STATUSES = new Set([0, 502, 503, 504, 520, 521, 522, 523, 524]);

function codeForStatus(status: number): ClientErrorCode {
  if (GATEWAY_STATUSES.has(status)) return "UNREACHABLE";
  return errorCodeForStatus(status);
}

/** Turns a non-2xx response into a typed error, trusting the body's `code` only if it is ours. */
export function errorFromResponse(response: TransportResponse): TandemApiError {
  const { status, body } = response;
  if (isErrorBody(body) && (ErrorCodes as readonly string[]).includes(body.error.code)) {
    return new TandemApiError(
      body.error.code,
      body.error.message,
      status,
      body.error.requestId,
      body.error.issues,
    );
  }
  const code = codeForStatus(status);
  const message =
    code === "UNREACHABLE"
      ? "The Tandem server could not be reached"
      : `The server answered with HTTP ${status}`;
  return new TandemApiError(code, message, status);
}

export interface TandemApi {
  createDraft(request: DraftRequestInput): Promise<z.infer<typeof DraftSchema>>;
  /** The latest draft of a ticket, or null when there is none yet. */
  getLatestDraft(ticketId: string): Promise<z.infer<typeof DraftSchema> | null>;
  markShown(draftId: string, agent?: { id: string; name: string }): Promise<void>;
  decide(draftId: string, request: DecisionRequestInput): Promise<z.infer<typeof DecisionSchema>>;
  reportSent(draftId: string, body: string): Promise<void>;
  /** The agent adds an action to the draft, e.g. to back a promise (`201` the new action). */
  addDraftAction(draftId: string, request: AddDraftActionRequest): Promise<ProposedAction>;
  /** What the helpdesk did after the decision: reply inserted, field actions applied or staged. */
  reportOutcomes(draftId: string, request: OutcomesRequestInput): Promise<void>;
  listApprovals(ticketId: string): Promise<ApprovalRequest[]>;
  decideApproval(approvalId: string, request: ApprovalDecisionRequest): Promise<ApprovalRequest>;
  /** Current state of a business-action execution (`GET /v1/executions/:id`). */
  getExecution(executionId: string): Promise<Execution>;
  /** Queues a failed execution again (`POST /v1/executions/:id/retry`); 409 unless it failed. */
  retryExecution(executionId: string): Promise<Execution>;
  analyticsSummary(
    query?: Partial<AnalyticsQuery>,
  ): Promise<z.infer<typeof AnalyticsSummarySchema>>;
  whoAmI(): Promise<z.infer<typeof WhoAmISchema>>;
}

const ApprovalListSchema = {
  parse(value: unknown): ApprovalRequest[] {
    // The list endpoint answers `{ approvals: [...] }`; a bare array is accepted as well.
    const list = Array.isArray(value)
      ? value
      : (value as { approvals?: unknown } | null)?.approvals;
    if (!Array.isArray(list)) throw new Error("approvals: expected a list");
    return list.map((item) => ApprovalRequestSchema.parse(item));
  },
};

const seg = (value: string) => encodeURIComponent(value);

/**
 * One call through a transport: the 2xx body, or a `TandemApiError` (a throwing transport means
 * the server was unreachable, unless it threw a `TandemApiError` itself).
 */
export async function callTransport(
  transport: Transport,
  request: TransportRequest,
): Promise<unknown> {
  let response: TransportResponse;
  try {
    response = await transport(request);
  } catch (error) {
    if (isTandemApiError(error)) throw error;
    throw new TandemApiError("UNREACHABLE", "The Tandem server could not be reached");
  }
  if (response.status >= 200 && response.status < 300) return response.body;
  throw errorFromResponse(response);
}

/** A `GET path → body` function over a transport, e.g. for the analytics dashboard's `fetchJson`. */
export function createFetchJson(transport: Transport): (path: string) => Promise<unknown> {
  return (path) => callTransport(transport, { method: "GET", path });
}

function queryString(query: Record<string, string | undefined>): string {
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "")
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  return parts.length > 0 ? `?${parts.join("&")}` : "";
}

/**
 * Typed client of the v1 API over a host-provided transport. Every failure becomes a
 * `TandemApiError` whose `code` the UI branches on; a transport that throws means the server
 * was unreachable (unless it threw a `TandemApiError` itself, e.g. `NOT_CONFIGURED`).
 */
export function createTandemApi(transport: Transport): TandemApi {
  const call = (request: TransportRequest) => callTransport(transport, request);

  function parse<T>(schema: { parse(value: unknown): T }, value: unknown, what: string): T {
    try {
      return schema.parse(value);
    } catch (error) {
      const detail = error instanceof Error ? error.message.slice(0, 300) : "";
      throw new TandemApiError("BAD_RESPONSE", `Unexpected ${what} from the server. ${detail}`);
    }
  }

  return {
    async createDraft(request) {
      const body = await call({ method: "POST", path: "/v1/drafts", body: request });
      return parse(DraftSchema, body, "draft");
    },
    async getLatestDraft(ticketId) {
      try {
        const body = await call({ method: "GET", path: `/v1/tickets/${seg(ticketId)}/draft` });
        return parse(DraftSchema, body, "draft");
      } catch (error) {
        if (isTandemApiError(error) && error.code === "NOT_FOUND") return null;
        throw error;
      }
    },
    async markShown(draftId, agent) {
      await call({
        method: "POST",
        path: `/v1/drafts/${seg(draftId)}/shown`,
        body: agent ? { agent } : {},
      });
    },
    async decide(draftId, request) {
      const body = await call({
        method: "POST",
        path: `/v1/drafts/${seg(draftId)}/decision`,
        body: request,
      });
      return parse(DecisionSchema, body, "decision");
    },
    async reportSent(draftId, text) {
      await call({ method: "POST", path: `/v1/drafts/${seg(draftId)}/sent`, body: { body: text } });
    },
    async addDraftAction(draftId, request) {
      const body = await call({
        method: "POST",
        path: `/v1/drafts/${seg(draftId)}/actions`,
        body: request,
      });
      return parse(ProposedActionSchema, body, "action");
    },
    async reportOutcomes(draftId, request) {
      await call({ method: "POST", path: `/v1/drafts/${seg(draftId)}/outcomes`, body: request });
    },
    async listApprovals(ticketId) {
      const body = await call({ method: "GET", path: `/v1/tickets/${seg(ticketId)}/approvals` });
      return parse(ApprovalListSchema, body, "approval list");
    },
    async decideApproval(approvalId, request) {
      const body = await call({
        method: "POST",
        path: `/v1/approvals/${seg(approvalId)}/decision`,
        body: request,
      });
      return parse(ApprovalRequestSchema, body, "approval");
    },
    async getExecution(executionId) {
      const body = await call({ method: "GET", path: `/v1/executions/${seg(executionId)}` });
      return parse(ExecutionSchema, body, "execution");
    },
    async retryExecution(executionId) {
      const body = await call({ method: "POST", path: `/v1/executions/${seg(executionId)}/retry` });
      return parse(ExecutionSchema, body, "execution");
    },
    async analyticsSummary(query = {}) {
      const path = `/v1/analytics/summary${queryString({
        from: query.from,
        to: query.to,
        platform: query.platform,
        groupBy: query.groupBy,
      })}`;
      const body = await call({ method: "GET", path });
      return parse(AnalyticsSummarySchema, body, "analytics summary");
    },
    async whoAmI() {
      const body = await call({ method: "GET", path: "/v1/installation" });
      return parse(WhoAmISchema, body, "installation");
    },
  };
}
