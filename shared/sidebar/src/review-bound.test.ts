import type { DecisionRequestInput, Draft } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import {
  createFakeApi,
  createFakeHost,
  createManualTimers,
  flush,
  sampleActions,
  sampleApproval,
  sampleDecision,
  sampleDraft,
} from "../testing";
import { TandemApiError } from "./api";
import { canInsertAgain, decidedActions, decidedSummary } from "./decided";
import { fieldIssueText } from "./field-issues";
import { createTranslator, type Translator } from "./i18n";
import { createReviewController } from "./review-controller";
import {
  canApproveAnyway,
  canDecide,
  decisionBlocker,
  hasDraftEdits,
  primaryTask,
} from "./review-selectors";

const en = createTranslator("en");

function setup(
  drafts: Draft[] = [sampleDraft()],
  options: { t?: Translator; approvalPollMs?: number } = {},
) {
  const api = createFakeApi({ drafts });
  const host = createFakeHost();
  const timers = createManualTimers();
  let keys = 0;
  const controller = createReviewController({
    api,
    host,
    t: options.t ?? en,
    timers,
    approvalPollMs: options.approvalPollMs ?? 0,
    newKey: () => `key-${String(++keys).padStart(4, "0")}`,
  });
  return { api, host, timers, controller };
}

const decisionOf = (api: ReturnType<typeof createFakeApi>, index = 0) =>
  api.callsOf("decide")[index]?.[1] as DecisionRequestInput;

/** An English draft whose reply promises a refund; the refund action is proposed. */
const refundDraft = (overrides: Partial<Draft> = {}) =>
  sampleDraft({
    reply: {
      body: "Hi Marta, sorry about the broken parcel. I have issued a full refund for ORD-550871.",
      language: "en",
    },
    ...overrides,
  });

const fieldActions = sampleActions.filter((action) => action.kind === "field");

