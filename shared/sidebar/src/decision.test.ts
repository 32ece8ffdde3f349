import { describe, expect, it } from "vitest";
import { sampleDraft } from "../testing";
import {
  buildApproveDecision,
  buildRejectDecision,
  hostAppliedActions,
  isLockedParam,
  isReplyEdited,
  randomKey,
  sameParams,
} from "./decision";
import { matchShortcut } from "./shortcuts";
import { htmlToText, textToHtml } from "./text";

const agent = { id: "77", name: "Ana" };
const draft = sampleDraft();

describe("decision building", () => {
  it("accepts an unchanged reply and approves every checked action", () => {
    const request = buildApproveDecision({
      draft,
      agent,
      idempotencyKey: "key-123456",
      replyText: `${draft.reply.body}\n`,
      selected: {},
      paramEdits: {},
      mode: "approve",
    });
    expect(request.reply).toEqual({ outcome: "accepted" });
    expect(request.ticketRevision).toBe("rev-1");
    expect(request.actions).toEqual(draft.actions.map((a) => ({ id: a.id, outcome: "approved" })));
  });

  it("records an edited reply with its body, rejected unchecked actions and edited params", () => {
    const request = buildApproveDecision({
      draft,
      agent,
      idempotencyKey: "key-123456",
      replyText: "Hola Marta, ya está.",
      selected: { "a-priority": false },
      paramEdits: { "a-refund": { amount: 50 }, "a-status": { status: "pending" } },
      mode: "approve",
    });
    expect(request.reply).toEqual({ outcome: "edited", body: "Hola Marta, ya está." });
    expect(request.actions).toContainEqual({ id: "a-priority", outcome: "rejected" });
    expect(request.actions).toContainEqual({
      id: "a-refund",
      outcome: "approved",
      params: { orderId: "ORD-550871", amount: 50, currency: "EUR" },
    });
    // An "edit" that restores the proposed value is not an edit.
    expect(request.actions).toContainEqual({ id: "a-status", outcome: "approved" });
  });

  it("leaves actions undecided for insert only", () => {
    const request = buildApproveDecision({
      draft,
      agent,
      idempotencyKey: "key-123456",
      replyText: draft.reply.body,
      selected: {},
      paramEdits: {},
      mode: "insert_only",
    });
    expect(request.actions).toEqual([]);
    // Auto actions were not applied either, so the server must not count them as applied.
    expect(request.autoActionsApplied).toBe(false);
  });

  it("says the agent confirmed the promises and which newer revision they read, only when so", () => {
    const base = {
      draft,
      agent,
      idempotencyKey: "key-123456",
      replyText: draft.reply.body,
      selected: {},
      paramEdits: {},
      mode: "approve" as const,
    };
    expect(buildApproveDecision(base)).not.toHaveProperty("acknowledgeCommitments");
    expect(buildApproveDecision(base)).not.toHaveProperty("seenTicketRevision");
    expect(
      buildApproveDecision({ ...base, acknowledgeCommitments: true, seenTicketRevision: "rev-2" }),
    ).toMatchObject({
      acknowledgeCommitments: true,
      seenTicketRevision: "rev-2",
      ticketRevision: "rev-1",
    });
  });

  it("locks exactly the target params of an action or approval request", () => {
    const refund = draft.actions.find((action) => action.id === "a-refund");
    expect(refund && isLockedParam(refund, "orderId")).toBe(true);
    expect(refund && isLockedParam(refund, "amount")).toBe(false);
    expect(isLockedParam({ targetParams: ["bookingId"] }, "bookingId")).toBe(true);
    expect(isLockedParam({}, "bookingId")).toBe(false);
  });

  it("rejects the reply and every action with the reason", () => {
    const request = buildRejectDecision({
      draft,
      agent,
      idempotencyKey: "key-123456",
      reason: { code: "wrong_facts", note: "  wrong order  " },
    });
    expect(request.reply).toEqual({
      outcome: "rejected",
      reason: { code: "wrong_facts", note: "wrong order" },
    });
    expect(request.actions?.every((a) => a.outcome === "rejected")).toBe(true);
    const noNote = buildRejectDecision({
      draft,
      agent,
      idempotencyKey: "key-123456",
      reason: { code: "other", note: " " },
    });
    expect(noNote.reply.reason).toEqual({ code: "other" });
  });

  it("applies only checked field actions on the host, with edited params", () => {
    const actions = hostAppliedActions(
      draft,
      { "a-tags": false },
      { "a-priority": { priority: "urgent" } },
    );
    expect(actions).toEqual([
      { id: "a-status", type: "set_status", params: { status: "pending" } },
      { id: "a-priority", type: "set_priority", params: { priority: "urgent" } },
    ]);
  });

  it("compares replies ignoring line endings and trailing blanks", () => {
    expect(isReplyEdited("a\nb", "a\r\nb  \n")).toBe(false);
    expect(isReplyEdited("a b", "a  b")).toBe(true);
    expect(sameParams({ a: 1, b: { c: [1] } }, { b: { c: [1] }, a: 1 })).toBe(true);
    expect(sameParams({ a: { x: 1 } }, { a: { x: 2 } })).toBe(false);
  });

  it("makes distinct idempotency keys long enough for the contract", () => {
    const a = randomKey();
    expect(a.length).toBeGreaterThanOrEqual(8);
    expect(randomKey()).not.toBe(a);
  });
});

describe("text helpers", () => {
  it("turns editor HTML into the plain text the agent sent", () => {
    expect(htmlToText("<p>Hola&nbsp;Marta,</p><p>Línea 1<br>Línea 2 &amp; más</p>")).toBe(
      "Hola Marta,\n\nLínea 1\nLínea 2 & más",
    );
    expect(htmlToText("<ul><li>uno</li><li>dos</li></ul>")).toBe("- uno\n- dos");
    expect(htmlToText("plain text\r\nkept")).toBe("plain text\nkept");
    expect(htmlToText("&#233;t&#xE9; &lt;tag&gt;")).toBe("été <tag>");
  });

  it("turns plain text into safe editor HTML", () => {
    expect(textToHtml("Hi <b>\n\nLine 1\nLine 2")).toBe(
      "<p>Hi &lt;b&gt;</p><p>Line 1<br>Line 2</p>",
    );
    expect(htmlToText(textToHtml("A & B\n\nC\nD"))).toBe("A & B\n\nC\nD");
    expect(htmlToText("<div>one</div><div>two</div>")).toBe("one\ntwo");
  });
});

describe("shortcuts", () => {
  const key = (
    k: string,
    mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
  ) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });
  it("maps the documented combinations", () => {
    expect(matchShortcut(key("Enter", { ctrlKey: true }))).toBe("approve");
    expect(matchShortcut(key("Enter", { metaKey: true }))).toBe("approve");
    expect(matchShortcut(key("Enter", { ctrlKey: true, shiftKey: true }))).toBe("insert_only");
    expect(matchShortcut(key("R", { altKey: true, shiftKey: true }))).toBe("regenerate");
    expect(matchShortcut(key("Enter"))).toBeNull();
    expect(matchShortcut(key("r", { ctrlKey: true }))).toBeNull();
  });
});
