import type { TicketContext } from "@tandem/shared";
import { describe, expect, it } from "vitest";
// The sidebars' own mappings: a pre-draft only helps when the server, reading the ticket over
// REST, derives the same revision as the app reading it through its host SDK.
import { toTicketContext as zendeskApp } from "../../../apps/zendesk/src/host/ticket-mapping";
import { ticketRevision } from "../services/drafting/context";
import type { FreshdeskConversation, FreshdeskTicket } from "./freshdesk";
import { freshdeskTicketContext, zendeskTicketContext } from "./ticket-context";
import type { ZendeskComment, ZendeskTicket, ZendeskUser } from "./zendesk";

const customer: ZendeskUser = {
  id: 11,
  name: "Marta García",
  email: "marta@example.com",
  role: "end-user",
  locale: "es",
};
const agent: ZendeskUser = { id: 22, name: "Alex", email: "alex@acme.test", role: "agent" };

const zTicket: ZendeskTicket = {
  id: 501,
  subject: "Reembolso del pedido ORD-550871",
  description: "Hola, quiero un reembolso.",
  status: "open",
  priority: "high",
  type: null,
  tags: ["refund"],
  requester_id: 11,
  assignee_id: 22,
  group_id: null,
  created_at: "2026-03-01T10:00:00Z",
  updated_at: "2026-03-01T12:00:00Z",
};

const zComments: ZendeskComment[] = [
  {
    id: 9001,
    author_id: 11,
    body: "Hola, quiero un reembolso.\n\nGracias",
    html_body:
      '<div class="zd-comment" dir="auto"><p>Hola, quiero un <b>reembolso</b>.</p><p>Gracias &amp; saludos</p></div>',
    plain_body: "Hola, quiero un reembolso.\n\nGracias & saludos",
    public: true,
    created_at: "2026-03-01T10:00:00Z",
  },
  {
    id: 9002,
    author_id: 22,
    body: "Nota interna",
    html_body: '<div class="zd-comment" dir="auto">Nota <i>interna</i><br>segunda línea</div>',
    public: false,
    created_at: "2026-03-01T11:00:00Z",
  },
  {
    id: 9003,
    author_id: 11,
    body: "¿Alguna novedad?",
    html_body: '<div class="zd-comment" dir="auto"><p>¿Alguna novedad?</p></div>',
    public: true,
    created_at: "2026-03-01T12:00:00Z",
  },
];

// Loaded at run time: that module's imports use browser globals the server's tsconfig lacks.
const freshdeskModule = new URL("../../../apps/freshdesk/src/host/ticket.ts", import.meta.url).href;
const { toTicketContext: freshdeskApp } = (await import(/* @vite-ignore */ freshdeskModule)) as {
  toTicketContext(sources: {
    ticket: Omit<FreshdeskTicket, "requester" | "conversations">;
    requester: { id: number; name?: string; email?: string; language?: string } | null;
    conversations: FreshdeskConversation[] | null;
  }): TicketContext;
};

describe("REST ticket → TicketContext matches the sidebars", () => {
  it("Zendesk: same revision as the app's mapping of ZAF's ticket.conversation", () => {
    const server = zendeskTicketContext({
      ticket: zTicket,
      comments: zComments,
      users: [customer, agent],
    });
    const users = new Map([customer, agent].map((u) => [u.id, u]));
    const app = zendeskApp(
      {
        id: zTicket.id,
        subject: zTicket.subject,
        description: zTicket.description,
        status: zTicket.status,
        priority: zTicket.priority,
        type: "-",
        tags: zTicket.tags,
        createdAt: zTicket.created_at,
        requester: {
          id: 11,
          name: customer.name,
          email: customer.email ?? undefined,
          locale: "es",
        },
        assignee: { user: { id: 22, name: "Alex" }, group: null },
      },
      zComments.map((c) => {
        const author = users.get(c.author_id);
        return {
          author: { id: author?.id, name: author?.name, role: author?.role },
          channel: { name: c.public ? "web" : "internal" },
          message: { content: c.html_body ?? "", contentType: "text/html" },
          timestamp: c.created_at,
        };
      }),
    );
    expect(server.messages.map((m) => [m.id, m.author, m.public, m.body])).toEqual(
      app.messages.map((m) => [m.id, m.author, m.public, m.body]),
    );
    expect(ticketRevision(server)).toBe(ticketRevision(app));
    expect(server.priority).toBe(app.priority);
    expect(server.requester).toMatchObject({ id: "11", locale: "es" });
  });

  it("Zendesk: a ticket without readable comments falls back to the description like the app", () => {
    const server = zendeskTicketContext({ ticket: zTicket, comments: [], users: [customer] });
    const app = zendeskApp(
      {
        id: zTicket.id,
        subject: zTicket.subject,
        description: zTicket.description,
        status: "open",
        requester: { id: 11, name: customer.name, locale: "es" },
      },
      [],
    );
    expect(ticketRevision(server)).toBe(ticketRevision(app));
  });

  it("Freshdesk: same revision as the app's mapping of the data objects + conversations", () => {
    const ticket: FreshdeskTicket = {
      id: 77,
      subject: "Cannot log in",
      description: "<div>I forgot my <b>password</b>.</div>",
      description_text: "I forgot my password.",
      status: 4,
      priority: 2,
      type: "Question",
      source: 1,
      tags: ["login"],
      requester_id: 5,
      responder_id: null,
      group_id: 3,
      custom_fields: { cf_plan: "pro" },
      created_at: "2026-03-01T10:00:00Z",
      updated_at: "2026-03-01T12:00:00Z",
      requester: { id: 5, name: "Jan de Vries", email: "jan@example.nl", language: "nl" },
    };
    const conversations: FreshdeskConversation[] = [
      {
        id: 3,
        body: "<div>Still broken</div>",
        body_text: "Still broken ",
        incoming: true,
        private: false,
        user_id: 5,
        created_at: "2026-03-01T12:00:00Z",
      },
      {
        id: 2,
        body: "<div>Try the reset link</div>",
        body_text: "",
        incoming: false,
        private: false,
        user_id: 8,
        created_at: "2026-03-01T11:00:00Z",
      },
      {
        id: 4,
        body: "",
        body_text: "",
        incoming: false,
        private: true,
        user_id: 8,
        created_at: "2026-03-01T12:30:00Z",
      },
    ];
    const server = freshdeskTicketContext({ ticket, conversations });
    const { requester: _r, ...data } = ticket;
    const app = freshdeskApp({
      ticket: data,
      requester: { id: 5, name: "Jan de Vries", email: "jan@example.nl", language: "nl" },
      conversations,
    });
    expect(server.messages.map((m) => [m.id, m.author, m.public, m.body])).toEqual(
      app.messages.map((m) => [m.id, m.author, m.public, m.body]),
    );
    expect(ticketRevision(server)).toBe(ticketRevision(app));
    expect([server.status, server.priority]).toEqual([app.status, app.priority]);
  });
});
