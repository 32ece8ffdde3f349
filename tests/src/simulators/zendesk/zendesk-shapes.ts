import type { SimMessage, SimPerson, SimTicket } from "../shared/sim-ticket";

/** Runs in the browser and on the server: no Node imports here. */

export function zafUser(person: SimPerson, role: string) {
  return {
    id: person.id,
    name: person.name,
    email: person.email ?? null,
    locale: person.locale ?? "en-US",
    role,
    avatarUrl: null,
    externalId: null,
  };
}

export function zafConversationEntry(message: SimMessage) {
  const role =
    message.author === "customer" ? "end-user" : message.author === "agent" ? "agent" : "system";
  return {
    author: { id: message.authorId, name: message.authorName, role, avatar: null },
    channel: {
      name: message.public ? (message.author === "customer" ? "email" : "web") : "internal",
    },
    message: { content: message.html, contentType: "text/html" },
    attachments: [],
    timestamp: message.createdAt,
  };
}

export function zafComment(message: SimMessage) {
  return {
    id: message.id,
    value: message.html,
    author: { id: message.authorId, name: message.authorName },
    via: { channel: message.author === "customer" ? "email" : "web" },
    isPublic: message.public,
    imageAttachments: [],
    nonImageAttachments: [],
  };
}

/** `client.get('ticket')` as Zendesk's ticket_sidebar answers it. */
export function zafTicket(ticket: SimTicket) {
  const group = ticket.group;
  return {
    id: ticket.id,
    subject: ticket.subject,
    description: ticket.messages[0]?.html ?? "",
    status: ticket.status,
    priority: ticket.priority ?? "-",
    type: ticket.type ?? "ticket",
    tags: [...ticket.tags],
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    isNew: false,
    externalId: null,
    requester: zafUser(ticket.requester, "end-user"),
    assignee: {
      user: ticket.assignee ? zafUser(ticket.assignee, "agent") : undefined,
      group: group ? { id: group.id, name: group.name } : undefined,
    },
    organization: null,
    brand: { id: 1, name: "Support" },
    via: { channel: "email", source: {} },
    collaborators: [],
    customFields: Object.entries(ticket.customFields).map(([id, value]) => ({ id, value })),
    comments: ticket.messages.map(zafComment),
    conversation: ticket.messages.map(zafConversationEntry),
    statusCategory: ticket.status,
  };
}

/** REST `GET /api/v2/tickets/{id}.json` shape. */
export function restTicket(ticket: SimTicket) {
  return {
    id: ticket.id,
    subject: ticket.subject,
    description: ticket.messages[0]?.html ?? "",
    status: ticket.status,
    priority: ticket.priority,
    type: ticket.type,
    tags: ticket.tags,
    requester_id: ticket.requester.id,
    assignee_id: ticket.assignee?.id ?? null,
    group_id: ticket.group?.id ?? null,
    custom_fields: Object.entries(ticket.customFields).map(([id, value]) => ({ id, value })),
    created_at: ticket.createdAt,
    updated_at: ticket.updatedAt,
  };
}