describe("commitments: every promise is backed by a checked action", () => {
  it("binds the promise to the refund action and blocks one-click approval once it is unchecked", async () => {
    const { api, controller } = setup([refundDraft()]);
    await controller.start();
    expect(controller.getState().commitments).toEqual([
      expect.objectContaining({ kind: "refund", actionId: "a-refund" }),
    ]);
    expect(canDecide(controller.getState())).toBe(true);

    controller.toggleAction("a-refund", false);
    const state = controller.getState();
    expect(state.commitments).toEqual([
      expect.objectContaining({ kind: "refund", actionId: null }),
    ]);
    expect(decisionBlocker(state)).toBe("unbacked_commitments");
    expect(canDecide(state)).toBe(false);
    await controller.approveAndInsert();
    await controller.insertOnly();
    expect(api.callsOf("decide")).toHaveLength(0);

    // Rejecting is never blocked by what the reply promises.
    await controller.reject({ code: "wrong_facts" });
    expect(api.callsOf("decide")).toHaveLength(1);
  });

  it("re-checks as the agent types: editing the sentence away unblocks", async () => {
    const { api, controller } = setup([refundDraft({ actions: fieldActions })]);
    await controller.start();
    expect(decisionBlocker(controller.getState())).toBe("unbacked_commitments");
    controller.setReply("Hi Marta, sorry about the broken parcel. Could you send a photo of it?");
    expect(controller.getState().commitments).toEqual([]);
    expect(canDecide(controller.getState())).toBe(true);
    await controller.approveAndInsert();
    expect(decisionOf(api).acknowledgeCommitments).toBeUndefined();
    expect(controller.getState().phase).toBe("decided");
  });

  it("adds the action that backs the promise, checked, targets locked, other params editable", async () => {
    const { api, controller } = setup([refundDraft({ actions: fieldActions })]);
    await controller.start();
    await controller.addActionForCommitment("refund");
    const [draftId, request] = api.callsOf("addDraftAction")[0] as [string, { ticket?: unknown }];
    expect(draftId).toBe(sampleDraft().id);
    expect(request).toMatchObject({ commitmentKind: "refund", ticket: { id: "4242" } });

    let state = controller.getState();
    expect(state.draft?.actions.map((action) => action.id)).toContain("added-refund");
    expect(state.selected["added-refund"]).toBe(true);
    expect(state.commitments).toEqual([
      expect.objectContaining({ kind: "refund", actionId: "added-refund" }),
    ]);
    expect(state.commitmentAction).toBeNull();
    expect(hasDraftEdits(state)).toBe(true);

    controller.setActionParam("added-refund", "orderId", "ORD-999999");
    controller.setActionParam("added-refund", "amount", 40);
    state = controller.getState();
    expect(state.paramEdits["added-refund"]).toEqual({ amount: 40 });
    expect(canDecide(state)).toBe(true);
    await controller.approveAndInsert();
    expect(decisionOf(api).actions).toContainEqual({
      id: "added-refund",
      outcome: "approved",
      params: { orderId: "ORD-550871", amount: 40, currency: "EUR" },
    });
  });

  it("shows a failed add-action inline and loses nothing", async () => {
    const { api, controller } = setup([refundDraft({ actions: fieldActions })]);
    await controller.start();
    controller.setReply(`${refundDraft().reply.body} Thanks for your patience.`);
    api.addActionAnswer = new TandemApiError("BAD_REQUEST", "no refund action in the policy", 400);
    await controller.addActionForCommitment("refund");
    const state = controller.getState();
    expect(state.commitmentAction).toMatchObject({
      kind: "refund",
      busy: false,
      error: { code: "BAD_REQUEST" },
    });
    expect(state.replyText).toContain("Thanks for your patience.");
    expect(state.draft?.actions).toHaveLength(fieldActions.length);
  });

  it("lets the agent confirm the promise, sends acknowledgeCommitments, and blocks a new one", async () => {
    const { api, controller } = setup([refundDraft({ actions: fieldActions })]);
    await controller.start();
    controller.acknowledgeCommitments();
    expect(canDecide(controller.getState())).toBe(true);

    controller.setReply(`${refundDraft().reply.body} I have also cancelled your order.`);
    expect(decisionBlocker(controller.getState())).toBe("unbacked_commitments");
    controller.acknowledgeCommitments();
    expect(canDecide(controller.getState())).toBe(true);

    await controller.insertOnly();
    expect(decisionOf(api)).toMatchObject({ acknowledgeCommitments: true, actions: [] });
  });

  it("shows a server 409 UNBACKED_COMMITMENT inline in the agent's language, nothing lost", async () => {
    const es = createTranslator("es");
    const { api, controller } = setup([sampleDraft()], { t: es });
    await controller.start();
    controller.setReply("Hola Marta, gracias por escribir.");
    api.decisionAnswer = new TandemApiError("UNBACKED_COMMITMENT", "unbacked", 409);
    await controller.approveAndInsert();
    const state = controller.getState();
    expect(state).toMatchObject({
      phase: "ready",
      busy: null,
      replyText: "Hola Marta, gracias por escribir.",
      inlineError: { code: "UNBACKED_COMMITMENT", message: es("commitments.server_refused") },
    });
  });
});

