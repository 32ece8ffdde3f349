import {
  callTransport,
  isTandemApiError,
  TandemApiError,
  type Transport,
  type TransportRequest,
} from "@tandem/shared";

export {
  type ClientErrorCode,
  type ClientOnlyErrorCode,
  ClientOnlyErrorCodes,
  callTransport,
  errorFromResponse,
  isTandemApiError,
  TandemApiError,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from "@tandem/shared";

import type {
  AddDraftActionRequest,
  AnalyticsQuery,
  AnalyticsSummary,
  ApprovalDecisionRequest,
  ApprovalRequest,
  Decision,
  DecisionRequestInput,
  Draft,
  DraftRequestInput,
  Execution,
  OutcomesRequestInput,
  ProposedAction,
} from "@tandem/shared";
import {
  AnalyticsSummaryResponse,
  ApprovalRequestResponse,
  DecisionResponse,
  DraftResponse,
  ExecutionResponse,
  ProposedActionResponse,
  type WhoAmI,
  WhoAmIResponse,
} from "./response-checks";

export interface TandemApi {
  createDraft(request: DraftRequestInput): Promise<Draft>;
  /** The latest draft of a ticket, or null when there is none yet. */
  getLatestDraft(ticketId: string): Promise<Draft | null>;
  markShown(draftId: string, agent?: { id: string; name: string }): Promise<void>;
  decide(draftId: string, request: DecisionRequestInput): Promise<Decision>;
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
  analyticsSummary(query?: Partial<AnalyticsQuery>): Promise<AnalyticsSummary>;
  whoAmI(): Promise<WhoAmI>;
}

const ApprovalListSchema = {
  parse(value: unknown): ApprovalRequest[] {
    // The list endpoint answers `{ approvals: [...] }`; a bare array is accepted as well.
    const list = Array.isArray(value)
      ? value
      : (value as { approvals?: unknown } | null)?.approvals;
    if (!Array.isArray(list)) throw new Error("approvals: expected a list");
    return list.map((item) => ApprovalRequestResponse.parse(item));
  },
};

const seg = (value: string) => encodeURIComponent(value);

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

  /** A call whose answer must match `schema`; `what` names the answer in the error. */
  async function fetchParsed<T>(
    schema: { parse(value: unknown): T },
    what: string,
    request: TransportRequest,
  ): Promise<T> {
    return parse(schema, await call(request), what);
  }

  return {
    async createDraft(request) {
      return fetchParsed(DraftResponse, "draft", {
        method: "POST",
        path: "/v1/drafts",
        body: request,
      });
    },
    async getLatestDraft(ticketId) {
      try {
        return await fetchParsed(DraftResponse, "draft", {
          method: "GET",
          path: `/v1/tickets/${seg(ticketId)}/draft`,
        });
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
      return fetchParsed(DecisionResponse, "decision", {
        method: "POST",
        path: `/v1/drafts/${seg(draftId)}/decision`,
        body: request,
      });
    },
    async reportSent(draftId, text) {
      await call({ method: "POST", path: `/v1/drafts/${seg(draftId)}/sent`, body: { body: text } });
    },
    async addDraftAction(draftId, request) {
      return fetchParsed(ProposedActionResponse, "action", {
        method: "POST",
        path: `/v1/drafts/${seg(draftId)}/actions`,
        body: request,
      });
    },
    async reportOutcomes(draftId, request) {
      await call({ method: "POST", path: `/v1/drafts/${seg(draftId)}/outcomes`, body: request });
    },
    async listApprovals(ticketId) {
      return fetchParsed(ApprovalListSchema, "approval list", {
        method: "GET",
        path: `/v1/tickets/${seg(ticketId)}/approvals`,
      });
    },
    async decideApproval(approvalId, request) {
      return fetchParsed(ApprovalRequestResponse, "approval", {
        method: "POST",
        path: `/v1/approvals/${seg(approvalId)}/decision`,
        body: request,
      });
    },
    async getExecution(executionId) {
      return fetchParsed(ExecutionResponse, "execution", {
        method: "GET",
        path: `/v1/executions/${seg(executionId)}`,
      });
    },
    async retryExecution(executionId) {
      return fetchParsed(ExecutionResponse, "execution", {
        method: "POST",
        path: `/v1/executions/${seg(executionId)}/retry`,
      });
    },
    async analyticsSummary(query = {}) {
      const path = `/v1/analytics/summary${queryString({
        from: query.from,
        to: query.to,
        platform: query.platform,
        groupBy: query.groupBy,
      })}`;
      return fetchParsed(AnalyticsSummaryResponse, "analytics summary", { method: "GET", path });
    },
    async whoAmI() {
      return fetchParsed(WhoAmIResponse, "installation", {
        method: "GET",
        path: "/v1/installation",
      });
    },
  };
}
