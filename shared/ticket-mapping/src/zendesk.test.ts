import { Limits } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import {
  type ZendeskTicketFields,
  type ZendeskTicketInput,
  zendeskAuthor,
  zendeskMessageBody,
  zendeskTicketContext,
} from "./zendesk";

const fields: ZendeskTicketFields = {
  subject: "Reembolso del pedido ORD-550871",
  description: "<p>Hola, quiero un reembolso.</p>",
  status: "open",
  priority: "high",
  type: "question",
  tags: ["refund"],
};

const base: ZendeskTicketInput = {
  id: "501",
  ticket: fields,
  createdAt: "2026-03-01T10:00:00.000Z",
  requester: { id: "11", name: "Marta García", email: "marta@example.com", locale: "es" },
  group: { id: 5, name: "Tier 1" },
  assignee: { id: 22, name: "Alex" },
  messages: [
    {
      authorRole: "end-user",
      authorName: "Marta García",
      public: true,
      content: "<div><p>Hola, quiero un <b>reembolso</b>.</p><p>Gracias &amp; saludos</p></div>",
      contentType: "text/html",
      createdAt: "2026-03-01T10:00:00Z",
    },
    { authorRole: "agent", authorName: "Alex", public: false, content: "   ", createdAt: null },
    {
      authorRole: "admin",
      authorName: "Alex",
      public: false,
      content: "Check the order first",
      contentType: "text/plain",
      createdAt: "not a date",
    },
  ],
};

describe("Zendesk ticket mapping", () => {
  it("maps authors by role: end users are customers, agents and admins agents, else system", () => {
    expect(["end-user", "end_user", "user"].map(zendeskAuthor)).toEqual([
      "customer",
      "customer",
      "customer",
    ]);
    expect(["agent", "admin"].map(zendeskAuthor)).toEqual(["agent", "agent"]);
    expect([undefined, null, "bot"].map(zendeskAuthor)).toEqual(["system", "system", "system"]);
  });

  it("turns HTML bodies into text (by type or by content) and only trims plain ones", () => {
    expect(zendeskMessageBody("<p>A &amp; B</p>", "text/html")).toBe("A & B");
    expect(zendeskMessageBody("<p>A</p><p>B</p>", null)).toBe("A\n\nB");
    expect(zendeskMessageBody("  Tom &amp; Jerry  ", "text/plain")).toBe("Tom &amp; Jerry");
    expect(zendeskMessageBody("Tom &amp; Jerry", "text/html")).toBe("Tom & Jerry");
    expect(zendeskMessageBody(null)).toBe("");
    expect(zendeskMessageBody("z".repeat(70_000))).toHaveLength(Limits.messageBodyLength);
  });

  it("maps the ticket with positional message ids that skip empty comments", () => {
    const ticket = zendeskTicketContext(base);
    expect(ticket).toMatchObject({
      platform: "zendesk",
      id: "501",
      status: "open",
      priority: "high",
      type: "question",
      tags: ["refund"],
      group: { id: "5", name: "Tier 1" },
      assignee: { id: "22", name: "Alex" },
      requester: { id: "11", name: "Marta García", email: "marta@example.com", locale: "es" },
    });
    expect(ticket.customFields).toBeUndefined();
    expect(ticket.messages).toEqual([
      {
        id: "501-1",
        author: "customer",
        authorName: "Marta García",
        public: true,
        body: "Hola, quiero un reembolso.\n\nGracias & saludos",
        createdAt: "2026-03-01T10:00:00.000Z",
      },
      {
        id: "501-3",
        author: "agent",
        authorName: "Alex",
        public: false,
        body: "Check the order first",
        // No readable date: the ticket's.
        createdAt: "2026-03-01T10:00:00.000Z",
      },
    ]);
  });

  it('reads "-" as no priority or type and a missing status as new', () => {
    const ticket = zendeskTicketContext({
      ...base,
      ticket: { ...fields, status: "", priority: "-", type: "-" },
    });
    expect([ticket.status, ticket.priority, ticket.type]).toEqual(["new", null, null]);
  });

  it("falls back to the description, then the subject, then a placeholder", () => {
    const fromDescription = zendeskTicketContext({ ...base, messages: [] });
    expect(fromDescription.messages).toEqual([
      {
        id: "501-description",
        author: "customer",
        public: true,
        body: "Hola, quiero un reembolso.",
        createdAt: "2026-03-01T10:00:00.000Z",
      },
    ]);
    const fromSubject = zendeskTicketContext({
      ...base,
      ticket: { ...fields, description: null },
      messages: [],
    });
    expect(fromSubject.messages[0]?.body).toBe(fields.subject);
    const empty = zendeskTicketContext({
      ...base,
      ticket: { ...fields, subject: null, description: "" },
      messages: [],
    });
    expect(empty.messages[0]?.body).toBe("(empty)");
  });

  it("keeps the newest messages and clips the subject to the contract", () => {
    const ticket = zendeskTicketContext({
      ...base,
      ticket: { ...fields, subject: "s".repeat(2_000) },
      messages: Array.from({ length: 600 }, (_, i) => ({ public: true, content: `m${i + 1}` })),
    });
    expect(ticket.subject).toHaveLength(Limits.subjectLength);
    expect(ticket.messages).toHaveLength(Limits.messagesPerTicket);
    expect(ticket.messages[0]).toMatchObject({ id: "501-101", body: "m101", author: "system" });
    expect(ticket.messages.at(-1)?.id).toBe("501-600");
  });

  it("carries custom fields and leaves out the group, assignee and requester details it lacks", () => {
    const ticket = zendeskTicketContext({
      ...base,
      group: null,
      assignee: { id: null },
      requester: { id: "11", locale: "Spanish" },
      customFields: [
        ["360001", "gold"],
        ["360002", { id: 1 }],
      ],
    });
    expect(ticket.group).toBeNull();
    expect(ticket.assignee).toBeNull();
    expect(ticket.requester).toEqual({ id: "11", name: "Customer" });
    expect(ticket.customFields).toEqual({ "360001": "gold" });
  });
});
