import type { ApprovalDecisionRequest, DraftRequestInput } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import {
  createFakeApi,
  createFakeHost,
  createManualTimers,
  flush,
  sampleApproval,
  sampleDecision,
  sampleDraft,
  sampleExecution,
} from "../testing";
import { TandemApiError } from "./api";
import { createTranslator } from "./i18n";
import { createReviewController } from "./review-controller";
import {
  approvalExecution,
  approvalsBanner,
  canDecide,
  decisionExecutions,
} from "./review-selectors";

const t = createTranslator("en");

/** A controller on manual timers: polling moves only when the test advances the clock. */
function setup() {
  const api = createFakeApi();
  const host = createFakeHost();
  const timers = createManualTimers();
  let keys = 0;
  const controller = createReviewController({
    api,
    host,
    t,
    timers,
    approvalPollMs: 15_000,
    executionBackoffMs: [1_000, 2_000, 4_000],
    executionMaxPolls: 5,
    newKey: () => `key-${String(++keys).padStart(4, "0")}`,
  });
  const tick = async (ms: number) => {
    timers.advance(ms);
    await flush();
  };
  return { api, host, timers, controller, tick };
}

const secondApproval = sampleApproval({
  id: "ap-2",
  summary: "Guest asked to add breakfast.",
  action: {
    type: "add_breakfast",
    params: { bookingId: "BK-7", nights: 3 },
    risk: "low",
    targetParams: ["bookingId"],
  },
  createdAt: "2025-01-10T09:10:00.000Z",
});

