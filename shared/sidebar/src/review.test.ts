import type { DecisionRequestInput } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import {
  createFakeApi,
  createFakeHost,
  flush,
  sampleApproval,
  sampleDecision,
  sampleDraft,
  sampleTicket,
} from "../testing";
import { TandemApiError } from "./api";
import { createTranslator } from "./i18n";
import { createReviewController } from "./review-controller";
import { draftNotice, replyWasEdited } from "./review-selectors";
import { ticketFingerprint } from "./stale";

const t = createTranslator("en");

function setup(options: Parameters<typeof createFakeApi>[0] = {}, missingSettings: string[] = []) {
  const api = createFakeApi(options);
  const host = createFakeHost();
  let keys = 0;
  const controller = createReviewController({
    api,
    host,
    t,
    missingSettings,
    newKey: () => `key-${String(++keys).padStart(4, "0")}`,
  });
  return { api, host, controller };
}

describe("review controller: loading", () => {
  it("loads the ticket, asks for a draft as the agent and reports it shown once", async () => {
    const { api, controller } = setup();
    expect(controller.getState().phase).toBe("loading");
    await controller.start();
    const state = controller.getState();
    expect(state.phase).toBe("ready");
    expect(state.replyText).toBe(sampleDraft().reply.body);
    expect(state.selected).toEqual({
      "a-status": true,
      "a-tags": true,
      "a-priority": true,
      "a-refund": true,
    });
    const [request] = api.callsOf("createDraft")[0] as [{ agent: unknown; refresh?: boolean }];
    expect(request.agent).toEqual({ id: "77", name: "Ana Agent" });
    expect(request.refresh).toBeUndefined();
    await controller.reload();
    expect(api.callsOf("markShown")).toHaveLength(1);
    expect(api.callsOf("markShown")[0]).toEqual([
      sampleDraft().id,
      { id: "77", name: "Ana Agent" },
    ]);
  });

  it("shows not configured without calling the server when settings are missing", async () => {
    const { api, controller } = setup({}, ["Server URL"]);
    await controller.start();
    expect(controller.getState()).toMatchObject({
      phase: "not_configured",
      missingSettings: ["Server URL"],
    });
    expect(api.calls).toHaveLength(0);
  });

  it.each([
    [new TandemApiError("NOT_CONFIGURED", "no url"), "not_configured"],
    [new TandemApiError("UNAUTHORIZED", "bad token", 401), "unauthorized"],
    [new TandemApiError("FORBIDDEN", "scope", 403), "unauthorized"],
    [new TandemApiError("UNREACHABLE", "down"), "unreachable"],
    [new TandemApiError("UPSTREAM_MODEL_FAILED", "model", 502), "model_failed"],
    [new TandemApiError("INTERNAL", "boom", 500, "req-9"), "error"],
    [new TandemApiError("BAD_RESPONSE", "weird"), "error"],
  ] as const)("maps %s to the %s screen, and retry recovers", async (error, phase) => {
    const { controller, api } = setup({ drafts: [error, sampleDraft()] });
    await controller.start();
    expect(controller.getState().phase).toBe(phase);
    expect(controller.getState().error?.code).toBe(error.code);
    await controller.reload();
    expect(controller.getState().phase).toBe("ready");
    expect(api.callsOf("createDraft")).toHaveLength(2);
  });

  it("shows a host failure (ticket unreadable) as an error screen", async () => {
    const { host, controller } = setup();
    host.getTicket = async () => {
      throw new Error("ticket API unavailable");
    };
    await controller.start();
    expect(controller.getState()).toMatchObject({
      phase: "error",
      error: { code: "HOST_ERROR", message: "ticket API unavailable" },
    });
  });

  it("tells offline drafts from model failures with an offline fallback", () => {
    expect(draftNotice(sampleDraft())).toBeNull();
    expect(draftNotice(sampleDraft({ mode: "offline" }))).toEqual({ kind: "offline" });
    expect(draftNotice(sampleDraft({ mode: "offline", fallbackReason: "timeout" }))).toEqual({
      kind: "model_failed",
      reason: "timeout",
    });
  });

  it("loads pending approval requests next to the draft", async () => {
    const { api, controller } = setup();
    api.approvals = [sampleApproval(), sampleApproval({ id: "ap-2", status: "executed" })];
    await controller.start();
    await flush();
    expect(controller.getState().approvals.map((item) => item.request.id)).toEqual(["ap-1"]);
  });
});

