import { Limits, type TicketContext, type TicketMessage } from "@tandem/shared";
import type { FreshdeskConversation, FreshdeskTicket } from "./freshdesk";
import type { ZendeskComment, ZendeskTicket, ZendeskUser } from "./zendesk";

/**
 * Builds the same `TicketContext` a sidebar sends from the helpdesk's REST data, so that the
 * server computes the same `ticketRevision` for a pre-draft as for the sidebar's request.
 * Field by field this mirrors what the apps read from their host SDK (ids as strings, Zendesk
 * status/priority/type as the lowercase API values, Freshdesk codes as their English labels).
 */

const clip = (value: string, max: number) => (value.length > max ? value.slice(0, max) : value);

/** Keeps the newest messages when a thread is longer than the contract allows. */
function newest(messages: TicketMessage[]): TicketMessage[] {
  return messages.length > Limits.messagesPerTicket
    ? messages.slice(messages.length - Limits.messagesPerTicket)
    : messages;
}

function iso(value: string): string {
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString() : new Date(0).toISOString();
}

function locale(value: string | null | undefined): string | undefined {
  return value && /^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/.test(value) ? value : undefined;
}

function tags(values: string[] | undefined): string[] {
  return (values ?? [])
    .filter((t) => t.length > 0)
    .map((t) => clip(t, Limits.tagLength))
    .slice(0, Limits.tagsPerTicket);
}

type FieldValue = string | number | boolean | null | string[];

function fieldValue(value: unknown): FieldValue | undefined {
  if (value === null || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "string") return clip(value, 2_000);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    return value.slice(0, 50).map((v) => clip(v, 200));
  }
  return undefined;
}

/** HTML to readable text for fallbacks where the API gives no plain-text body. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|h[1-6]|tr|blockquote)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function zendeskTicketContext(input: {
  ticket: ZendeskTicket;
  comments: ZendeskComment[];
  users: ZendeskUser[];
  requester?: ZendeskUser;
  group?: { id: number; name: string } | null;
}): TicketContext {
  const { ticket } = input;
  const users = new Map(input.users.map((u) => [u.id, u]));
  const requester = input.requester ?? users.get(ticket.requester_id);
  const messages = input.comments.map((comment): TicketMessage => {
    const author = users.get(comment.author_id);
    const kind: TicketMessage["author"] =
      comment.author_id === ticket.requester_id || author?.role === "end-user"
        ? "customer"
        : author
          ? "agent"
          : "system";
    const body = comment.plain_body ?? comment.body ?? htmlToText(comment.html_body ?? "");
    return {
      id: String(comment.id),
      author: kind,
      ...(author?.name ? { authorName: clip(author.name, Limits.nameLength) } : {}),
      public: comment.public,
      body: clip(body, Limits.messageBodyLength),
      createdAt: iso(comment.created_at),
    };
  });
  if (messages.length === 0) {
    // A ticket always has its description as the first comment; keep the contract's min(1).
    messages.push({
      id: `${ticket.id}-description`,
      author: "customer",
      public: true,
      body: clip(ticket.description ?? "", Limits.messageBodyLength),
      createdAt: iso(ticket.created_at),
    });
  }
  const customFields: Record<string, FieldValue> = {};
  for (const field of ticket.custom_fields ?? []) {
    const value = fieldValue(field.value);
    if (value !== undefined && value !== null && Object.keys(customFields).length < 100) {
      customFields[String(field.id)] = value;
    }
  }
  return {
    platform: "zendesk",
    id: String(ticket.id),
    subject: clip(ticket.subject ?? "", Limits.subjectLength),
    status: ticket.status || "new",
    priority: ticket.priority ?? null,
    type: ticket.type ?? null,
    tags: tags(ticket.tags),
    group: input.group ? { id: String(input.group.id), name: input.group.name } : null,
    assignee: ticket.assignee_id ? { id: String(ticket.assignee_id) } : null,
    requester: {
      id: String(ticket.requester_id),
      name: clip(requester?.name || "Customer", Limits.nameLength),
      ...(requester?.email ? { email: requester.email } : {}),
      ...(locale(requester?.locale) ? { locale: locale(requester?.locale) } : {}),
    },
    messages: newest(messages),
    ...(Object.keys(customFields).length > 0 ? { customFields } : {}),
  };
}

/** Freshdesk's default codes → the labels its UI (and our Freshdesk app) shows. */
export const FRESHDESK_STATUS: Record<number, string> = {
  2: "open",
  3: "pending",
  4: "resolved",
  5: "closed",
};
export const FRESHDESK_PRIORITY: Record<number, string> = {
  1: "low",
  2: "medium",
  3: "high",
  4: "urgent",
};

export function freshdeskStatusLabel(code: number): string {
  // Custom statuses (≥ 6) keep their code: their labels are account-specific.
  return FRESHDESK_STATUS[code] ?? String(code);
}

export function freshdeskTicketContext(input: {
  ticket: FreshdeskTicket;
  conversations: FreshdeskConversation[];
}): TicketContext {
  const { ticket } = input;
  const requester = ticket.requester;
  // The ticket's description is the customer's first message; conversations follow it.
  const first: TicketMessage = {
    id: `${ticket.id}-description`,
    author: "customer",
    ...(requester?.name ? { authorName: clip(requester.name, Limits.nameLength) } : {}),
    public: true,
    body: clip(
      ticket.description_text ?? htmlToText(ticket.description ?? ""),
      Limits.messageBodyLength,
    ),
    createdAt: iso(ticket.created_at),
  };
  const rest = input.conversations.map((c): TicketMessage => {
    const fromCustomer = c.incoming || c.user_id === ticket.requester_id;
    return {
      id: String(c.id),
      author: fromCustomer ? "customer" : "agent",
      ...(fromCustomer && requester?.name
        ? { authorName: clip(requester.name, Limits.nameLength) }
        : {}),
      public: !c.private,
      body: clip(c.body_text ?? htmlToText(c.body ?? ""), Limits.messageBodyLength),
      createdAt: iso(c.created_at),
    };
  });
  const customFields: Record<string, FieldValue> = {};
  for (const [key, raw] of Object.entries(ticket.custom_fields ?? {})) {
    const value = fieldValue(raw);
    if (value !== undefined && value !== null && Object.keys(customFields).length < 100) {
      customFields[clip(key, 100)] = value;
    }
  }
  return {
    platform: "freshdesk",
    id: String(ticket.id),
    subject: clip(ticket.subject ?? "", Limits.subjectLength),
    status: freshdeskStatusLabel(ticket.status),
    priority: FRESHDESK_PRIORITY[ticket.priority] ?? null,
    type: ticket.type ?? null,
    tags: tags(ticket.tags),
    group: ticket.group_id ? { id: String(ticket.group_id) } : null,
    assignee: ticket.responder_id ? { id: String(ticket.responder_id) } : null,
    requester: {
      id: String(ticket.requester_id),
      name: clip(requester?.name || "Customer", Limits.nameLength),
      ...(requester?.email ? { email: requester.email } : {}),
      ...(locale(requester?.language) ? { locale: locale(requester?.language) } : {}),
    },
    messages: newest([first, ...rest]),
    ...(Object.keys(customFields).length > 0 ? { customFields } : {}),
  };
}
