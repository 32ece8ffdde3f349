import { Limits, type TicketContext, type TicketMessage } from "@tandem/shared";
import { htmlToText } from "@tandem/shared/sidebar";
import type { FreshdeskConversation, FreshdeskTicket } from "./freshdesk";
import type { ZendeskComment, ZendeskTicket, ZendeskUser } from "./zendesk";

/**
 * Builds the same `TicketContext` a sidebar sends from the helpdesk's REST data, so that the
 * server computes the same `ticketRevision` for a pre-draft as for the sidebar's request.
 * Field by field this mirrors what the apps read from their host SDK (ids as strings, Zendesk
 * status/priority/type as the lowercase API values, Freshdesk codes as their English labels).
 */

const clip = (value: string, max: number) => (value.length > max ? value.slice(0, max) : value);

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

/** Re-exported for the knowledge sync: the same HTML-to-text the sidebars use. */
export { htmlToText };

/** ZAF's role → our author kind, exactly as the Zendesk app maps `ticket.conversation`. */
function zendeskAuthor(role: string | undefined): TicketMessage["author"] {
  if (role === "end-user" || role === "end_user" || role === "user") return "customer";
  if (role === "agent" || role === "admin") return "agent";
  return "system";
}

/**
 * Mirrors apps/zendesk `toTicketContext` over ZAF's `ticket.conversation`: message ids are
 * `<ticket>-<position>` (ZAF exposes no comment ids), bodies are the HTML turned to text with
 * the shared `htmlToText`, empty ones dropped. Only then do both sides hash the same revision.
 */
