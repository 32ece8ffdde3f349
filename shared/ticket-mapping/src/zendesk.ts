import type { TicketContext, TicketMessage } from "@tandem/shared";
import { Limits } from "@tandem/shared";
import {
  clip,
  customFields,
  htmlToText,
  isoDate,
  type RequesterInput,
  requesterOf,
  ticketRef,
  ticketTags,
} from "./common";

/**
 * Zendesk's ticket as our `TicketContext`, whether it was read through ZAF (the sidebar) or the
 * REST API (webhook pre-drafts). Callers only translate their source's field names into
 * `ZendeskTicketInput`; every rule that decides the result lives here.
 */

export interface ZendeskMessageInput {
  /** The author's Zendesk role: end-user, agent, admin (anything else is a system message). */
  authorRole?: string | null;
  authorName?: string | null;
  public: boolean;
  content?: string | null;
  /** "text/html" for HTML bodies; HTML is also detected from the content itself. */
  contentType?: string | null;
  createdAt?: string | null;
}

/** Fields ZAF's `ticket` and the REST ticket name alike. */
export interface ZendeskTicketFields {
  subject?: string | null;
  /** Used as the only message when no comment has a body (a ticket being created). */
  description?: string | null;
  status?: string | null;
  priority?: string | null;
  type?: string | null;
  tags?: readonly unknown[] | null;
}

export interface ZendeskTicketInput {
  id: string;
  ticket: ZendeskTicketFields;
  /** ISO 8601; also the date of a message without a readable one. */
  createdAt: string;
  requester: RequesterInput;
  group?: { id?: unknown; name?: string | null } | null;
  assignee?: { id?: unknown; name?: string | null } | null;
  /** In conversation order: a message's id is its position (Zendesk exposes no comment ids to ZAF). */
  messages: readonly ZendeskMessageInput[];
  customFields?: Iterable<readonly [string, unknown]>;
}

export function zendeskAuthor(role: string | null | undefined): TicketMessage["author"] {
  if (role === "end-user" || role === "end_user" || role === "user") return "customer";
  if (role === "agent" || role === "admin") return "agent";
  return "system";
}

/** A comment's plain text: HTML bodies go through `htmlToText`, plain ones are only trimmed. */
export function zendeskMessageBody(
  content: string | null | undefined,
  contentType?: string | null,
): string {
  const text = content ?? "";
  const isHtml = (contentType ?? "").includes("html") || /<[a-z]/i.test(text);
  return clip((isHtml ? htmlToText(text) : text).trim(), Limits.messageBodyLength);
}

/** Zendesk's "-" is "not set" for priority and type. */
function optionValue(value: string | null | undefined): string | null {
  return value && value !== "-" ? value : null;
}

export function zendeskTicketContext(input: ZendeskTicketInput): TicketContext {
  const { id, ticket, createdAt } = input;
  let messages = input.messages
    .map((message, index): TicketMessage | null => {
      const body = zendeskMessageBody(message.content, message.contentType);
      if (!body) return null;
      const authorName = message.authorName ? clip(message.authorName, Limits.nameLength) : "";
      return {
        id: `${id}-${index + 1}`,
        author: zendeskAuthor(message.authorRole),
        ...(authorName ? { authorName } : {}),
        public: message.public,
        body,
        createdAt: isoDate(message.createdAt, createdAt),
      };
    })
    .filter((message): message is TicketMessage => message !== null);
  if (messages.length === 0) {
    // A ticket being created (or a conversation that cannot be read) still has its description.
    messages = [
      {
        id: `${id}-description`,
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
  const fields = input.customFields ? customFields(input.customFields) : undefined;
  return {
    platform: "zendesk",
    id,
    subject: clip(ticket.subject ?? "", Limits.subjectLength),
    status: ticket.status || "new",
    priority: optionValue(ticket.priority),
    type: optionValue(ticket.type),
    tags: ticketTags(ticket.tags),
    group: ticketRef(input.group?.id, input.group?.name),
    assignee: ticketRef(input.assignee?.id, input.assignee?.name),
    requester: requesterOf(input.requester, "Customer"),
    messages,
    ...(fields ? { customFields: fields } : {}),
  };
}
