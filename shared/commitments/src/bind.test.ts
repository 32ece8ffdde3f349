import { describe, expect, it } from "vitest";
import { bindCommitments, unbackedCommitments } from "./bind";
import { actionFulfils, commitmentKindsOf } from "./fulfils";

const business = (
  type: string,
  title?: string,
  fulfils?: Parameters<typeof actionFulfils>[1]["fulfils"],
) => ({
  type,
  kind: "business" as const,
  ...(title ? { title } : {}),
  ...(fulfils ? { fulfils } : {}),
});

describe("actionFulfils", () => {
  it.each([
    ["refund_order", "refund"],
    ["issue_refund", "refund"],
    ["reimburse_customer", "refund"],
    ["change_booking_dates", "booking_change"],
    ["rebook_flight", "booking_change"],
    ["reschedule_appointment", "booking_change"],
    ["update_reservation", "booking_change"],
    ["cancel_order", "cancellation"],
    ["cancel_subscription", "cancellation"],
    ["send_replacement", "replacement"],
    ["reship_order", "replacement"],
    ["escalate_to_tier2", "escalation"],
    ["handoff_to_partner", "handoff"],
  ] as const)("%s backs %s", (type, kind) => {
    expect(actionFulfils(kind, business(type))).toBe(true);
  });

  it("reads the title too, in other languages", () => {
    expect(actionFulfils("refund", business("money_back", "Reembolsar pedido"))).toBe(true);
    expect(actionFulfils("booking_change", business("modify", "Buchung ändern"))).toBe(true);
  });

  it("does not guess from unrelated names", () => {
    expect(commitmentKindsOf(business("lookup_order"))).toEqual([]);
    expect(commitmentKindsOf(business("update_address"))).toEqual([]);
    expect(actionFulfils("refund", business("change_booking_dates"))).toBe(false);
    expect(actionFulfils("booking_change", business("refund_order"))).toBe(false);
  });

  it("follows the policy's explicit fulfils over the name", () => {
    expect(actionFulfils("refund", business("goodwill", undefined, ["refund"]))).toBe(true);
    expect(actionFulfils("refund", business("refund_order", undefined, []))).toBe(false);
    expect(actionFulfils("cancellation", business("refund_order", undefined, ["refund"]))).toBe(
      false,
    );
  });

  it("field actions back only escalation, assignment and handoff (assign group or agent)", () => {
    for (const type of ["assign_group", "assign_agent"]) {
      const action = { type, kind: "field" as const };
      expect(commitmentKindsOf(action)).toEqual(["escalation", "assignment", "handoff"]);
    }
    expect(commitmentKindsOf({ type: "set_status", kind: "field" })).toEqual([]);
    expect(commitmentKindsOf({ type: "add_tags", kind: "field", fulfils: ["refund"] })).toEqual([]);
  });
});

describe("bindCommitments", () => {
  const actions = [
    { id: "a-tags", type: "add_tags", kind: "field" as const },
    { id: "a-refund", type: "refund_order", kind: "business" as const, title: "Refund order" },
    { id: "a-group", type: "assign_group", kind: "field" as const },
  ];

  it("names the action that backs each promise, null when none does", () => {
    const text =
      "Hola Marta:\n\nHe aprobado el reembolso completo. He cancelado tu pedido. He escalado tu caso.";
    expect(
      bindCommitments(text, actions, "es").map(({ kind, actionId }) => [kind, actionId]),
    ).toEqual([
      ["refund", "a-refund"],
      ["cancellation", null],
      ["escalation", "a-group"],
    ]);
    expect(unbackedCommitments(text, actions, "es").map((c) => c.text)).toEqual([
      "He cancelado tu pedido.",
    ]);
  });

  it("keeps the sentence's place for highlighting", () => {
    const text = "Hi Tom, thanks. I've changed your dates.";
    const [bound] = bindCommitments(text, []);
    expect(bound).toMatchObject({ kind: "booking_change", actionId: null });
    expect(text.slice(bound?.start, bound?.end)).toBe("I've changed your dates.");
  });

  it("finds nothing to back in a reply without promises", () => {
    expect(
      bindCommitments("Thanks, I am looking into it and will get back to you.", actions),
    ).toEqual([]);
  });
});
