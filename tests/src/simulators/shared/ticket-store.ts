import type { SimDirectory, SimMessage, SimTicket, SimTicketUpdate } from "./sim-ticket";
import { textToHtml } from "./sim-ticket";

export type TicketStoreEvent =
  | { kind: "message"; ticketId: number; message: SimMessage }
  | { kind: "updated"; ticketId: number; ticket: SimTicket };

/**
 * The helpdesk's tickets, in memory. Pages read from here, submits and new customer messages
 * write here, and open pages hear about changes (server-sent events) like a live agent view.
 */
export class TicketStore {
  private readonly tickets = new Map<number, SimTicket>();
  private readonly listeners = new Set<(event: TicketStoreEvent) => void>();
  private nextMessageId = 1;

  constructor(
    readonly directory: SimDirectory,
    tickets: SimTicket[],
  ) {
    for (const ticket of tickets) this.put(ticket);
  }

  list(): SimTicket[] {
    return [...this.tickets.values()].sort((a, b) => a.id - b.id);
  }

  get(id: number): SimTicket | undefined {
    const ticket = this.tickets.get(id);
    return ticket ? structuredClone(ticket) : undefined;
  }

  /** Adds or replaces a ticket (seeding, test setup). */
  put(ticket: SimTicket): void {
    const copy = structuredClone(ticket);
    for (const m of copy.messages) this.nextMessageId = Math.max(this.nextMessageId, m.id + 1);
    this.tickets.set(copy.id, copy);
  }

  subscribe(listener: (event: TicketStoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The requester writes again (email or portal): a new public customer message. */
  addCustomerMessage(ticketId: number, text: string, at = new Date()): SimMessage | undefined {
    const ticket = this.tickets.get(ticketId);
    if (!ticket) return undefined;
    const message: SimMessage = {
      id: this.nextMessageId++,
      author: "customer",
      authorId: ticket.requester.id,
      authorName: ticket.requester.name,
      public: true,
      html: textToHtml(text),
      createdAt: at.toISOString(),
    };
    ticket.messages.push(message);
    // A customer reply reopens a pending or solved ticket, as helpdesks do.
    if (ticket.status === "pending" || ticket.status === "solved") ticket.status = "open";
    ticket.updatedAt = message.createdAt;
    this.emit({ kind: "message", ticketId, message: structuredClone(message) });
    this.emit({ kind: "updated", ticketId, ticket: structuredClone(ticket) });
    return message;
  }

  /** The agent submits: field changes and, optionally, a comment. */
  update(ticketId: number, update: SimTicketUpdate, at = new Date()): SimTicket | undefined {
    const ticket = this.tickets.get(ticketId);
    if (!ticket) return undefined;
    const { agents, groups, currentUser } = this.directory;
    if (update.status) ticket.status = update.status;
    if (update.priority !== undefined) ticket.priority = update.priority;
    if (update.type !== undefined) ticket.type = update.type;
    if (update.tags) ticket.tags = [...new Set(update.tags)];
    if (update.assigneeId !== undefined) {
      ticket.assignee = agents.find((a) => a.id === update.assigneeId) ?? null;
    }
    if (update.groupId !== undefined) {
      ticket.group = groups.find((g) => g.id === update.groupId) ?? null;
    }
    if (update.customFields) Object.assign(ticket.customFields, update.customFields);
    if (update.comment?.html.trim()) {
      const message: SimMessage = {
        id: this.nextMessageId++,
        author: "agent",
        authorId: currentUser.id,
        authorName: currentUser.name,
        public: update.comment.public,
        html: update.comment.html,
        createdAt: at.toISOString(),
      };
      ticket.messages.push(message);
      this.emit({ kind: "message", ticketId, message: structuredClone(message) });
    }
    ticket.updatedAt = at.toISOString();
    this.emit({ kind: "updated", ticketId, ticket: structuredClone(ticket) });
    return structuredClone(ticket);
  }

  private emit(event: TicketStoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
