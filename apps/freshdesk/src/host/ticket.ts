import { Limits, type TicketContext, type TicketMessage } from "@tandem/shared";
import { htmlToText } from "@tandem/shared/sidebar";
import { neutralPriority, neutralStatus } from "./codes";
import type { FwClient, FwRequesterData, FwTicketData } from "./freshworks";
import { freshdeskConversationsPageSize, freshdeskConversationsTemplate } from "./templates";

/** A conversation as Freshdesk REST v2 returns it (fields we read). */
interface FreshdeskConversation {
  id: number | string;
  body?: string | null;
  body_text?: string | null;
  incoming?: boolean | null;
  private?: boolean | null;
  created_at?: string | null;
}

const LOCALE = /^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/;
/** Freshdesk source 10 is "outbound email": the agent wrote the first message. */
const OUTBOUND_EMAIL = 10;
/** Pages of 100 the sidebar reads at most; the contract keeps 500 messages per ticket. */
const MAX_PAGES = Math.ceil(Limits.messagesPerTicket / freshdeskConversationsPageSize);

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

function isoDate(value: string | null | undefined, fallback: string): string {
  if (value && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return fallback;
}

function messageText(plain: string | null | undefined, html: string | null | undefined): string {
  const text = plain?.trim() ? plain.trim() : htmlToText(html ?? "");
  return clip(text, Limits.messageBodyLength);
}

function toMessage(
  conversation: FreshdeskConversation,
  fallbackDate: string,
): TicketMessage | null {
  const body = messageText(conversation.body_text, conversation.body);
  if (!body) return null;
  return {
    id: clip(String(conversation.id), Limits.idLength),
    author: conversation.incoming ? "customer" : "agent",
    public: conversation.private !== true,
    body,
    createdAt: isoDate(conversation.created_at, fallbackDate),
  };
}

function parseConversations(response: string | undefined): FreshdeskConversation[] {
  const parsed: unknown = response ? JSON.parse(response) : [];
  if (!Array.isArray(parsed)) throw new Error("conversations: expected a list");
  return parsed.filter(
    (item): item is FreshdeskConversation =>
      typeof item === "object" && item !== null && "id" in item,
  );
}

/**
 * Every conversation of a ticket through the `freshdeskListConversations` template, page by page
 * (Freshdesk paginates; a short page is the last one). Throws when the first page fails.
 */
export async function readConversations(
  client: FwClient,
  ticketId: number,
): Promise<FreshdeskConversation[]> {
  const all: FreshdeskConversation[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const result = await client.request.invokeTemplate(freshdeskConversationsTemplate, {
      context: {
        ticket_id: String(ticketId),
        page: String(page),
        per_page: String(freshdeskConversationsPageSize),
      },
    });
    const items = parseConversations(result.response);
    all.push(...items);
    if (items.length < freshdeskConversationsPageSize) break;
  }
  return all;
}

function customFields(raw: FwTicketData["custom_fields"]): TicketContext["customFields"] {
  if (!raw) return undefined;
  const fields: NonNullable<TicketContext["customFields"]> = {};
  for (const [key, value] of Object.entries(raw).slice(0, Limits.customFieldsPerTicket)) {
    if (value === null || typeof value === "number" || typeof value === "boolean") {
      fields[key] = value;
    } else if (typeof value === "string") {
      fields[key] = clip(value, 2_000);
    }
  }
  return fields;
}

export interface TicketSources {
  ticket: FwTicketData;
  requester: FwRequesterData | null;
  /** null when the conversations could not be read: the description alone is used. */
  conversations: FreshdeskConversation[] | null;
}

/** The ticket as Tandem's contract describes it, from Freshdesk's data objects. */
export function toTicketContext({
  ticket,
  requester,
  conversations,
}: TicketSources): TicketContext {
  const createdAt = isoDate(ticket.created_at, new Date(0).toISOString());
  const first: TicketMessage = {
    id: `${ticket.id}-description`,
    author: ticket.source === OUTBOUND_EMAIL ? "agent" : "customer",
    public: true,
    body: messageText(ticket.description_text, ticket.description) || (ticket.subject ?? ""),
    createdAt,
  };
  const rest = (conversations ?? [])
    .map((conversation) => toMessage(conversation, createdAt))
    .filter((message): message is TicketMessage => message !== null)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  // Keep the first message and the newest ones when a ticket is longer than the contract allows.
  const messages = [first, ...rest.slice(-(Limits.messagesPerTicket - 1))].filter(
    (message) => message.body.length > 0,
  );
  const requesterId = requester?.id ?? ticket.requester_id ?? 0;
  return {
    platform: "freshdesk",
    id: String(ticket.id),
    subject: clip(ticket.subject ?? "", Limits.subjectLength),
    status: neutralStatus(ticket.status),
    priority: neutralPriority(ticket.priority),
    type: ticket.type ?? null,
    tags: (ticket.tags ?? [])
      .filter((tag) => tag.length > 0)
      .map((tag) => clip(tag, Limits.tagLength))
      .slice(0, Limits.tagsPerTicket),
    group: ticket.group_id ? { id: String(ticket.group_id) } : null,
    assignee: ticket.responder_id ? { id: String(ticket.responder_id) } : null,
    requester: {
      id: String(requesterId),
      name: clip(
        requester?.name?.trim() || requester?.email || `#${requesterId}`,
        Limits.nameLength,
      ),
      ...(requester?.email ? { email: requester.email } : {}),
      ...(requester?.language && LOCALE.test(requester.language)
        ? { locale: requester.language }
        : {}),
    },
    messages: messages.length > 0 ? messages : [{ ...first, body: "(empty)" }],
    customFields: customFields(ticket.custom_fields),
  };
}