describe("approval requests while the ticket is open", () => {
  it("polls, badges and notifies a request that arrives, not the ones there at open", async () => {
    const { api, host, controller, tick } = setup();
    api.approvals = [sampleApproval()];
    await controller.start();
    await flush();
    expect(controller.getState().approvals).toHaveLength(1);
    expect(controller.getState().approvalsUnseen).toBe(0);
    expect(host.notifications).not.toContainEqual(expect.objectContaining({ kind: "info" }));

    api.approvals = [sampleApproval(), secondApproval];
    await tick(14_999);
    expect(api.callsOf("listApprovals")).toHaveLength(1);
    await tick(1);
    expect(api.callsOf("listApprovals")).toHaveLength(2);
    expect(controller.getState().approvals.map((item) => item.request.id)).toEqual([
      "ap-1",
      "ap-2",
    ]);
    expect(controller.getState().approvalsUnseen).toBe(1);
    expect(host.notifications).toContainEqual({
      message: "Tandem: 1 new approval request from Trip bot",
      kind: "info",
    });
    expect(approvalsBanner(controller.getState(), t)).toBe("2 approval requests from Trip bot");

    // The same list again is nothing new.
    await tick(15_000);
    expect(host.notifications.filter((n) => n.kind === "info")).toHaveLength(1);
    controller.acknowledgeApprovals();
    expect(controller.getState().approvalsUnseen).toBe(0);
  });

  it("drops requests decided elsewhere or expired at the next poll", async () => {
    const { api, controller, tick } = setup();
    api.approvals = [sampleApproval(), secondApproval];
    await controller.start();
    await flush();
    api.approvals = [{ ...sampleApproval(), status: "expired" }, secondApproval];
    await tick(15_000);
    expect(controller.getState().approvals.map((item) => item.request.id)).toEqual(["ap-2"]);
    api.approvals = [];
    await tick(15_000);
    expect(controller.getState().approvals).toEqual([]);
    expect(approvalsBanner(controller.getState(), t)).toBe("No pending approval requests");
  });

  it("keeps a request this agent decided until the server has it decided, never undoing it", async () => {
    const { api, controller, tick } = setup();
    api.approvals = [sampleApproval()];
    await controller.start();
    await flush();
    await controller.decideApproval("ap-1", "rejected", {
      comment: "Overlaps another stay",
      reason: { code: "policy" },
    });
    // A list read that started before the decision landed still says pending.
    await tick(15_000);
    const [item] = controller.getState().approvals;
    expect(item?.request.status).toBe("rejected");
    expect(approvalsBanner(controller.getState(), t)).toBe("No pending approval requests");
    // Once the server has it as decided, it leaves the list like any other decided request.
    api.approvals = [{ ...sampleApproval(), status: "rejected" }];
    await tick(15_000);
    expect(controller.getState().approvals).toEqual([]);
  });

  it("pauses polling while the host hides the sidebar and catches up when shown", async () => {
    const { api, host, timers, controller, tick } = setup();
    await controller.start();
    await flush();
    host.fireVisibility(false);
    expect(timers.pending()).toEqual([]);
    await tick(60_000);
    expect(api.callsOf("listApprovals")).toHaveLength(1);
    api.approvals = [sampleApproval()];
    host.fireVisibility(true);
    await flush();
    expect(api.callsOf("listApprovals")).toHaveLength(2);
    expect(controller.getState().approvalsUnseen).toBe(1);
    expect(timers.pending()).toEqual([15_000]);
  });

  it("approves with the agent's edited params, and sends none when nothing changed", async () => {
    const { api, controller } = setup();
    api.approvals = [sampleApproval(), secondApproval];
    await controller.start();
    await flush();
    controller.setApprovalParam("ap-1", "checkIn", "2025-02-04");
    await controller.decideApproval("ap-1", "approved");
    controller.setApprovalParam("ap-2", "nights", 3);
    await controller.decideApproval("ap-2", "approved");
    const [first, second] = api.callsOf("decideApproval") as Array<
      [string, ApprovalDecisionRequest]
    >;
    expect(first?.[1].params).toEqual({ bookingId: "BK-7", checkIn: "2025-02-04" });
    expect(second?.[1]).not.toHaveProperty("params");
    // Edits after the decision are ignored.
    controller.setApprovalParam("ap-1", "checkIn", "2030-01-01");
    expect(controller.getState().approvals[0]?.paramEdits).toEqual({ checkIn: "2025-02-04" });
  });

  it("shows a conflict (decided by someone else) and refreshes the list", async () => {
    const { api, controller } = setup();
    api.approvals = [sampleApproval()];
    await controller.start();
    await flush();
    api.decideApproval = async () => {
      throw new TandemApiError("CONFLICT", "This request was already approved", 409);
    };
    api.approvals = [];
    await controller.decideApproval("ap-1", "approved");
    await flush();
    expect(controller.getState().approvals).toEqual([]);
  });
});

