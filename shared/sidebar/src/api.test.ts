import { describe, expect, it } from "vitest";
import { sampleAddedAction, sampleDecision, sampleDraft, sampleExecution } from "../testing";
import { createFetchJson, createTandemApi, TandemApiError, type TransportRequest } from "./api";

function recording(answer: (request: TransportRequest) => { status: number; body: unknown }) {
  const requests: TransportRequest[] = [];
  const api = createTandemApi(async (request) => {
    requests.push(request);
    return answer(request);
  });
  return { api, requests };
}

const agent = { id: "77", name: "Ana" };

describe("createTandemApi", () => {
  it("posts drafts and validates the answer against the Draft contract", async () => {
    const draft = sampleDraft();
    const { api, requests } = recording(() => ({ status: 200, body: draft }));
    const result = await api.createDraft({
      ticket: {
        platform: "zendesk",
        id: "1",
        subject: "s",
        status: "open",
        requester: { id: "r", name: "R" },
        messages: [
          { id: "m", author: "customer", public: true, body: "hi", createdAt: draft.createdAt },
        ],
      },
      agent,
    });
    expect(result.id).toBe(draft.id);
    expect(requests[0]).toMatchObject({ method: "POST", path: "/v1/drafts" });
  });

  it("uses the contract paths and encodes ids", async () => {
    const draft = sampleDraft();
    const { api, requests } = recording((request) => {
      if (request.path.endsWith("/decision") && request.path.startsWith("/v1/drafts/")) {
        return {
          status: 200,
          body: sampleDecision(draft, {
            idempotencyKey: "k".repeat(10),
            agent,
            ticketRevision: "r",
            reply: { outcome: "accepted" },
          }),
        };
      }
      if (request.path.endsWith("/approvals")) return { status: 200, body: { approvals: [] } };
      if (request.path.endsWith("/draft")) return { status: 200, body: draft };
      return { status: 204, body: undefined };
    });
    await api.getLatestDraft("a/b");
    await api.markShown(draft.id, agent);
    await api.decide(draft.id, {
      idempotencyKey: "k".repeat(10),
      agent,
      ticketRevision: "r",
      reply: { outcome: "accepted" },
    });
    await api.reportSent(draft.id, "sent text");
    expect(await api.listApprovals("42")).toEqual([]);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /v1/tickets/a%2Fb/draft",
      `POST /v1/drafts/${draft.id}/shown`,
      `POST /v1/drafts/${draft.id}/decision`,
      `POST /v1/drafts/${draft.id}/sent`,
      "GET /v1/tickets/42/approvals",
    ]);
    expect(requests[1]?.body).toEqual({ agent });
    expect(requests[3]?.body).toEqual({ body: "sent text" });
  });

  it("reads and retries business-action executions on their contract paths", async () => {
    const execution = sampleExecution({ status: "failed", lastError: "Shop API returned 500" });
    const { api, requests } = recording((request) =>
      request.method === "POST"
        ? { status: 202, body: { ...execution, status: "pending" } }
        : { status: 200, body: execution },
    );
    expect((await api.getExecution(execution.id)).status).toBe("failed");
    expect((await api.retryExecution(execution.id)).status).toBe("pending");
    expect(requests).toEqual([
      { method: "GET", path: `/v1/executions/${execution.id}` },
      { method: "POST", path: `/v1/executions/${execution.id}/retry` },
    ]);
    const conflict = recording(() => ({
      status: 409,
      body: { error: { code: "CONFLICT", message: "Only a failed execution can be retried" } },
    }));
    await expect(conflict.api.retryExecution(execution.id)).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const broken = recording(() => ({ status: 200, body: { id: execution.id } }));
    await expect(broken.api.getExecution(execution.id)).rejects.toMatchObject({
      code: "BAD_RESPONSE",
    });
  });

  it("builds the analytics query string from the given filters only", async () => {
    const { api, requests } = recording(() => ({ status: 500, body: {} }));
    await expect(api.analyticsSummary({ from: "2025-01-01", groupBy: "day" })).rejects.toThrow();
    expect(requests[0]?.path).toBe("/v1/analytics/summary?from=2025-01-01&groupBy=day");
  });

  it("maps the server's error body to a typed error with its code and request id", async () => {
    const { api } = recording(() => ({
      status: 409,
      body: { error: { code: "STALE_DRAFT", message: "The ticket changed", requestId: "req-1" } },
    }));
    const error = await api
      .decide("d", {
        idempotencyKey: "k".repeat(10),
        agent,
        ticketRevision: "r",
        reply: { outcome: "accepted" },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TandemApiError);
    expect(error).toMatchObject({ code: "STALE_DRAFT", status: 409, requestId: "req-1" });
  });

  it("keeps the error body's field issues (a locked target, a cross-field check)", async () => {
    const issues = [
      {
        path: "actions.0.params.checkOut",
        message: "must be after checkIn",
        keyword: "formatExclusiveMinimum",
        params: { field: "checkIn" },
      },
    ];
    const { api } = recording(() => ({
      status: 409,
      body: { error: { code: "TARGET_LOCKED", message: "locked", requestId: "req-2", issues } },
    }));
    const error = await api
      .decide("d", {
        idempotencyKey: "k".repeat(10),
        agent,
        ticketRevision: "r",
        reply: { outcome: "accepted" },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TARGET_LOCKED", status: 409, issues });
  });

  it("adds an action to a draft and reports outcomes on their contract paths", async () => {
    const added = sampleAddedAction("refund");
    const { api, requests } = recording((request) =>
      request.path.endsWith("/actions")
        ? { status: 201, body: added }
        : { status: 200, body: { ignored: true } },
    );
    const action = await api.addDraftAction("d/1", { commitmentKind: "refund" });
    expect(action).toEqual(added);
    await api.reportOutcomes("d/1", {
      reply: { inserted: true },
      actions: [{ id: "a-status", result: "staged" }],
    });
    expect(requests).toEqual([
      { method: "POST", path: "/v1/drafts/d%2F1/actions", body: { commitmentKind: "refund" } },
      {
        method: "POST",
        path: "/v1/drafts/d%2F1/outcomes",
        body: { reply: { inserted: true }, actions: [{ id: "a-status", result: "staged" }] },
      },
    ]);
    const broken = recording(() => ({ status: 201, body: { id: "x" } }));
    await expect(
      broken.api.addDraftAction("d", { commitmentKind: "refund" }),
    ).rejects.toMatchObject({ code: "BAD_RESPONSE" });
  });

  it("maps statuses without our error body (proxy pages) by status", async () => {
    for (const [status, code] of [
      [401, "UNAUTHORIZED"],
      [404, "NOT_FOUND"],
      [429, "RATE_LIMITED"],
      [500, "INTERNAL"],
      [502, "UNREACHABLE"],
      [504, "UNREACHABLE"],
      [0, "UNREACHABLE"],
    ] as const) {
      const { api } = recording(() => ({ status, body: "<html>Bad gateway</html>" }));
      await expect(api.whoAmI()).rejects.toMatchObject({ code });
    }
  });

  it("turns a throwing transport into UNREACHABLE but keeps its own typed errors", async () => {
    const down = createTandemApi(async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(down.whoAmI()).rejects.toMatchObject({ code: "UNREACHABLE" });
    const unconfigured = createTandemApi(async () => {
      throw new TandemApiError("NOT_CONFIGURED", "Missing server URL");
    });
    await expect(unconfigured.whoAmI()).rejects.toMatchObject({ code: "NOT_CONFIGURED" });
  });

  it("rejects a 2xx body that breaks the contract as BAD_RESPONSE", async () => {
    const { api } = recording(() => ({ status: 200, body: { id: 1 } }));
    await expect(api.getLatestDraft("1")).rejects.toMatchObject({ code: "BAD_RESPONSE" });
  });

  it("answers null for a ticket without a draft", async () => {
    const { api } = recording(() => ({
      status: 404,
      body: { error: { code: "NOT_FOUND", message: "No draft", requestId: "r" } },
    }));
    expect(await api.getLatestDraft("1")).toBeNull();
  });

  it("offers a plain GET for other endpoints (the dashboard's fetchJson)", async () => {
    const seen: TransportRequest[] = [];
    const fetchJson = createFetchJson(async (request) => {
      seen.push(request);
      return request.path.includes("bad")
        ? { status: 403, body: { error: { code: "FORBIDDEN", message: "no", requestId: "r" } } }
        : { status: 200, body: { ok: true } };
    });
    expect(await fetchJson("/v1/analytics/summary?groupBy=day")).toEqual({ ok: true });
    expect(seen[0]).toEqual({ method: "GET", path: "/v1/analytics/summary?groupBy=day" });
    await expect(fetchJson("/v1/bad")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