describe("review controller: approve & insert", () => {
  it("posts the decision once, inserts the reply and applies only the checked field actions", async () => {
    const { api, host, controller } = setup();
    await controller.start();
    controller.toggleAction("a-tags");
    controller.setActionParam("a-refund", "amount", 50);
    const first = controller.approveAndInsert();
    const second = controller.approveAndInsert();
    await Promise.all([first, second]);
    await controller.approveAndInsert();

    const decisions = api.callsOf("decide");
    expect(decisions).toHaveLength(1);
    const request = decisions[0]?.[1] as DecisionRequestInput;
    expect(request.idempotencyKey).toBe("key-0001");
    expect(request.reply).toEqual({ outcome: "accepted" });
    expect(request.actions).toContainEqual({ id: "a-tags", outcome: "rejected" });
    expect(request.actions).toContainEqual({
      id: "a-refund",
      outcome: "approved",
      params: { orderId: "ORD-550871", amount: 50, currency: "EUR" },
    });
    expect(host.inserted).toEqual([sampleDraft().reply.body]);
    expect(host.applied).toEqual([
      [
        { id: "a-status", type: "set_status", params: { status: "pending" } },
        { id: "a-priority", type: "set_priority", params: { priority: "high" } },
      ],
    ]);
    const state = controller.getState();
    expect(state.phase).toBe("decided");
    expect(state.decided).toMatchObject({ kind: "approved", appliedCount: 2 });
    expect(host.notifications).toEqual([
      { message: "Tandem inserted the reply.", kind: "success" },
    ]);
  });

  it("records an edited reply and inserts the edited text", async () => {
    const { api, host, controller } = setup();
    await controller.start();
    controller.setReply("Hola Marta, gracias.");
    expect(replyWasEdited(controller.getState())).toBe(true);
    await controller.approveAndInsert();
    const request = api.callsOf("decide")[0]?.[1] as DecisionRequestInput;
    expect(request.reply).toEqual({ outcome: "edited", body: "Hola Marta, gracias." });
    expect(host.inserted).toEqual(["Hola Marta, gracias."]);
  });

  it("keeps the same idempotency key when the agent retries after the server was unreachable", async () => {
    const { api, controller } = setup();
    await controller.start();
    api.decisionAnswer = new TandemApiError("UNREACHABLE", "down");
    await controller.approveAndInsert();
    expect(controller.getState()).toMatchObject({
      phase: "ready",
      busy: null,
      inlineError: { code: "UNREACHABLE" },
    });
    api.decisionAnswer = null;
    await controller.approveAndInsert();
    const keys = api
      .callsOf("decide")
      .map((call) => (call[1] as DecisionRequestInput).idempotencyKey);
    expect(keys).toEqual(["key-0001", "key-0001"]);
    expect(controller.getState().phase).toBe("decided");
  });

  it("turns STALE_DRAFT into the stale state without inserting anything, and drafts again", async () => {
    const { api, host, controller } = setup();
    await controller.start();
    api.decisionAnswer = new TandemApiError("STALE_DRAFT", "changed", 409);
    api.drafts = [new TandemApiError("UNREACHABLE", "down")];
    await controller.approveAndInsert();
    await flush();
    // The re-draft failed: the stale state (and its Refresh) stays, with no inline error.
    expect(controller.getState()).toMatchObject({ phase: "ready", stale: true, inlineError: null });
    expect(host.inserted).toEqual([]);
    api.drafts = [
      sampleDraft({ id: "11111111-2222-4333-8444-555555555555", ticketRevision: "rev-2" }),
    ];
    await controller.reload();
    expect(controller.getState()).toMatchObject({ phase: "ready", stale: false });
    expect(controller.getState().draft?.ticketRevision).toBe("rev-2");
  });

  it("reports host and server execution failures and retries the host ones", async () => {
    const { api, host, controller } = setup();
    await controller.start();
    host.failOn.add("a-priority");
    api.decisionAnswer = (draft, request) =>
      sampleDecision(draft, request, {
        executions: [
          {
            id: "e1",
            actionId: "a-refund",
            type: "refund_order",
            status: "failed",
            attempts: 3,
            lastError: "Shop API returned 500",
            updatedAt: "2025-01-10T09:01:00.000Z",
          },
        ],
      });
    await controller.approveAndInsert();
    expect(controller.getState().failures).toEqual([
      { id: "a-priority", message: "Field is read-only", retryable: true },
      { id: "a-refund", executionId: "e1", message: "Shop API returned 500", retryable: false },
    ]);
    expect(host.notifications.at(-1)?.kind).toBe("error");
    host.failOn.clear();
    await controller.retryFailures();
    expect(host.applied.at(-1)).toEqual([
      { id: "a-priority", type: "set_priority", params: { priority: "high" } },
    ]);
    expect(controller.getState().failures).toEqual([
      { id: "a-refund", executionId: "e1", message: "Shop API returned 500", retryable: false },
    ]);
    expect(controller.getState().decided?.appliedCount).toBe(3);
  });

  it("reports a reply that could not be inserted as a retryable failure", async () => {
    const { host, controller } = setup();
    await controller.start();
    host.failOn.add("reply");
    await controller.insertOnly();
    expect(controller.getState().failures).toEqual([
      { id: "reply", message: "Editor not available", retryable: true },
    ]);
    host.failOn.clear();
    await controller.retryFailures();
    expect(host.inserted).toHaveLength(1);
    expect(controller.getState().failures).toEqual([]);
  });
});

