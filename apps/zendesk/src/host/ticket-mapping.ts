import type { TicketContext } from "@tandem/shared";
import { idOf, isoDate, zendeskTicketContext } from "@tandem/ticket-mapping";

/** Shapes ZAF returns for `ticket` and `ticket.conversation` (only the fields we read). */
export interface ZafUser {
  id?: number | string;
  name?: string;
  email?: string;
  locale?: string;
  role?: string;
}

export interface ZafTicket {
  id?: number | string;
  subject?: string | null;
  description?: string | null;
  status?: string | null;
  priority?: string | null;
  type?: string | null;
  tags?: string[] | null;
  createdAt?: string;
  requester?: ZafUser | null;
  assignee?: {
    user?: ZafUser | null;
    group?: { id?: number | string; name?: string } | null;
  } | null;
}

export interface ZafConversationItem {
  author?: ZafUser | null;
  channel?: { name?: string } | null;
  message?: { content?: string | null; contentType?: string | null } | null;
  timestamp?: string | null;
}

/**
 * Zendesk's ticket + conversation as the neutral `TicketContext` the server drafts from; the
 * rules (shared with the server's webhook path, so both hash the same revision) live in
 * `@tandem/ticket-mapping`. Here ZAF's shapes are only translated into its input.
 */
export function toTicketContext(
  ticket: ZafTicket,
  conversation: ZafConversationItem[] | null | undefined,
  customFields?: Record<string, unknown>,
): TicketContext {
  const requester = ticket.requester ?? {};
  return zendeskTicketContext({
    id: idOf(ticket.id) ?? "new",
    ticket,
    // A ticket being created has no creation date yet.
    createdAt: isoDate(ticket.createdAt, new Date().toISOString()),
    requester: {
      id: idOf(requester.id) ?? "unknown",
      name: requester.name,
      email: requester.email,
      locale: requester.locale,
    },
    group: ticket.assignee?.group,
    assignee: ticket.assignee?.user,
    messages: (conversation ?? []).map((item) => ({
      authorRole: item.author?.role,
      authorName: item.author?.name,
      public: item.channel?.name !== "internal",
      content: item.message?.content,
      contentType: item.message?.contentType,
      createdAt: item.timestamp,
    })),
    ...(customFields ? { customFields: Object.entries(customFields) } : {}),
  });
}
