import { detectCommitments } from "@tandem/commitments";
import { TicketContextSchema } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { makeTicket } from "../../test/drafting-fixtures";
import { draftCommitments, honestSentence, PENDING_SENTENCE } from "./commitments";
import { SupportedLanguages } from "./language";
import { offlineDraft } from "./offline";
import { prefillParams } from "./prefill";
import { triageByRules } from "./triage";

const KINDS = [
  "refund",
  "booking_change",
  "cancellation",
  "replacement",
  "escalation",
  "assignment",
  "handoff",
] as const;

describe("what the offline drafter writes instead of a promise", () => {
  it.each(SupportedLanguages)("promises nothing in %s", (language) => {
    for (const kind of KINDS) {
      expect(detectCommitments(honestSentence(kind, language), language)).toEqual([]);
    }
    expect(detectCommitments(PENDING_SENTENCE[language], language)).toEqual([]);
  });
});

describe("the offline drafter's own phrases", () => {
  it.each(SupportedLanguages)(
    "promise nothing in %s (acknowledgement, apology, pending change)",
    (language) => {
      const ticket = TicketContextSchema.parse(
        makeTicket({ subject: "Problem with my booking", text: "This is urgent, it is terrible!" }),
      );
      const triage = {
        ...triageByRules(ticket, "x"),
        sentiment: "negative",
        urgency: "urgent",
      } as const;
      for (const pendingApprovals of [
        [],
        [{ title: "Change booking dates", requestedBy: "Trip bot" }],
      ]) {
        const draft = offlineDraft({
          ticket,
          language,
          languageConfidence: 0.9,
          triage,
          sources: [],
          customerText: "x",
          latestCustomerMessage: "x",
          agent: { id: "a-1", name: "Ana" },
          pendingApprovals,
        });
        expect(draft.reply.length).toBeGreaterThan(20);
        expect(detectCommitments(draft.reply, language)).toEqual([]);
      }
    },
  );
});

describe("draftCommitments", () => {
  const refund = { id: "a-1", type: "refund_order", kind: "business" as const, title: "Refund" };
  const macro =
    "Hola Marta:\n\nSiento mucho que tu pedido llegara dañado. He aprobado el reembolso completo; lo verás en tu método de pago original en 5–7 días hábiles. No hace falta que devuelvas el artículo.\n\nUn saludo,\nLucía";

  it("rewrites an offline reply's unbacked promise into what is true", () => {
    const result = draftCommitments({ reply: macro, language: "es", actions: [], rewrite: true });
    expect(result.reply).not.toContain("He aprobado el reembolso");
    expect(result.reply).toContain(
      "He pasado tu solicitud de reembolso a un compañero, que confirmará si podemos hacerlo.",
    );
    expect(result.reply).toContain("Siento mucho que tu pedido llegara dañado.");
    expect(result.reply).toContain("No hace falta que devuelvas el artículo.");
    expect(result.commitments).toEqual([]);
    expect(result.notes.join(" ")).toContain("He aprobado el reembolso completo");
  });

  it("keeps a promise an action backs, with the action's id", () => {
    const result = draftCommitments({
      reply: macro,
      language: "es",
      actions: [refund],
      rewrite: true,
    });
    expect(result.reply).toBe(macro);
    expect(result.commitments).toEqual([
      {
        kind: "refund",
        text: expect.stringContaining("He aprobado el reembolso"),
        actionId: "a-1",
      },
    ]);
    expect(result.notes).toEqual([]);
  });

  it("keeps a model's unbacked promise, recorded with a null action and named for the agent", () => {
    const reply = "Hi Tom,\n\nI have changed your booking to 12–15 June.\n\nBest,\nAna";
    const result = draftCommitments({ reply, language: "en", actions: [refund], rewrite: false });
    expect(result.reply).toBe(reply);
    expect(result.commitments).toEqual([
      {
        kind: "booking_change",
        text: "I have changed your booking to 12–15 June.",
        actionId: null,
      },
    ]);
    expect(result.notes[0]).toMatch(/^Unbacked promise: "I have changed your booking/);
  });

  it("does not repeat the same replacement for two unbacked sentences", () => {
    const reply = "I have refunded your order. Your refund has been approved. Thanks!";
    const result = draftCommitments({ reply, language: "en", actions: [], rewrite: true });
    expect(result.reply).toBe(
      "I have passed your refund request to a colleague, who will confirm whether we can issue it. Thanks!",
    );
  });
});

describe("prefillParams", () => {
  const booking = {
    type: "object",
    properties: {
      bookingId: { type: "string", pattern: "^BK-[0-9]{3,8}$" },
      checkIn: { type: "string", format: "date" },
      checkOut: { type: "string", format: "date" },
    },
  };

  it("fills a reference the schema describes and leaves dates for the agent", () => {
    expect(
      prefillParams(booking, ["Could you move booking BK-2210 to 12 June? Thanks, Tom"]),
    ).toEqual({ bookingId: "BK-2210" });
  });

  it("leaves a reference out when the ticket names two", () => {
    expect(prefillParams(booking, ["BK-2210 or maybe BK-3307?"])).toEqual({});
    expect(prefillParams(booking, ["BK-2210, yes BK-2210"])).toEqual({ bookingId: "BK-2210" });
  });

  it("fills id-like params without a pattern, and enum values the ticket names", () => {
    const refund = {
      type: "object",
      properties: {
        orderId: { type: "string" },
        amount: { type: "number" },
        currency: { type: "string", enum: ["EUR", "USD"] },
      },
    };
    expect(prefillParams(refund, ["Order ORD-550871 (BK-1042 trip), 89 EUR"])).toEqual({
      orderId: "ORD-550871",
      currency: "EUR",
    });
  });

  it("ignores patterns that match anything and schemas without properties", () => {
    expect(
      prefillParams({ type: "object", properties: { note: { type: "string", pattern: "^.+$" } } }, [
        "anything",
      ]),
    ).toEqual({});
    expect(prefillParams({ type: "object" }, ["BK-1"])).toEqual({});
  });
});