describe("review controller: other decisions", () => {
  it("insert only records the reply, leaves actions alone and applies nothing", async () => {
    const { api, host, controller } = setup();
    await controller.start();
    await controller.insertOnly();
    const request = api.callsOf("decide")[0]?.[1] as DecisionRequestInput;
    expect(request.actions).toEqual([]);
    expect(host.inserted).toHaveLength(1);
    expect(host.applied).toEqual([]);
    expect(controller.getState().decided?.kind).toBe("inserted");
  });

  it("reject records the reason and inserts nothing", async () => {
    const { api, host, controller } = setup();
    await controller.start();
    await controller.reject({ code: "wrong_tone", note: "too formal" });
    const request = api.callsOf("decide")[0]?.[1] as DecisionRequestInput;
    expect(request.reply).toEqual({
      outcome: "rejected",
      reason: { code: "wrong_tone", note: "too formal" },
    });
    expect(host.inserted).toEqual([]);
    expect(controller.getState().decided?.kind).toBe("rejected");
  });

  it("ignores edits and decisions while a decision is in flight", async () => {
    const { api, controller } = setup();
    await controller.start();
    let release: () => void = () => {};
    api.decisionAnswer = (draft, request) =>
      new Promise((resolve) => {
        release = () => resolve(sampleDecision(draft, request));
      });
    const pending = controller.approveAndInsert();
    await flush();
    expect(controller.getState().busy).toBe("approving");
    controller.setReply("changed during flight");
    const rejecting = controller.reject({ code: "other" });
    release();
    await Promise.all([pending, rejecting]);
    expect(api.callsOf("decide")).toHaveLength(1);
    expect(controller.getState().decided?.kind).toBe("approved");
    expect(controller.getState().replyText).toBe(sampleDraft().reply.body);
  });
});

