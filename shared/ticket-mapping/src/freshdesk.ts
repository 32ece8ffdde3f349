import type { TicketContext, TicketMessage, TicketPriority, TicketStatus } from "@tandem/shared";
import { Limits } from "@tandem/shared";
import {
  clip,
  customFields,
  EPOCH,
  htmlToText,
  isoDate,
  requesterOf,
  ticketRef,
  ticketTags,
} from "./common";

/**
 * Freshdesk's ticket as our `TicketContext`, from the Freshworks data API plus REST conversations
 * (the sidebar) or from REST alone (webhook pre-drafts). Both sources use REST v2 field names,
 * so the shapes below accept either.
 */

export interface FreshdeskTicketData {
  id: number | string;
  subject?: string | null;
  description?: string | null;
  description_text?: string | null;
  status?: number | null;
  priority?: number | null;
  /** 1 email, 2 portal, 3 phone, 7 chat, 9 feedback widget, 10 outbound email. */
  source?: number | null;
  type?: string | null;
  requester_id?: number | null;
  responder_id?: number | null;
  group_id?: number | null;
  tags?: readonly string[] | null;
  custom_fields?: Record<string, unknown> | null;
  created_at?: string | null;
}

export interface FreshdeskRequesterData {
  id: number | string;
  name?: string | null;
  email?: string | null;
  language?: string | null;
}

export interface FreshdeskConversationData {
  id: number | string;
  body?: string | null;
  body_text?: string | null;
  incoming?: boolean | null;
  private?: boolean | null;
  created_at?: string | null;
}

export interface FreshdeskTicketSources {
  ticket: FreshdeskTicketData;
  requester: FreshdeskRequesterData | null | undefined;
  /** null when the conversations could not be read: the description alone is used. */
  conversations: readonly FreshdeskConversationData[] | null;
}

/** Source 10 is "outbound email": the agent wrote the first message. */
const OUTBOUND_EMAIL = 10;

/**
 * Freshdesk's numeric codes for our helpdesk-neutral values (REST v2 and the properties form).
 * Accounts may add custom statuses (6 and up); those keep their code as the value.
 */
const statusCodes: Partial<Record<TicketStatus, number>> = {
  new: 2,
  open: 2,
  pending: 3,
  hold: 3,
  solved: 4,
  closed: 5,
};
const statusNames: Record<number, TicketStatus> = {
  2: "open",
  3: "pending",
  4: "solved",
  5: "closed",
};
const priorityCodes: Record<TicketPriority, number> = { low: 1, normal: 2, high: 3, urgent: 4 };
const priorityNames: Record<number, TicketPriority> = {
  1: "low",
  2: "normal",
  3: "high",
  4: "urgent",
};

export function freshdeskStatusCode(status: string): number | undefined {
  const known = statusCodes[status as TicketStatus];
  if (known !== undefined) return known;
  return /^\d+$/.test(status) ? Number(status) : undefined;
}

export function neutralStatus(code: number | null | undefined): string {
  if (code === null || code === undefined) return "open";
  return statusNames[code] ?? String(code);
}

export function freshdeskPriorityCode(priority: string): number | undefined {
  return priorityCodes[priority as TicketPriority];
}

export function neutralPriority(code: number | null | undefined): TicketPriority | null {
  if (code === null || code === undefined) return null;
  return priorityNames[code] ?? null;
}

/** The plain-text body when Freshdesk has one, else the HTML body as text. */
export function freshdeskMessageText(
  plain: string | null | undefined,
  html: string | null | undefined,
): string {
  const text = plain?.trim() ? plain.trim() : htmlToText(html ?? "");
  return clip(text, Limits.messageBodyLength);
}

/** A conversation as a message (it keeps Freshdesk's id); null when it has no text. */
export function freshdeskMessage(
  conversation: FreshdeskConversationData,
  fallbackDate: string,
): TicketMessage | null {
  const body = freshdeskMessageText(conversation.body_text, conversation.body);
  if (!body) return null;
  return {
    id: clip(String(conversation.id), Limits.idLength),
    author: conversation.incoming ? "customer" : "agent",
    public: conversation.private !== true,
    body,
    createdAt: isoDate(conversation.created_at, fallbackDate),
  };
}

/** The description is message `<ticket>-description`; conversations follow, oldest first. */
export function freshdeskTicketContext({
  ticket,
  requester,
  conversations,
}: FreshdeskTicketSources): TicketContext {
  const createdAt = isoDate(ticket.created_at, EPOCH);
  const first: TicketMessage = {
    id: `${ticket.id}-description`,
    author: ticket.source === OUTBOUND_EMAIL ? "agent" : "customer",
    public: true,
    body:
      freshdeskMessageText(ticket.description_text, ticket.description) || (ticket.subject ?? ""),
    createdAt,
  };
  const rest = (conversations ?? [])
    .map((conversation) => freshdeskMessage(conversation, createdAt))
    .filter((message): message is TicketMessage => message !== null)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  // Keep the first message and the newest ones when a ticket is longer than the contract allows.
  const messages = [first, ...rest.slice(-(Limits.messagesPerTicket - 1))].filter(
    (message) => message.body.length > 0,
  );
  const requesterId = String(requester?.id ?? ticket.requester_id ?? 0);
  const fields = ticket.custom_fields
    ? customFields(Object.entries(ticket.custom_fields))
    : undefined;
  return {
    platform: "freshdesk",
    id: String(ticket.id),
    subject: clip(ticket.subject ?? "", Limits.subjectLength),
    status: neutralStatus(ticket.status),
    priority: neutralPriority(ticket.priority),
    type: ticket.type ?? null,
    tags: ticketTags(ticket.tags),
    group: ticketRef(ticket.group_id),
    assignee: ticketRef(ticket.responder_id),
    requester: requesterOf(
      {
        id: requesterId,
        name: requester?.name,
        email: requester?.email,
        locale: requester?.language,
      },
      `#${requesterId}`,
    ),
    messages: messages.length > 0 ? messages : [{ ...first, body: "(empty)" }],
    ...(fields ? { customFields: fields } : {}),
  };
}