describe("locked targets and field-level errors", () => {
  it("ignores edits of a target param, for draft actions and approval requests", async () => {
    const { api, controller } = setup();
    api.approvals = [sampleApproval()];
    await controller.start();
    await flush();
    controller.setActionParam("a-refund", "orderId", "ORD-1");
    controller.setActionParam("a-refund", "amount", 10);
    expect(controller.getState().paramEdits).toEqual({ "a-refund": { amount: 10 } });

    controller.setApprovalParam("ap-1", "bookingId", "BK-2210");
    controller.setApprovalParam("ap-1", "checkIn", "2025-02-04");
    expect(controller.getState().approvals[0]?.paramEdits).toEqual({ checkIn: "2025-02-04" });
    await controller.decideApproval("ap-1", "approved");
    expect(api.callsOf("decideApproval")[0]?.[1]).toMatchObject({
      params: { bookingId: "BK-7", checkIn: "2025-02-04" },
    });
  });

  it("names the field of a 409 TARGET_LOCKED and of a cross-field 400, in the agent's language", async () => {
    const de = createTranslator("de");
    const { api, controller } = setup([sampleDraft()], { t: de });
    await controller.start();
    api.decisionAnswer = new TandemApiError("TARGET_LOCKED", "locked", 409, "req-1", [
      { path: "actions.3.params.orderId", message: "is locked", keyword: "targetParams" },
    ]);
    await controller.approveAndInsert();
    let state = controller.getState();
    expect(state.inlineError).toMatchObject({
      code: "TARGET_LOCKED",
      message: de("issues.target_locked"),
    });
    expect(state.fieldIssues).toEqual([
      {
        actionId: "a-refund",
        param: "orderId",
        label: "Bestellung",
        message: de("issue.targetParams"),
      },
    ]);

    api.decisionAnswer = new TandemApiError("BAD_REQUEST", "Invalid params", 400, "req-2", [
      {
        path: "actions.3.params.amount",
        message: "must be at most 80",
        keyword: "maximum",
        params: { limit: 80 },
      },
      { path: "actions.3.params.note", message: "is odd" },
    ]);
    await controller.approveAndInsert();
    state = controller.getState();
    expect(state.phase).toBe("ready");
    expect(state.fieldIssues.map((issue) => fieldIssueText(issue, de))).toEqual([
      "Betrag: darf höchstens 80 sein",
      "Note: is odd",
    ]);
    // Fixing the field clears its issue.
    controller.setActionParam("a-refund", "amount", 80);
    expect(controller.getState().fieldIssues.map((issue) => issue.param)).toEqual(["note"]);
  });

  it("shows an approval request's cross-field issue next to its field", async () => {
    const es = createTranslator("es");
    const { api, controller } = setup([sampleDraft()], { t: es });
    api.approvals = [sampleApproval()];
    await controller.start();
    await flush();
    api.decideApproval = async () => {
      throw new TandemApiError("BAD_REQUEST", "Invalid params", 400, "req-3", [
        {
          path: "params.checkOut",
          message: "must be after checkIn (2025-02-03)",
          keyword: "formatExclusiveMinimum",
          params: { field: "checkIn", limit: "2025-02-03" },
        },
      ]);
    };
    await controller.decideApproval("ap-1", "approved");
    const item = controller.getState().approvals[0];
    expect(item?.issues?.map((issue) => fieldIssueText(issue, es))).toEqual([
      "Salida: debe ser posterior a Entrada (2025-02-03)",
    ]);
    expect(item?.issues?.[0]?.actionId).toBe("ap-1");
  });
});