describe("review controller: regenerate, stale and sent", () => {
  it("regenerates with the instruction, keeping the old draft on screen meanwhile", async () => {
    const second = sampleDraft({
      id: "22222222-2222-4333-8444-555555555555",
      reply: { body: "Más corto.", language: "es" },
    });
    const { api, controller } = setup({ drafts: [sampleDraft(), second] });
    await controller.start();
    controller.setInstruction("shorter");
    const pending = controller.regenerate();
    expect(controller.getState()).toMatchObject({ phase: "ready", busy: "regenerating" });
    await pending;
    const request = api.callsOf("createDraft")[1]?.[0] as {
      instruction?: string;
      refresh?: boolean;
    };
    expect(request).toMatchObject({ instruction: "shorter", refresh: true });
    expect(controller.getState()).toMatchObject({
      replyText: "Más corto.",
      instruction: "",
      busy: null,
    });
    expect(api.callsOf("markShown")).toHaveLength(2);
  });

  it("keeps the draft and shows an inline error when regenerating fails", async () => {
    const { controller } = setup({
      drafts: [sampleDraft(), new TandemApiError("UPSTREAM_MODEL_FAILED", "model down", 502)],
    });
    await controller.start();
    await controller.regenerate("shorter");
    expect(controller.getState()).toMatchObject({
      phase: "ready",
      busy: null,
      inlineError: { code: "UPSTREAM_MODEL_FAILED" },
      instruction: "",
    });
    expect(controller.getState().draft).not.toBeNull();
  });

  it("marks the draft stale on a new customer message, not on field changes", async () => {
    const { api, host, controller } = setup();
    await controller.start();
    host.ticket = { ...host.ticket, status: "pending", tags: ["vip", "refund"] };
    host.fireTicketChanged(["status", "tags"]);
    await flush();
    expect(controller.getState().stale).toBe(false);
    expect(controller.getState().ticket?.status).toBe("pending");
    expect(api.callsOf("createDraft")).toHaveLength(1);
    let release: () => void = () => {};
    api.drafts = [
      () =>
        new Promise((resolve) => {
          release = () => resolve(sampleDraft({ id: "22222222-2222-4333-8444-555555555555" }));
        }),
    ];
    host.addCustomerMessage("¿Hola?");
    host.fireTicketChanged();
    await flush();
    expect(controller.getState()).toMatchObject({ stale: true, busy: "redrafting" });
    release();
    await flush();
    expect(controller.getState()).toMatchObject({ stale: false, busy: null, draftUpdated: true });
  });

  it("does not treat the agent's own public reply as new information", () => {
    const base = sampleTicket();
    const withReply = {
      ...base,
      messages: [
        ...base.messages,
        {
          id: "m9",
          author: "agent" as const,
          public: true,
          body: "Hecho",
          createdAt: "2025-01-10T10:00:00.000Z",
        },
      ],
    };
    expect(ticketFingerprint(withReply)).toBe(ticketFingerprint(base));
  });

  it("reports the text actually sent once after an insert, never after a reject", async () => {
    const { api, host, controller } = setup();
    await controller.start();
    host.fireReplySent("ignored: nothing decided yet");
    await controller.approveAndInsert();
    host.fireReplySent("Hola Marta, editado en Zendesk.");
    host.fireReplySent("second submit");
    await flush();
    expect(api.callsOf("reportSent")).toEqual([
      [sampleDraft().id, "Hola Marta, editado en Zendesk."],
    ]);
    expect(controller.getState().decided?.sentRecorded).toBe(true);

    const other = setup();
    await other.controller.start();
    await other.controller.reject({ code: "other" });
    other.host.fireReplySent("manual reply");
    await flush();
    expect(other.api.callsOf("reportSent")).toEqual([]);
  });

  it("decides an approval request once with its own idempotency key", async () => {
    const { api, controller } = setup();
    api.approvals = [sampleApproval()];
    await controller.start();
    await flush();
    await Promise.all([
      controller.decideApproval("ap-1", "approved", { comment: " ok " }),
      controller.decideApproval("ap-1", "approved"),
    ]);
    const calls = api.callsOf("decideApproval");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[1]).toMatchObject({
      outcome: "approved",
      comment: "ok",
      agent: { id: "77" },
    });
    expect(controller.getState().approvals[0]?.request.status).toBe("executed");
  });

  it("stops notifying after dispose", async () => {
    const { host, controller } = setup();
    await controller.start();
    let calls = 0;
    controller.subscribe(() => calls++);
    controller.dispose();
    host.fireTicketChanged();
    await flush();
    expect(calls).toBe(0);
  });
});
