import type { SimDirectory, SimTicket } from "./sim-ticket";
import { textToHtml } from "./sim-ticket";

/** A small team for simulated helpdesks. */
export function sampleDirectory(): SimDirectory {
  return {
    currentUser: {
      id: 9001,
      name: "Alex Morgan",
      email: "alex@example.com",
      locale: "en-US",
      role: "agent",
    },
    agents: [
      { id: 9001, name: "Alex Morgan", email: "alex@example.com" },
      { id: 9002, name: "Sam Rivera", email: "sam@example.com" },
      { id: 9003, name: "Jordan Lee", email: "jordan@example.com" },
    ],
    groups: [
      { id: 501, name: "Support" },
      { id: 502, name: "Billing" },
      { id: 503, name: "Bookings" },
    ],
    macros: [
      {
        id: 701,
        title: "Refund issued",
        html: "<p>Your refund is on its way.</p>",
        status: "solved",
        addTags: ["refund"],
      },
      {
        id: 702,
        title: "Ask for booking reference",
        html: "<p>Could you share your booking reference?</p>",
        status: "pending",
      },
    ],
  };
}

export interface TicketSeed {
  id: number;
  subject: string;
  requester: { id: number; name: string; email: string; locale: string };
  status?: SimTicket["status"];
  priority?: SimTicket["priority"];
  type?: string | null;
  tags?: string[];
  groupId?: number | null;
  customFields?: SimTicket["customFields"];
  /** Customer and agent turns, oldest first; minutes ago is relative to now. */
  messages: Array<{
    from: "customer" | "agent";
    text: string;
    minutesAgo: number;
    internal?: boolean;
  }>;
}

/** Builds a full ticket from a compact seed. */
export function ticketFrom(seed: TicketSeed, directory: SimDirectory, now = new Date()): SimTicket {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  const messages = seed.messages.map((m, i) => ({
    id: seed.id * 100 + i + 1,
    author: m.from,
    authorId: m.from === "customer" ? seed.requester.id : directory.currentUser.id,
    authorName: m.from === "customer" ? seed.requester.name : directory.currentUser.name,
    public: !m.internal,
    html: textToHtml(m.text),
    createdAt: at(m.minutesAgo),
  }));
  const created = messages[0]?.createdAt ?? now.toISOString();
  return {
    id: seed.id,
    subject: seed.subject,
    status: seed.status ?? "open",
    priority: seed.priority ?? "normal",
    type: seed.type ?? "question",
    tags: seed.tags ?? [],
    requester: seed.requester,
    assignee: null,
    group: directory.groups.find((g) => g.id === seed.groupId) ?? null,
    customFields: seed.customFields ?? {},
    messages,
    createdAt: created,
    updatedAt: messages.at(-1)?.createdAt ?? created,
  };
}