export function zendeskTicketContext(input: {
  ticket: ZendeskTicket;
  comments: ZendeskComment[];
  users: ZendeskUser[];
  requester?: ZendeskUser;
  group?: { id: number; name: string } | null;
}): TicketContext {
  const { ticket } = input;
  const ticketId = String(ticket.id);
  const users = new Map(input.users.map((u) => [u.id, u]));
  const requester = input.requester ?? users.get(ticket.requester_id);
  const createdAt = iso(ticket.created_at);
  const ordered = [...input.comments].sort(
    (a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id,
  );
  let messages = ordered
    .map((comment, index): TicketMessage | null => {
      const html = comment.html_body ?? comment.body ?? "";
      const body = clip(htmlToText(html).trim(), Limits.messageBodyLength);
      if (!body) return null;
      const author = users.get(comment.author_id);
      const authorName = author?.name?.slice(0, Limits.nameLength);
      return {
        id: `${ticketId}-${index + 1}`,
        author: zendeskAuthor(author?.role),
        ...(authorName ? { authorName } : {}),
        public: comment.public,
        body,
        createdAt: iso(comment.created_at),
      };
    })
    .filter((m): m is TicketMessage => m !== null);
  if (messages.length === 0) {
    messages = [
      {
        id: `${ticketId}-description`,
        author: "customer",
        public: true,
        body:
          clip(
            htmlToText(ticket.description ?? "") || (ticket.subject ?? ""),
            Limits.messageBodyLength,
          ) || "(empty)",
        createdAt,
      },
    ];
  }
  messages = messages.slice(-Limits.messagesPerTicket);
  const customFields: Record<string, FieldValue> = {};
  for (const field of ticket.custom_fields ?? []) {
    const value = fieldValue(field.value);
    if (value !== undefined && value !== null && Object.keys(customFields).length < 100) {
      customFields[String(field.id)] = value;
    }
  }
  const requesterLocale = locale(requester?.locale);
  return {
    platform: "zendesk",
    id: ticketId,
    subject: clip(ticket.subject ?? "", Limits.subjectLength),
    status: ticket.status || "new",
    priority: ticket.priority && ticket.priority !== "-" ? ticket.priority : null,
    type: ticket.type && ticket.type !== "-" ? ticket.type : null,
    tags: tags(ticket.tags),
    group: input.group
      ? { id: String(input.group.id), name: clip(input.group.name, Limits.nameLength) }
      : null,
    assignee: ticket.assignee_id ? { id: String(ticket.assignee_id) } : null,
    requester: {
      id: String(ticket.requester_id),
      name: clip(requester?.name || requester?.email || "Customer", Limits.nameLength),
      ...(requester?.email ? { email: requester.email } : {}),
      ...(requesterLocale ? { locale: requesterLocale } : {}),
    },
    messages,
    ...(Object.keys(customFields).length > 0 ? { customFields } : {}),
  };
}

/** Freshdesk's codes → the helpdesk-neutral values the Freshdesk app reports. */
export const FRESHDESK_STATUS: Record<number, string> = {
  2: "open",
  3: "pending",
  4: "solved",
  5: "closed",
};
export const FRESHDESK_PRIORITY: Record<number, string> = {
  1: "low",
  2: "normal",
  3: "high",
  4: "urgent",
};
/** Source 10 is "outbound email": the agent wrote the first message. */
const OUTBOUND_EMAIL = 10;

function freshdeskText(plain: string | null | undefined, html: string | null | undefined): string {
  const text = plain?.trim() ? plain.trim() : htmlToText(html ?? "");
  return clip(text, Limits.messageBodyLength);
}

/**
 * Mirrors apps/freshdesk `toTicketContext`: the description is message `<ticket>-description`,
 * conversations keep their ids (incoming = customer), sorted by time, empty ones dropped.
 */
export function freshdeskTicketContext(input: {
  ticket: FreshdeskTicket;
  conversations: FreshdeskConversation[];
}): TicketContext {
  const { ticket } = input;
  const requester = ticket.requester;
  const createdAt = iso(ticket.created_at);
  const first: TicketMessage = {
    id: `${ticket.id}-description`,
    author: ticket.source === OUTBOUND_EMAIL ? "agent" : "customer",
    public: true,
    body: freshdeskText(ticket.description_text, ticket.description) || (ticket.subject ?? ""),
    createdAt,
  };
  const rest = input.conversations
    .map((c): TicketMessage | null => {
      const body = freshdeskText(c.body_text, c.body);
      if (!body) return null;
      return {
        id: clip(String(c.id), Limits.idLength),
        author: c.incoming ? "customer" : "agent",
        public: c.private !== true,
        body,
        createdAt: iso(c.created_at),
      };
    })
    .filter((m): m is TicketMessage => m !== null)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const messages = [first, ...rest.slice(-(Limits.messagesPerTicket - 1))].filter(
    (m) => m.body.length > 0,
  );
  const customFields: Record<string, FieldValue> = {};
  for (const [key, raw] of Object.entries(ticket.custom_fields ?? {})) {
    const value = fieldValue(raw);
    if (value !== undefined && Object.keys(customFields).length < Limits.customFieldsPerTicket) {
      customFields[clip(key, 100)] = value;
    }
  }
  const requesterId = requester?.id ?? ticket.requester_id;
  const requesterLocale = locale(requester?.language);
  return {
    platform: "freshdesk",
    id: String(ticket.id),
    subject: clip(ticket.subject ?? "", Limits.subjectLength),
    status: FRESHDESK_STATUS[ticket.status] ?? String(ticket.status),
    priority: FRESHDESK_PRIORITY[ticket.priority] ?? null,
    type: ticket.type ?? null,
    tags: tags(ticket.tags),
    group: ticket.group_id ? { id: String(ticket.group_id) } : null,
    assignee: ticket.responder_id ? { id: String(ticket.responder_id) } : null,
    requester: {
      id: String(requesterId),
      name: clip(
        requester?.name?.trim() || requester?.email || `#${requesterId}`,
        Limits.nameLength,
      ),
      ...(requester?.email ? { email: requester.email } : {}),
      ...(requesterLocale ? { locale: requesterLocale } : {}),
    },
    messages: messages.length > 0 ? messages : [{ ...first, body: "(empty)" }],
    ...(Object.keys(customFields).length > 0 ? { customFields } : {}),
  };
}
