import { Limits, type TicketContext, type TicketMessage } from "@tandem/shared";
import { htmlToText } from "@tandem/shared/sidebar";

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

const id = (value: unknown): string | undefined =>
  typeof value === "number" || (typeof value === "string" && value !== "")
    ? String(value)
    : undefined;

function isoDate(value: unknown, fallback: string): string {
  if (typeof value === "string") {
    const time = Date.parse(value);
    if (Number.isFinite(time)) return new Date(time).toISOString();
  }
  return fallback;
}

function authorOf(role: string | undefined): TicketMessage["author"] {
  if (role === "end-user" || role === "end_user" || role === "user") return "customer";
  if (role === "agent" || role === "admin") return "agent";
  return "system";
}

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/**
 * Zendesk's ticket + conversation as the neutral `TicketContext` the server drafts from. Bodies
 * are plain text; sizes are clipped to the contract's limits so a huge ticket still drafts.
 */
export function toTicketContext(
  ticket: ZafTicket,
  conversation: ZafConversationItem[] | null | undefined,
  customFields?: Record<string, string | number | boolean | null>,
): TicketContext {
  const ticketId = id(ticket.id) ?? "new";
  const createdAt = isoDate(ticket.createdAt, new Date().toISOString());
  let messages: TicketMessage[] = (conversation ?? [])
    .map((item, index): TicketMessage | null => {
      const content = item.message?.content ?? "";
      const isHtml = (item.message?.contentType ?? "").includes("html") || /<[a-z]/i.test(content);
      const body = clip((isHtml ? htmlToText(content) : content).trim(), Limits.messageBodyLength);
      if (!body) return null;
      const authorName = item.author?.name?.slice(0, Limits.nameLength);
      return {
        id: `${ticketId}-${index + 1}`,
        author: authorOf(item.author?.role),
        ...(authorName ? { authorName } : {}),
        public: item.channel?.name !== "internal",
        body,
        createdAt: isoDate(item.timestamp, createdAt),
      };
    })
    .filter((message): message is TicketMessage => message !== null);
  if (messages.length === 0) {
    // A ticket being created (or a conversation the API cannot read) still has its description.
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

  const requester = ticket.requester ?? {};
  const group = ticket.assignee?.group;
  const assignee = ticket.assignee?.user;
  const groupId = id(group?.id);
  const assigneeId = id(assignee?.id);
  return {
    platform: "zendesk",
    id: ticketId,
    subject: clip(ticket.subject ?? "", Limits.subjectLength),
    status: ticket.status || "new",
    priority: ticket.priority && ticket.priority !== "-" ? ticket.priority : null,
    type: ticket.type && ticket.type !== "-" ? ticket.type : null,
    tags: (ticket.tags ?? [])
      .filter((tag) => typeof tag === "string" && tag !== "")
      .map((tag) => clip(tag, Limits.tagLength))
      .slice(0, Limits.tagsPerTicket),
    group: groupId ? { id: groupId, ...(group?.name ? { name: group.name } : {}) } : null,
    assignee: assigneeId
      ? { id: assigneeId, ...(assignee?.name ? { name: assignee.name } : {}) }
      : null,
    requester: {
      id: id(requester.id) ?? "unknown",
      name: (requester.name || requester.email || "Customer").slice(0, Limits.nameLength),
      ...(requester.email ? { email: requester.email } : {}),
      ...(requester.locale && /^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/.test(requester.locale)
        ? { locale: requester.locale }
        : {}),
    },
    messages,
    ...(customFields && Object.keys(customFields).length > 0 ? { customFields } : {}),
  };
}
