import type { Decision, Draft, ProposedAction } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import {
  createFakeApi,
  createFakeHost,
  createManualTimers,
  flush,
  sampleActions,
  sampleDecision,
  sampleDraft,
  sampleTicket,
} from "../testing";
import { decidedActions, decidedSummary } from "./decided";
import type { HostApplyResult } from "./host";
import { createTranslator } from "./i18n";
import { createReviewController } from "./review-controller";

const en = createTranslator("en");

const macroAction: ProposedAction = {
  id: "a-macro",
  type: "apply_macro",
  kind: "field",
  params: { macroId: "mac-1", title: "Refund macro" },
  rationale: "The refund macro fills the usual fields.",
  risk: "low",
  approval: "required",
  targetParams: [],
  addedBy: "drafter",
  fulfils: [],
  paramFields: [],
};

/**
 * A draft decided earlier (in another page load): the status, tags and priority approved (the
 * priority edited to urgent), the refund too; `results` is what the server heard from the host.
 */
function decidedEarlier(
  results: Record<string, HostApplyResult>,
  extraActions: ProposedAction[] = [],
): Draft {
  const draft = sampleDraft({ actions: [...sampleActions, ...extraActions] });
  const decision: Decision = sampleDecision(draft, {
    idempotencyKey: "k",
    agent: { id: "12", name: "Luis Agent" },
    ticketRevision: draft.ticketRevision,
    reply: { outcome: "accepted" },
    actions: [
      { id: "a-status", outcome: "approved" },
      { id: "a-tags", outcome: "approved" },
      { id: "a-priority", outcome: "approved", params: { priority: "urgent" } },
      { id: "a-refund", outcome: "approved" },
      ...extraActions.map((action) => ({ id: action.id, outcome: "approved" as const })),
    ],
  });
  decision.actions = decision.actions.map((action) => {
    const result = results[action.id];
    return result ? { ...action, hostResult: result } : action;
  });
  return { ...draft, decision };
}

function setup(draft: Draft, ticket = sampleTicket()) {
  const api = createFakeApi({ drafts: [draft] });
  const host = createFakeHost({ ticket });
  const controller = createReviewController({
    api,
    host,
    t: en,
    timers: createManualTimers(),
    approvalPollMs: 0,
  });
  return { api, host, controller };
}

const reports = (api: ReturnType<typeof createFakeApi>) =>
  api.callsOf("reportOutcomes").map((call) => call[1]);

