import { Limits } from "@tandem/shared";
import type { FreshdeskConversationData } from "@tandem/ticket-mapping";
import type { FwClient } from "./freshworks";
import { freshdeskConversationsPageSize, freshdeskConversationsTemplate } from "./templates";

/**
 * The mapping to `TicketContext` (shared with the server's webhook path, so both hash the same
 * revision) lives in `@tandem/ticket-mapping`; the Freshworks data objects already have
 * the REST shapes it reads. This module only fetches what the data API lacks: conversations.
 */
export {
  type FreshdeskTicketSources as TicketSources,
  freshdeskTicketContext as toTicketContext,
} from "@tandem/ticket-mapping";

/** Pages of 100 the sidebar reads at most; the contract keeps 500 messages per ticket. */
const MAX_PAGES = Math.ceil(Limits.messagesPerTicket / freshdeskConversationsPageSize);

function parseConversations(response: string | undefined): FreshdeskConversationData[] {
  const parsed: unknown = response ? JSON.parse(response) : [];
  if (!Array.isArray(parsed)) throw new Error("conversations: expected a list");
  return parsed.filter(
    (item): item is FreshdeskConversationData =>
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
): Promise<FreshdeskConversationData[]> {
  const all: FreshdeskConversationData[] = [];
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