describe("a decided draft stays decided", () => {
  const decidedDraft = () => {
    const draft = sampleDraft();
    const decision = sampleDecision(draft, {
      idempotencyKey: "k",
      agent: { id: "12", name: "Luis Agent" },
      ticketRevision: draft.ticketRevision,
      reply: { outcome: "edited", body: "Hola Marta, el reembolso está aprobado." },
      actions: [
        { id: "a-status", outcome: "approved" },
        { id: "a-tags", outcome: "approved" },
        { id: "a-priority", outcome: "rejected" },
        { id: "a-refund", outcome: "approved", params: { amount: 50 } },
      ],
    });
    decision.actions = decision.actions.map((action) =>
      action.id === "a-status"
        ? { ...action, hostResult: "staged" }
        : action.id === "a-tags"
          ? { ...action, hostResult: "applied" }
          : action,
    );
    return sampleDraft({ decision: { ...decision, createdAt: "2025-01-10T09:01:00.000Z" } });
  };

  it("opens on the decided state with who, when and per-action results; never as new", async () => {
    const { api, host, controller } = setup([decidedDraft()]);
    await controller.start();
    const state = controller.getState();
    expect(state.phase).toBe("decided");
    // The status was only staged and the reloaded form no longer holds it: never "set in the form".
    expect(state.decided).toMatchObject({
      kind: "approved",
      restored: true,
      appliedCount: 1,
      stagedCount: 0,
      notInForm: ["a-status"],
    });
    expect(state.replyText).toBe("Hola Marta, el reembolso está aprobado.");
    expect(api.callsOf("markShown")).toHaveLength(0);

    const summary = decidedSummary(state, en, new Date("2025-01-10T09:06:00.000Z"));
    expect(summary).toEqual({
      title: "Approved by Luis Agent 5 minutes ago",
      body: en("decided.restored_hint"),
      applied: "1 action applied to the ticket.",
      notInForm:
        "1 approved change is not in the form any more — set it again, then submit the ticket to save it.",
    });
    const rows = decidedActions(state, en);
    expect(rows.map((row) => [row.id, row.status, row.statusText])).toEqual([
      ["a-status", "not_in_form", "Not in the form any more"],
      ["a-tags", "applied", "Saved"],
      ["a-priority", null, "Not approved"],
      ["a-refund", null, ""],
    ]);

    // Both buttons do nothing; "Insert again" re-inserts the approved text without a decision.
    await controller.approveAndInsert();
    await controller.insertOnly();
    await controller.insertAgain();
    expect(api.callsOf("decide")).toHaveLength(0);
    expect(host.inserted).toEqual(["Hola Marta, el reembolso está aprobado."]);
  });

  it("opens a rejected draft as rejected, with nothing to insert again", async () => {
    const draft = sampleDraft();
    const decision = sampleDecision(draft, {
      idempotencyKey: "k",
      agent: { id: "12", name: "Luis Agent" },
      ticketRevision: draft.ticketRevision,
      reply: { outcome: "rejected", reason: { code: "wrong_tone" } },
      actions: draft.actions.map((action) => ({ id: action.id, outcome: "rejected" as const })),
    });
    const { host, controller } = setup([sampleDraft({ decision })]);
    await controller.start();
    const state = controller.getState();
    expect(state).toMatchObject({
      phase: "decided",
      decided: { kind: "rejected", restored: true },
    });
    expect(canInsertAgain(state)).toBe(false);
    expect(decidedSummary(state, en)?.title).toMatch(/^Rejected by Luis Agent/);
    expect(decidedSummary(state, en)?.body).toBeUndefined();
    await controller.insertAgain();
    expect(host.inserted).toEqual([]);
  });

  it("uses the host's words for staged changes and for changes the form lost", async () => {
    const freshdesk = createTranslator("en", { vocabulary: "freshdesk" });
    const zendesk = createTranslator("pt-BR", { vocabulary: "zendesk" });
    const inSession = setup();
    inSession.host.stageOn = new Set(["a-status"]);
    await inSession.controller.start();
    await inSession.controller.approveAndInsert();
    const staged = inSession.controller.getState();
    expect(decidedSummary(staged, freshdesk)?.staged).toBe(
      "1 change set in the ticket properties — click Update to save it.",
    );
    expect(decidedSummary(staged, zendesk)?.staged).toBe(
      "1 alteração preenchida no formulário — clique em Enviar para salvá-la.",
    );

    const reopened = setup([decidedDraft()]);
    await reopened.controller.start();
    const lost = reopened.controller.getState();
    expect(decidedSummary(lost, freshdesk)?.notInForm).toBe(
      "1 approved change is not in the ticket properties any more — set it again, then click Update to save it.",
    );
    expect(decidedSummary(lost, zendesk)?.notInForm).toBe(
      "1 alteração aprovada não está mais no formulário — preencha-a de novo e clique em Enviar para salvá-la.",
    );
  });

  it("has no reply to approve while the last message is the agent's, until the customer writes", async () => {
    const { api, host, controller } = setup([
      sampleDraft({ needsReply: false }),
      sampleDraft({ id: "22222222-2222-4333-8444-555555555555", ticketRevision: "rev-2" }),
    ]);
    await controller.start();
    expect(controller.getState()).toMatchObject({ phase: "no_reply_needed" });
    expect(hasDraftEdits(controller.getState())).toBe(false);
    expect(canDecide(controller.getState())).toBe(false);
    await controller.approveAndInsert();
    expect(api.callsOf("decide")).toHaveLength(0);

    host.addCustomerMessage("Any news?");
    host.fireTicketChanged();
    await flush();
    expect(controller.getState()).toMatchObject({ phase: "ready" });
    expect(controller.getState().draft?.ticketRevision).toBe("rev-2");
  });
});