describe("a decided draft opened again tells the truth about the form", () => {
  it("reports changes the ticket holds as applied (saved meanwhile) and shows them saved", async () => {
    const { api, controller } = setup(
      // The tags were never reported (the page went away first); the status was staged.
      decidedEarlier({ "a-status": "staged", "a-priority": "staged" }),
      sampleTicket({ status: "pending", priority: "urgent", tags: ["vip", "refund"] }),
    );
    await controller.start();
    const state = controller.getState();
    expect(state.decided).toMatchObject({
      restored: true,
      appliedCount: 3,
      stagedCount: 0,
      notInForm: [],
      unconfirmed: [],
    });
    expect(reports(api)).toEqual([
      {
        actions: [
          { id: "a-status", result: "applied" },
          { id: "a-tags", result: "applied" },
          { id: "a-priority", result: "applied" },
        ],
      },
    ]);
    const summary = decidedSummary(state, en);
    expect(summary?.applied).toBe("3 actions applied to the ticket.");
    expect(summary?.staged).toBeUndefined();
    expect(summary?.notInForm).toBeUndefined();
    expect(
      decidedActions(state, en)
        .filter((row) => row.id !== "a-refund")
        .map((row) => [row.id, row.statusText]),
    ).toEqual([
      ["a-status", "Saved"],
      ["a-tags", "Saved"],
      ["a-priority", "Saved"],
    ]);
  });

  it("shows a change the form lost as not in the form, and Set again re-applies the approved params", async () => {
    const { api, host, controller } = setup(
      decidedEarlier({ "a-status": "applied", "a-priority": "staged" }),
      // Reloaded: the form shows the saved priority again, not the approved "urgent".
      sampleTicket({ status: "pending", priority: "normal", tags: ["vip", "refund"] }),
    );
    await controller.start();
    let state = controller.getState();
    expect(state.decided).toMatchObject({ stagedCount: 0, notInForm: ["a-priority"] });
    expect(decidedSummary(state, en)?.staged).toBeUndefined();
    expect(decidedSummary(state, en)?.notInForm).toBe(
      "1 approved change is not in the form any more — set it again, then submit the ticket to save it.",
    );
    const row = decidedActions(state, en).find((entry) => entry.id === "a-priority");
    expect(row).toMatchObject({ status: "not_in_form", statusText: "Not in the form any more" });
    // Not set in the form: a later "sent" must not count it as saved, so the server hears it failed.
    expect(reports(api)).toEqual([
      {
        actions: [
          { id: "a-tags", result: "applied" },
          { id: "a-priority", result: "failed", error: en("decided.not_in_form_error") },
        ],
      },
    ]);

    host.stageOn = new Set(["a-priority"]);
    const setting = controller.setAgain();
    expect(controller.getState().decided?.settingAgain).toBe(true);
    await setting;
    // Exactly what was approved, edited param included; no new decision.
    expect(host.applied).toEqual([
      [{ id: "a-priority", type: "set_priority", params: { priority: "urgent" } }],
    ]);
    expect(api.callsOf("decide")).toHaveLength(0);
    expect(reports(api)[1]).toEqual({ actions: [{ id: "a-priority", result: "staged" }] });
    state = controller.getState();
    expect(state.decided).toMatchObject({
      notInForm: [],
      stagedCount: 1,
      settingAgain: false,
      hostResults: { "a-priority": "staged" },
    });
    expect(decidedSummary(state, en)?.staged).toBe(
      "1 change set in the form — submit the ticket to save it.",
    );
    expect(decidedSummary(state, en)?.notInForm).toBeUndefined();

    // Nothing left to set again.
    await controller.setAgain();
    expect(host.applied).toHaveLength(1);
  });

  it("shows a failed Set again as failed, ready for Retry", async () => {
    const { api, host, controller } = setup(decidedEarlier({ "a-status": "staged" }));
    await controller.start();
    expect(controller.getState().decided?.notInForm).toEqual(["a-status", "a-tags", "a-priority"]);

    host.failOn = new Set(["a-tags"]);
    await controller.setAgain();
    const state = controller.getState();
    expect(state.decided).toMatchObject({
      notInForm: [],
      appliedCount: 2,
      hostResults: { "a-status": "applied", "a-tags": "failed", "a-priority": "applied" },
    });
    expect(state.failures).toEqual([
      { id: "a-tags", message: "Field is read-only", retryable: true },
    ]);
    expect(decidedActions(state, en).find((row) => row.id === "a-tags")).toMatchObject({
      status: "failed",
      statusText: "Failed",
    });
    expect(reports(api).at(-1)).toEqual({
      actions: [
        { id: "a-status", result: "applied" },
        { id: "a-tags", result: "failed", error: "Field is read-only" },
        { id: "a-priority", result: "applied" },
      ],
    });

    // "Retry failed actions" re-applies it with the approved params too.
    host.failOn.clear();
    await controller.retryFailures();
    expect(host.applied.at(-1)).toEqual([
      { id: "a-tags", type: "add_tags", params: { tags: ["refund"] } },
    ]);
    expect(controller.getState().failures).toEqual([]);
  });

  it("does not call a macro set in the form when it cannot be read back, and reports nothing for it", async () => {
    const { api, controller } = setup(
      decidedEarlier(
        {
          "a-status": "applied",
          "a-tags": "applied",
          "a-priority": "applied",
          "a-macro": "staged",
        },
        [macroAction],
      ),
    );
    await controller.start();
    const state = controller.getState();
    expect(state.decided).toMatchObject({
      stagedCount: 0,
      notInForm: [],
      unconfirmed: ["a-macro"],
    });
    expect(decidedActions(state, en).find((row) => row.id === "a-macro")).toMatchObject({
      status: "unconfirmed",
      statusText: "Not confirmed — check the ticket",
    });
    expect(decidedSummary(state, en)?.staged).toBeUndefined();
    expect(reports(api)).toEqual([]);
  });

  it("counts a lost change applied once the agent set it by hand and saved", async () => {
    const { api, host, controller } = setup(decidedEarlier({ "a-status": "staged" }));
    await controller.start();
    host.ticket = { ...host.ticket, status: "pending" };
    host.fireTicketSaved();
    await flush();
    expect(controller.getState().decided).toMatchObject({
      notInForm: ["a-tags", "a-priority"],
      hostResults: { "a-status": "applied" },
    });
    expect(reports(api).at(-1)).toEqual({ actions: [{ id: "a-status", result: "applied" }] });
  });

  it("keeps what this sidebar staged when the same decision is shown again (no false saved)", async () => {
    const draft = sampleDraft();
    const api = createFakeApi({ drafts: [draft] });
    const host = createFakeHost();
    host.stageOn = new Set(["a-status", "a-priority"]);
    const controller = createReviewController({
      api,
      host,
      t: en,
      timers: createManualTimers(),
      approvalPollMs: 0,
    });
    await controller.start();
    await controller.approveAndInsert();
    const decision = controller.getState().decided?.decision as Decision;
    // The server answers the same draft with its decision (as it recorded the reports).
    const results: Record<string, HostApplyResult> = {
      "a-status": "staged",
      "a-tags": "applied",
      "a-priority": "staged",
    };
    api.drafts = [
      {
        ...draft,
        decision: {
          ...decision,
          actions: decision.actions.map((action) => {
            const result = results[action.id];
            return result ? { ...action, hostResult: result } : action;
          }),
        },
      },
    ];
    await controller.reload();
    const state = controller.getState();
    expect(state.phase).toBe("decided");
    expect(state.decided).toMatchObject({ stagedCount: 2, appliedCount: 1, notInForm: [] });
    expect(reports(api)).toHaveLength(1);
  });

  it("leaves a rejected decision and insert-only alone", async () => {
    const draft = sampleDraft();
    const inserted = sampleDecision(draft, {
      idempotencyKey: "k",
      agent: { id: "12", name: "Luis Agent" },
      ticketRevision: draft.ticketRevision,
      reply: { outcome: "accepted" },
    });
    const { api, controller } = setup({ ...draft, decision: inserted });
    await controller.start();
    expect(controller.getState().decided).toMatchObject({
      kind: "inserted",
      notInForm: [],
      unconfirmed: [],
    });
    await controller.setAgain();
    expect(reports(api)).toEqual([]);
  });
});