describe("business-action executions", () => {
  const pendingDecision = (executionOverrides = {}) => {
    const execution = sampleExecution(executionOverrides);
    return {
      execution,
      answer: (
        draft: Parameters<typeof sampleDecision>[0],
        request: Parameters<typeof sampleDecision>[1],
      ) => sampleDecision(draft, request, { executions: [execution] }),
    };
  };

  it("polls a pending execution with backoff until it succeeds", async () => {
    const { api, host, timers, controller, tick } = setup();
    const { execution, answer } = pendingDecision();
    api.decisionAnswer = answer;
    api.executions[execution.id] = [
      { ...execution, status: "running", attempts: 1 },
      { ...execution, status: "succeeded", attempts: 1, updatedAt: "2025-01-10T09:01:05.000Z" },
    ];
    await controller.start();
    await controller.approveAndInsert();
    expect(decisionExecutions(controller.getState())).toMatchObject([
      { label: "Refund order", execution: { status: "pending" }, source: "decision" },
    ]);
    expect(timers.pending()).toContain(1_000);
    await tick(1_000);
    expect(decisionExecutions(controller.getState())[0]?.execution.status).toBe("running");
    expect(timers.pending()).toContain(2_000);
    await tick(2_000);
    expect(decisionExecutions(controller.getState())[0]?.execution.status).toBe("succeeded");
    expect(host.notifications).toContainEqual({
      message: "Tandem: Refund order done.",
      kind: "success",
    });
    expect(api.callsOf("getExecution")).toHaveLength(2);
    await tick(60_000);
    expect(api.callsOf("getExecution")).toHaveLength(2);
  });

  it("reports a failure, retries it on the server and follows the new run", async () => {
    const { api, host, controller, tick } = setup();
    const { execution, answer } = pendingDecision();
    api.decisionAnswer = answer;
    api.executions[execution.id] = [
      { ...execution, status: "failed", attempts: 5, lastError: "Shop API returned 500" },
    ];
    await controller.start();
    await controller.approveAndInsert();
    await tick(1_000);
    expect(controller.getState().failures).toEqual([
      {
        id: "a-refund",
        executionId: execution.id,
        message: "Shop API returned 500",
        retryable: false,
      },
    ]);
    expect(host.notifications).toContainEqual({
      message: "Tandem: Refund order failed. Retry it from the sidebar.",
      kind: "error",
    });

    api.executions[execution.id] = [
      { ...execution, status: "succeeded", attempts: 6, updatedAt: "2025-01-10T09:06:00.000Z" },
    ];
    const retrying = controller.retryExecution(execution.id);
    expect(controller.getState().executions[execution.id]?.retrying).toBe(true);
    await retrying;
    expect(api.callsOf("retryExecution")).toEqual([[execution.id]]);
    expect(controller.getState().executions[execution.id]).toMatchObject({
      retrying: false,
      execution: { status: "pending" },
    });
    expect(controller.getState().failures).toEqual([]);
    await tick(1_000);
    expect(controller.getState().executions[execution.id]?.execution.status).toBe("succeeded");
  });

  it("shows why a retry was refused and re-reads the execution", async () => {
    const { api, controller, tick } = setup();
    const { execution, answer } = pendingDecision({ status: "failed", lastError: "boom" });
    api.decisionAnswer = answer;
    api.retryAnswer = new TandemApiError(
      "CONFLICT",
      "Only a failed execution can be retried (it is pending)",
      409,
    );
    api.executions[execution.id] = [{ ...execution, status: "running", attempts: 1 }];
    await controller.start();
    await controller.approveAndInsert();
    await controller.retryExecution(execution.id);
    expect(controller.getState().executions[execution.id]?.error).toBe(
      "Only a failed execution can be retried (it is pending)",
    );
    await tick(0);
    expect(controller.getState().executions[execution.id]?.execution.status).toBe("running");
  });

  it("drops a poll answer that describes the run before a retry", async () => {
    const { api, host, controller, tick } = setup();
    const execution = sampleExecution({
      id: "9b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
      actionId: "ap-1",
    });
    const failed = {
      ...execution,
      status: "failed" as const,
      lastError: "Hotel API 503",
      updatedAt: "2025-01-10T09:03:00.000Z",
    };
    api.approvals = [sampleApproval()];
    api.approvalExecutions["ap-1"] = execution;
    let answerSlowRead: () => void = () => {};
    api.executions[execution.id] = [
      () =>
        new Promise((resolve) => {
          answerSlowRead = () => resolve(failed);
        }),
      { ...execution, status: "succeeded", attempts: 6, updatedAt: "2025-01-10T09:06:00.000Z" },
    ];
    await controller.start();
    await flush();
    await controller.decideApproval("ap-1", "approved");
    await tick(1_000); // the execution poll is now waiting for its slow answer
    // The approvals poll learns first that the run failed; the agent retries at once.
    api.approvals = [{ ...sampleApproval(), status: "failed", execution: failed }];
    await tick(14_000);
    expect(controller.getState().executions[execution.id]?.execution.status).toBe("failed");
    const failedNotices = () =>
      host.notifications.filter((n) => n.message.includes("failed.")).length;
    const before = failedNotices();
    await controller.retryExecution(execution.id);
    answerSlowRead();
    await flush();
    expect(controller.getState().executions[execution.id]?.execution.status).toBe("pending");
    expect(failedNotices()).toBe(before);
    await tick(1_000);
    expect(controller.getState().executions[execution.id]?.execution.status).toBe("succeeded");
  });

  it("stops after the poll budget, survives transient errors and pauses while hidden", async () => {
    const { api, host, timers, controller, tick } = setup();
    const { execution, answer } = pendingDecision();
    api.decisionAnswer = answer;
    api.executions[execution.id] = [
      new TandemApiError("UNREACHABLE", "down"),
      { ...execution, status: "running" },
    ];
    await controller.start();
    await controller.approveAndInsert();
    await tick(1_000);
    expect(api.callsOf("getExecution")).toHaveLength(1);
    host.fireVisibility(false);
    await tick(60_000);
    expect(api.callsOf("getExecution")).toHaveLength(1);
    host.fireVisibility(true);
    await tick(0);
    expect(api.callsOf("getExecution")).toHaveLength(2);
    for (let i = 0; i < 10; i++) await tick(10_000);
    // 5 polls at most (the budget), then the last known state stays.
    expect(api.callsOf("getExecution")).toHaveLength(5);
    expect(timers.pending().filter((ms) => ms !== 15_000 && ms > 0)).toEqual([]);
    expect(decisionExecutions(controller.getState())[0]?.execution.status).toBe("running");
  });

  it("follows the execution an approved approval request started", async () => {
    const { api, controller, tick } = setup();
    api.approvals = [sampleApproval()];
    const execution = sampleExecution({
      id: "9b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
      actionId: "ap-1",
      type: "change_booking_dates",
    });
    api.approvalExecutions["ap-1"] = execution;
    api.executions[execution.id] = [{ ...execution, status: "failed", lastError: "Hotel API 503" }];
    await controller.start();
    await flush();
    await controller.decideApproval("ap-1", "approved");
    const item = () => controller.getState().approvals[0];
    const itemOf = item();
    expect(itemOf && approvalExecution(controller.getState(), itemOf)).toMatchObject({
      label: "Change booking dates",
      source: "approval",
      execution: { status: "pending" },
    });
    await tick(1_000);
    const after = item();
    expect(after && approvalExecution(controller.getState(), after)?.execution.status).toBe(
      "failed",
    );
    // Approval executions are shown on their card, not as failures of the draft decision.
    expect(controller.getState().failures).toEqual([]);
    api.executions[execution.id] = [{ ...execution, status: "succeeded", attempts: 2 }];
    await controller.retryExecution(execution.id);
    await tick(1_000);
    const done = item();
    expect(done && approvalExecution(controller.getState(), done)?.execution.status).toBe(
      "succeeded",
    );
  });

  it("stops every poll on dispose", async () => {
    const { api, timers, controller } = setup();
    const { execution, answer } = pendingDecision();
    api.decisionAnswer = answer;
    await controller.start();
    await controller.approveAndInsert();
    expect(timers.pending().length).toBeGreaterThan(0);
    controller.dispose();
    expect(timers.pending()).toEqual([]);
    expect(execution.status).toBe("pending");
  });
});