describe("outcomes: what the helpdesk did", () => {
  it("reports the insert and per-action results, and never calls staged changes applied", async () => {
    const { api, host, controller } = setup();
    host.stageOn = new Set(["a-status", "a-priority"]);
    host.failOn = new Set(["a-tags"]);
    await controller.start();
    await controller.approveAndInsert();
    const state = controller.getState();
    expect(state.decided).toMatchObject({ appliedCount: 0, stagedCount: 2, restored: false });
    expect(api.callsOf("reportOutcomes")).toEqual([
      [
        sampleDraft().id,
        {
          reply: { inserted: true },
          actions: [
            { id: "a-status", result: "staged" },
            { id: "a-tags", result: "failed", error: "Field is read-only" },
            { id: "a-priority", result: "staged" },
          ],
        },
      ],
    ]);
    const summary = decidedSummary(state, en);
    expect(summary?.applied).toBeUndefined();
    expect(summary?.staged).toBe("2 changes set in the form — submit the ticket to save them.");
    expect(summary?.title).toMatch(/^Approved by Ana Agent/);

    // The retry applies the failed one for real: reported, and counted as applied.
    host.failOn.clear();
    await controller.retryFailures();
    expect(api.callsOf("reportOutcomes")[1]?.[1]).toEqual({
      actions: [{ id: "a-tags", result: "applied" }],
    });
    expect(controller.getState().decided).toMatchObject({ appliedCount: 1, stagedCount: 2 });
  });

  it("confirms staged changes when the ticket is saved, where the ticket shows them", async () => {
    const { api, host, controller } = setup();
    host.stageOn = new Set(["a-status", "a-priority"]);
    await controller.start();
    await controller.approveAndInsert();
    // Saved with the status the sidebar set; the priority was changed back before saving.
    host.ticket = { ...host.ticket, status: "pending", priority: "normal" };
    host.fireTicketSaved();
    await flush();
    expect(api.callsOf("reportOutcomes")[1]?.[1]).toEqual({
      actions: [{ id: "a-status", result: "applied" }],
    });
    expect(controller.getState().decided).toMatchObject({
      appliedCount: 2,
      stagedCount: 1,
      hostResults: { "a-status": "applied", "a-tags": "applied", "a-priority": "staged" },
    });
  });

  it("confirms only the staged changes the host says the save covered", async () => {
    const { api, host, controller } = setup();
    host.stageOn = new Set(["a-status", "a-priority"]);
    await controller.start();
    await controller.approveAndInsert();
    host.ticket = { ...host.ticket, status: "pending", priority: "high" };
    host.fireTicketSaved(["a-priority"]);
    await flush();
    expect(api.callsOf("reportOutcomes")[1]?.[1]).toEqual({
      actions: [{ id: "a-priority", result: "applied" }],
    });
    expect(controller.getState().decided?.hostResults["a-status"]).toBe("staged");
  });

  it("counts staged changes saved once the reply is sent (the server confirms them from sent)", async () => {
    const { api, host, controller } = setup();
    host.stageOn = new Set(["a-status"]);
    await controller.start();
    await controller.approveAndInsert();
    host.fireReplySent("Hola Marta");
    await flush();
    expect(api.callsOf("reportSent")).toHaveLength(1);
    expect(api.callsOf("reportOutcomes")).toHaveLength(1);
    expect(controller.getState().decided).toMatchObject({ appliedCount: 3, stagedCount: 0 });
  });

  it("reports a failed insert and sends a lost report again later, but not a refused one", async () => {
    const { api, host, timers, controller } = setup();
    host.failOn = new Set(["reply"]);
    api.outcomesAnswer = new TandemApiError("UNREACHABLE", "down");
    await controller.start();
    await controller.insertOnly();
    await flush();
    expect(api.callsOf("reportOutcomes")[0]?.[1]).toEqual({
      reply: { inserted: false, error: "Editor not available" },
      actions: [],
    });
    api.outcomesAnswer = new TandemApiError("CONFLICT", "no decision", 409);
    timers.advance(5_000);
    await flush();
    expect(api.callsOf("reportOutcomes")).toHaveLength(2);
    timers.advance(60_000);
    await flush();
    expect(api.callsOf("reportOutcomes")).toHaveLength(2);
    expect(timers.pending()).toEqual([]);
  });
});

