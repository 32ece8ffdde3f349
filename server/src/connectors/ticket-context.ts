import type { TicketContext } from "@tandem/shared";
import {
  EPOCH,
  freshdeskTicketContext as freshdeskMapping,
  isoDate,
  zendeskTicketContext as zendeskMapping,
} from "@tandem/ticket-mapping";
import type { FreshdeskConversation, FreshdeskTicket } from "./freshdesk";
import type { ZendeskComment, ZendeskTicket, ZendeskUser } from "./zendesk";

/**
 * Builds the same `TicketContext` a sidebar sends from the helpdesk's REST data, so that the
 * server computes the same `ticketRevision` for a pre-draft as for the sidebar's request. The
 * rules are the apps' own (`@tandem/ticket-mapping`); this only adapts the REST shapes.
 */

/** Re-exported for the knowledge sync: the same HTML-to-text the sidebars use. */
export { htmlToText } from "@tandem/ticket-mapping";

/**
 * REST comments in ZAF's `ticket.conversation` order (oldest first), each with its author's
 * role and name from the side-loaded users, so message ids (`<ticket>-<position>`) match.
 */
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
  const ordered = [...input.comments].sort(
    (a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id,
  );
  return zendeskMapping({
    id: String(ticket.id),
    ticket,
    createdAt: isoDate(ticket.created_at, EPOCH),
    requester: {
      id: String(ticket.requester_id),
      name: requester?.name,
      email: requester?.email,
      locale: requester?.locale,
    },
    group: input.group,
    assignee: { id: ticket.assignee_id },
    messages: ordered.map((comment) => {
      const author = users.get(comment.author_id);
      return {
        authorRole: author?.role,
        authorName: author?.name,
        public: comment.public,
        content: comment.html_body ?? comment.body,
        contentType: "text/html",
        createdAt: comment.created_at,
      };
    }),
    // REST lists every field of the ticket's form; unset ones (null) would only crowd the rest out.
    customFields: (ticket.custom_fields ?? [])
      .filter((field) => field.value !== null)
      .map((field) => [String(field.id), field.value] as const),
  });
}

/** REST v2 uses the field names the Freshworks data API gives the app; `include=requester`. */
export function freshdeskTicketContext(input: {
  ticket: FreshdeskTicket;
  conversations: FreshdeskConversation[];
}): TicketContext {
  return freshdeskMapping({
    ticket: input.ticket,
    requester: input.ticket.requester ?? null,
    conversations: input.conversations,
  });
}