describe("new customer messages and pre-drafts", () => {
  it("asks for the new revision's draft at once (no forced refresh) and notes the update", async () => {
    const { api, host, controller } = setup();
    await controller.start();
    api.drafts = [
      sampleDraft({ id: "33333333-2222-4333-8444-555555555555", ticketRevision: "rev-2" }),
    ];
    host.addCustomerMessage("¿Me pueden contestar?");
    host.fireTicketChanged(["conversation"]);
    host.fireTicketChanged(["conversation"]);
    await flush();
    const calls = api.callsOf("createDraft") as Array<[DraftRequestInput]>;
    expect(calls).toHaveLength(2);
    expect(calls[1]?.[0].refresh).toBeUndefined();
    expect(calls[1]?.[0].ticket.messages).toHaveLength(2);
    expect(controller.getState()).toMatchObject({
      stale: false,
      draftUpdated: true,
      busy: null,
    });
    expect(controller.getState().draft?.ticketRevision).toBe("rev-2");
    expect(api.callsOf("markShown")).toHaveLength(2);
    // The note belongs to that draft only.
    await controller.regenerate("shorter");
    expect(controller.getState().draftUpdated).toBe(false);
  });

  it("never offers the stale draft as current while the new one is drafted", async () => {
    const { api, host, controller } = setup();
    await controller.start();
    let release: () => void = () => {};
    api.drafts = [
      () =>
        new Promise((resolve) => {
          release = () => resolve(sampleDraft({ ticketRevision: "rev-2" }));
        }),
    ];
    host.addCustomerMessage("Hola?");
    host.fireTicketChanged();
    await flush();
    expect(controller.getState()).toMatchObject({ stale: true, busy: "redrafting" });
    expect(canDecide(controller.getState())).toBe(false);
    await controller.approveAndInsert();
    expect(api.callsOf("decide")).toHaveLength(0);
    release();
    await flush();
    expect(canDecide(controller.getState())).toBe(true);
  });

  it("keeps the stale state with Refresh when re-drafting fails", async () => {
    const { api, host, controller } = setup();
    await controller.start();
    api.drafts = [new TandemApiError("UPSTREAM_MODEL_FAILED", "model down", 502)];
    host.addCustomerMessage("Hola?");
    host.fireTicketChanged();
    await flush();
    expect(controller.getState()).toMatchObject({
      phase: "ready",
      stale: true,
      busy: null,
      inlineError: null,
    });
    expect(controller.getState().draft?.id).toBe(sampleDraft().id);
    await controller.approveAndInsert();
    expect(api.callsOf("decide")).toHaveLength(0);
  });

  it("keeps the agent's edited reply: the new draft waits alongside instead of replacing it", async () => {
    const { api, host, controller } = setup();
    await controller.start();
    controller.setReply("Hola Marta, lo reviso ahora mismo.");
    host.addCustomerMessage("Hola?");
    host.fireTicketChanged();
    await flush();
    const state = controller.getState();
    expect(state).toMatchObject({
      stale: true,
      replyText: "Hola Marta, lo reviso ahora mismo.",
    });
    expect(state.draft?.id).toBe(sampleDraft().id);
    expect(state.newer?.draft).not.toBeNull();
    expect(api.callsOf("createDraft")).toHaveLength(2);
    // Another change event for the same ticket does not draft again.
    host.fireTicketChanged();
    await flush();
    expect(api.callsOf("createDraft")).toHaveLength(2);
  });

  it("re-checks a message that arrived while the draft was loading", async () => {
    const api = createFakeApi();
    const host = createFakeHost();
    let release: () => void = () => {};
    api.drafts = [
      () =>
        new Promise((resolve) => {
          release = () => resolve(sampleDraft());
        }),
      sampleDraft({ ticketRevision: "rev-2" }),
    ];
    const controller = createReviewController({ api, host, t, timers: createManualTimers() });
    const started = controller.start();
    await flush();
    host.addCustomerMessage("Hola?");
    host.fireTicketChanged();
    release();
    await started;
    await flush();
    expect(api.callsOf("createDraft")).toHaveLength(2);
    expect(controller.getState().draft?.ticketRevision).toBe("rev-2");
  });

  it("says when the host could read the first message only", async () => {
    const { host, controller } = setup();
    host.partial = true;
    await controller.start();
    expect(controller.getState().partialTicket).toBe(true);
    host.partial = false;
    await controller.reload();
    expect(controller.getState().partialTicket).toBe(false);
  });
});