describe("stale without loss", () => {
  const newerDraft = sampleDraft({
    id: "33333333-2222-4333-8444-555555555555",
    ticketRevision: "rev-2",
    reply: { body: "Hola Marta, gracias por las fotos.", language: "es" },
  });

  async function staleWithEdits() {
    const setupResult = setup([sampleDraft(), newerDraft]);
    const { host, controller } = setupResult;
    await controller.start();
    controller.setReply("Hola Marta, mi respuesta editada.");
    host.addCustomerMessage("Adjunto las fotos del paquete.");
    host.fireTicketChanged();
    await flush();
    return setupResult;
  }

  it("keeps the edits, shows the new message and drafts for it in the background", async () => {
    const { api, controller } = await staleWithEdits();
    const state = controller.getState();
    expect(state.replyText).toBe("Hola Marta, mi respuesta editada.");
    expect(state.draft?.id).toBe(sampleDraft().id);
    expect(state.stale).toBe(true);
    expect(state.newer?.messages.map((message) => message.body)).toEqual([
      "Adjunto las fotos del paquete.",
    ]);
    expect(state.newer?.draft?.id).toBe(newerDraft.id);
    const [request] = api.callsOf("createDraft")[1] as [{ ticket: { messages: unknown[] } }];
    expect(request.ticket.messages).toHaveLength(2);
    expect(canDecide(state)).toBe(false);
    expect(canApproveAnyway(state)).toBe(true);
    await controller.approveAndInsert();
    expect(api.callsOf("decide")).toHaveLength(0);
  });

  it("approves the edited reply anyway, recording the revision the agent saw", async () => {
    const { api, host, controller } = await staleWithEdits();
    await controller.approveAnyway();
    const [draftId, request] = api.callsOf("decide")[0] as [string, DecisionRequestInput];
    expect(draftId).toBe(sampleDraft().id);
    expect(request).toMatchObject({
      ticketRevision: "rev-1",
      seenTicketRevision: "rev-2",
      reply: { outcome: "edited", body: "Hola Marta, mi respuesta editada." },
    });
    expect(host.inserted).toEqual(["Hola Marta, mi respuesta editada."]);
    expect(controller.getState()).toMatchObject({ phase: "decided", stale: false, newer: null });
    // The message the agent saw does not make the decided state stale again.
    host.fireTicketChanged();
    await flush();
    expect(controller.getState().stale).toBe(false);
  });

  it("switches to the new draft only when asked", async () => {
    const { api, controller } = await staleWithEdits();
    await controller.useNewDraft();
    const state = controller.getState();
    expect(state).toMatchObject({ phase: "ready", stale: false, newer: null, draftUpdated: true });
    expect(state.replyText).toBe("Hola Marta, gracias por las fotos.");
    expect(api.callsOf("markShown").map((call) => call[0])).toEqual([
      sampleDraft().id,
      newerDraft.id,
    ]);
  });

  it("does not offer to approve anyway when the newer revision was decided elsewhere", async () => {
    const decided = sampleDecision(newerDraft, {
      idempotencyKey: "k",
      agent: { id: "12", name: "Luis Agent" },
      ticketRevision: "rev-2",
      reply: { outcome: "accepted" },
    });
    const { api, host, controller } = setup([sampleDraft(), { ...newerDraft, decision: decided }]);
    await controller.start();
    controller.setReply("Hola Marta, mi respuesta editada.");
    host.addCustomerMessage("¿Hola?");
    host.fireTicketChanged();
    await flush();
    expect(canApproveAnyway(controller.getState())).toBe(false);
    await controller.approveAnyway();
    expect(api.callsOf("decide")).toHaveLength(0);
    // Using the new draft shows that decision, never the revision as new.
    await controller.useNewDraft();
    expect(controller.getState()).toMatchObject({ phase: "decided", decided: { restored: true } });
  });

  it("keeps the edits when drafting for the new message fails", async () => {
    const api = createFakeApi({
      drafts: [sampleDraft(), new TandemApiError("UPSTREAM_MODEL_FAILED", "model", 502)],
    });
    const host = createFakeHost();
    const controller = createReviewController({ api, host, t: en, approvalPollMs: 0 });
    await controller.start();
    controller.setActionParam("a-refund", "amount", 20);
    host.addCustomerMessage("¿Hola?");
    host.fireTicketChanged();
    await flush();
    const state = controller.getState();
    expect(state.paramEdits).toEqual({ "a-refund": { amount: 20 } });
    expect(state.newer).toMatchObject({ draft: null, loading: false });
    expect(state.newer?.error?.code).toBe("UPSTREAM_MODEL_FAILED");
    expect(canApproveAnyway(state)).toBe(false);
  });
});

describe("approval requests come first", () => {
  it("makes a pending request the primary task", async () => {
    const { api, controller } = setup();
    await controller.start();
    expect(primaryTask(controller.getState())).toBe("draft");
    api.approvals = [sampleApproval()];
    await controller.reload();
    await flush();
    expect(primaryTask(controller.getState())).toBe("approval");
  });

  it("rejects a request only with a reason, and sends it", async () => {
    const { api, controller } = setup();
    api.approvals = [sampleApproval()];
    await controller.start();
    await flush();
    await controller.decideApproval("ap-1", "rejected");
    expect(api.callsOf("decideApproval")).toHaveLength(0);
    expect(controller.getState().approvals[0]?.error).toBe(en("approvals.reason_required"));

    await controller.decideApproval("ap-1", "rejected", {
      reason: { code: "wrong_facts", note: "  wrong booking  " },
    });
    expect(api.callsOf("decideApproval")[0]?.[1]).toMatchObject({
      outcome: "rejected",
      reason: { code: "wrong_facts", note: "wrong booking" },
    });
    expect(controller.getState().approvals[0]?.request.status).toBe("rejected");
  });
});
