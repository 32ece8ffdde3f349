import { Limits } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import {
  type FreshdeskConversationData,
  type FreshdeskTicketData,
  freshdeskMessage,
  freshdeskMessageText,
  freshdeskPriorityCode,
  freshdeskStatusCode,
  freshdeskTicketContext,
  neutralPriority,
  neutralStatus,
} from "./freshdesk";

const ticket: FreshdeskTicketData = {
  id: 77,
  subject: "Cannot log in",
  description: "<div>I forgot my <b>password</b>.</div>",
  description_text: "I forgot my password.",
  status: 2,
  priority: 3,
  source: 1,
  type: "Question",
  requester_id: 5,
  responder_id: 8,
  group_id: 3,
  tags: ["login", ""],
  custom_fields: { cf_plan: "pro", cf_regions: ["eu", "us"], cf_blob: { a: 1 }, cf_none: null },
  created_at: "2026-03-01T10:00:00Z",
};

const conversation = (
  id: number,
  overrides: Partial<FreshdeskConversationData> = {},
): FreshdeskConversationData => ({
  id,
  body: `<p>Message ${id}</p>`,
  body_text: `Message ${id}`,
  incoming: true,
  private: false,
  created_at: `2026-03-01T1${id % 10}:00:00Z`,
  ...overrides,
});

describe("Freshdesk codes", () => {
  it("maps status and priority codes to neutral values and back", () => {
    expect([2, 3, 4, 5].map(neutralStatus)).toEqual(["open", "pending", "solved", "closed"]);
    expect(neutralStatus(6)).toBe("6");
    expect(neutralStatus(null)).toBe("open");
    expect([1, 2, 3, 4, 9].map(neutralPriority)).toEqual(["low", "normal", "high", "urgent", null]);
    expect(neutralPriority(undefined)).toBeNull();
    expect(
      ["new", "open", "pending", "hold", "solved", "closed", "6", "weird"].map(freshdeskStatusCode),
    ).toEqual([2, 2, 3, 3, 4, 5, 6, undefined]);
    expect(["low", "normal", "high", "urgent", "asap"].map(freshdeskPriorityCode)).toEqual([
      1,
      2,
      3,
      4,
      undefined,
    ]);
  });
});

describe("Freshdesk ticket mapping", () => {
  it("prefers the plain-text body and falls back to the HTML one as text", () => {
    expect(freshdeskMessageText("  plain  ", "<p>html</p>")).toBe("plain");
    expect(freshdeskMessageText(" ", "<p>A &amp; B</p>")).toBe("A & B");
    expect(freshdeskMessageText(null, null)).toBe("");
    expect(freshdeskMessageText("x".repeat(70_000), null)).toHaveLength(Limits.messageBodyLength);
  });

  it("keeps a conversation's id, reads incoming as customer and private as not public", () => {
    expect(freshdeskMessage(conversation(3), "2026-01-01T00:00:00.000Z")).toEqual({
      id: "3",
      author: "customer",
      public: true,
      body: "Message 3",
      createdAt: "2026-03-01T13:00:00.000Z",
    });
    const note = conversation(4, { incoming: false, private: true, created_at: null });
    expect(freshdeskMessage(note, "2026-01-01T00:00:00.000Z")).toMatchObject({
      author: "agent",
      public: false,
      createdAt: "2026-01-01T00:00:00.000Z",
    });
    expect(freshdeskMessage(conversation(5, { body: "", body_text: "" }), "x")).toBeNull();
  });

  it("maps the ticket: description first, conversations by time, empty ones dropped", () => {
    const result = freshdeskTicketContext({
      ticket,
      requester: { id: 5, name: "Jan de Vries", email: "jan@example.nl", language: "nl" },
      conversations: [
        conversation(3),
        conversation(2, { incoming: false, body_text: "", body: "<div>Try the reset link</div>" }),
        conversation(4, { body: "", body_text: "" }),
      ],
    });
    expect(result).toMatchObject({
      platform: "freshdesk",
      id: "77",
      status: "open",
      priority: "high",
      type: "Question",
      tags: ["login"],
      group: { id: "3" },
      assignee: { id: "8" },
      requester: { id: "5", name: "Jan de Vries", email: "jan@example.nl", locale: "nl" },
      customFields: { cf_plan: "pro", cf_regions: ["eu", "us"], cf_none: null },
    });
    expect(result.messages.map((m) => [m.id, m.author, m.public, m.body])).toEqual([
      ["77-description", "customer", true, "I forgot my password."],
      ["2", "agent", true, "Try the reset link"],
      ["3", "customer", true, "Message 3"],
    ]);
  });

  it("uses the description alone when the conversations could not be read", () => {
    const result = freshdeskTicketContext({
      ticket: { ...ticket, source: 10, custom_fields: null },
      requester: null,
      conversations: null,
    });
    expect(result.messages).toEqual([
      {
        id: "77-description",
        author: "agent",
        public: true,
        body: "I forgot my password.",
        createdAt: "2026-03-01T10:00:00.000Z",
      },
    ]);
    expect(result.requester).toEqual({ id: "5", name: "#5" });
    expect(result.customFields).toBeUndefined();
  });

  it("keeps the first message and the newest ones on a long ticket", () => {
    const many = Array.from({ length: 600 }, (_, i) =>
      conversation(i + 1, { created_at: new Date(Date.UTC(2026, 2, 2, 0, i)).toISOString() }),
    );
    const result = freshdeskTicketContext({ ticket, requester: null, conversations: many });
    expect(result.messages).toHaveLength(Limits.messagesPerTicket);
    expect(result.messages[0]?.id).toBe("77-description");
    expect(result.messages[1]?.id).toBe("102");
    expect(result.messages.at(-1)?.id).toBe("600");
  });

  it("falls back to the subject, then a placeholder, for an empty description", () => {
    const noText = { ...ticket, description: "", description_text: "" };
    const fromSubject = freshdeskTicketContext({
      ticket: noText,
      requester: null,
      conversations: [],
    });
    expect(fromSubject.messages[0]?.body).toBe("Cannot log in");
    const empty = freshdeskTicketContext({
      ticket: { ...noText, subject: null, status: null, priority: null, created_at: null },
      requester: null,
      conversations: [],
    });
    expect(empty.messages).toEqual([
      {
        id: "77-description",
        author: "customer",
        public: true,
        body: "(empty)",
        createdAt: "1970-01-01T00:00:00.000Z",
      },
    ]);
    expect([empty.status, empty.priority]).toEqual(["open", null]);
  });
});
