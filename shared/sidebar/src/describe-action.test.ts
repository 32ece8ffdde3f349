import { describe, expect, it } from "vitest";
import { sampleTicket } from "../testing";
import { describeAction, humanize, summarizeParams } from "./describe-action";
import { createTranslator } from "./i18n";

const t = createTranslator("en");
const ticket = sampleTicket({
  status: "open",
  priority: null,
  tags: ["vip", "refund"],
  group: { id: "g1", name: "Tier 1" },
  customFields: { "360001": "standard" },
});

describe("describeAction", () => {
  it("shows status and priority before → after in the agent's language", () => {
    expect(
      describeAction({ type: "set_status", params: { status: "pending" } }, ticket, t),
    ).toEqual({ label: "Status", before: "Open", after: "Pending", unchanged: false });
    expect(
      describeAction({ type: "set_priority", params: { priority: "high" } }, ticket, t),
    ).toMatchObject({ before: "none", after: "High" });
    const es = createTranslator("es");
    expect(
      describeAction({ type: "set_status", params: { status: "solved" } }, ticket, es),
    ).toMatchObject({
      label: "Estado",
      before: "Abierto",
      after: "Resuelto",
    });
  });

  it("marks changes that would change nothing", () => {
    expect(
      describeAction({ type: "set_status", params: { status: "open" } }, ticket, t).unchanged,
    ).toBe(true);
    expect(
      describeAction({ type: "add_tags", params: { tags: ["vip"] } }, ticket, t).unchanged,
    ).toBe(true);
    expect(
      describeAction({ type: "remove_tags", params: { tags: ["nope"] } }, ticket, t).unchanged,
    ).toBe(true);
  });

  it("lists tag changes with + and −", () => {
    expect(
      describeAction({ type: "add_tags", params: { tags: ["refund", "damaged"] } }, ticket, t),
    ).toEqual({
      label: "Tags",
      after: "+ refund, + damaged",
      unchanged: false,
    });
    expect(
      describeAction({ type: "remove_tags", params: { tags: ["vip"] } }, ticket, t).after,
    ).toBe("− vip");
  });

  it("describes assignment, custom fields, macros and notes", () => {
    expect(
      describeAction(
        { type: "assign_group", params: { groupId: "g2", groupName: "Billing" } },
        ticket,
        t,
      ),
    ).toMatchObject({ before: "Tier 1", after: "Billing" });
    expect(
      describeAction({ type: "assign_agent", params: { agentId: "5" } }, ticket, t),
    ).toMatchObject({
      before: "Unassigned",
      after: "5",
    });
    expect(
      describeAction(
        {
          type: "set_custom_field",
          params: { fieldId: "360001", label: "Plan", value: "premium" },
        },
        ticket,
        t,
      ),
    ).toEqual({ label: "Plan", before: "standard", after: "premium", unchanged: false });
    expect(
      describeAction({ type: "apply_macro", params: { macroId: "9", title: "Refund" } }, ticket, t)
        .after,
    ).toBe("Refund");
    const long = "x".repeat(200);
    expect(
      describeAction({ type: "add_internal_note", params: { body: long } }, ticket, t).after,
    ).toHaveLength(80);
  });

  it("summarizes business actions, with money formatted and an optional before", () => {
    const refund = describeAction(
      {
        type: "refund_order",
        title: "Refund order",
        params: { orderId: "ORD-550871", amount: 89, currency: "EUR" },
      },
      ticket,
      t,
    );
    expect(refund.label).toBe("Refund order");
    expect(refund.after).toBe("ORD-550871 · EUR 89.00");
    expect(refund.before).toBeUndefined();
    const moved = describeAction(
      { type: "change_booking_dates", params: { checkIn: "2025-02-03" } },
      ticket,
      t,
      { checkIn: "2025-02-01" },
    );
    expect(moved).toMatchObject({
      label: "Change booking dates",
      before: "2025-02-01",
      after: "2025-02-03",
    });
    const onlyChanges = describeAction(
      {
        type: "change_booking_dates",
        params: { bookingId: "BK-1042", checkIn: "2027-03-10", checkOut: "2027-03-17" },
      },
      ticket,
      t,
      { bookingId: "BK-1042", checkIn: "2027-03-03", checkOut: "2027-03-10" },
    );
    expect(onlyChanges).toMatchObject({
      before: "2027-03-03 · 2027-03-10",
      after: "2027-03-10 · 2027-03-17",
    });
  });
});

describe("helpers", () => {
  it("humanizes identifiers", () => {
    expect(humanize("refund_order")).toBe("Refund order");
    expect(humanize("changeBookingDates")).toBe("Change booking dates");
  });

  it("summarizes params with an unknown currency code without throwing", () => {
    expect(summarizeParams({ amount: 5, currency: "XYZW" }, t)).toBe("5.00 XYZW");
    expect(summarizeParams({ ok: true, list: ["a", "b"], nested: { x: 1 } }, t)).toBe("✓ · a, b");
  });
});
