import type { SimDirectory, SimPriority, SimStatus, SimTicket } from "../shared/sim-ticket";

/** Runs in the browser and on the server: no Node imports here. */

export const FD_STATUS: Record<SimStatus, number> = {
  new: 2,
  open: 2,
  pending: 3,
  hold: 3,
  solved: 4,
  closed: 5,
};
export const FD_STATUS_LABEL: Record<number, string> = {
  2: "Open",
  3: "Pending",
  4: "Resolved",
  5: "Closed",
};
export const FD_STATUS_FROM: Record<number, SimStatus> = {
  2: "open",
  3: "pending",
  4: "solved",
  5: "closed",
};
export const FD_PRIORITY: Record<SimPriority, number> = { low: 1, normal: 2, high: 3, urgent: 4 };
export const FD_PRIORITY_LABEL: Record<number, string> = {
  1: "Low",
  2: "Medium",
  3: "High",
  4: "Urgent",
};
export const FD_PRIORITY_FROM: Record<number, SimPriority> = {
  1: "low",
  2: "normal",
  3: "high",
  4: "urgent",
};
export const FD_TYPES = ["Question", "Incident", "Problem", "Feature Request", "Refund"];

/** Freshdesk ticket types are labels; the neutral store keeps lowercase names. */
export function fdType(type: string | null): string | null {
  if (!type) return null;
  return FD_TYPES.find((t) => t.toLowerCase() === type.toLowerCase()) ?? type;
}

function plain(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/p>/gi, "\n\n")
    .replace(/<[^>]*>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&")
    .trim();
}

/** `client.data.get('ticket')` → `{ ticket }` (REST v2 field names, numeric codes). */
export function fdTicket(ticket: SimTicket) {
  const first = ticket.messages[0];
  return {
    id: ticket.id,
    subject: ticket.subject,
    description: first?.html ?? "",
    description_text: first ? plain(first.html) : "",
    status: FD_STATUS[ticket.status],
    status_label: FD_STATUS_LABEL[FD_STATUS[ticket.status]],
    priority: ticket.priority ? FD_PRIORITY[ticket.priority] : 1,
    priority_label: FD_PRIORITY_LABEL[ticket.priority ? FD_PRIORITY[ticket.priority] : 1],
    source: 1,
    type: fdType(ticket.type),
    requester_id: ticket.requester.id,
    responder_id: ticket.assignee?.id ?? null,
    group_id: ticket.group?.id ?? null,
    company_id: null,
    product_id: null,
    tags: [...ticket.tags],
    custom_fields: { ...ticket.customFields },
    cc_emails: [],
    fwd_emails: [],
    due_by: new Date(Date.parse(ticket.createdAt) + 86_400_000).toISOString(),
    fr_due_by: new Date(Date.parse(ticket.createdAt) + 4 * 3_600_000).toISOString(),
    created_at: ticket.createdAt,
    updated_at: ticket.updatedAt,
  };
}

export function fdContact(ticket: SimTicket) {
  const r = ticket.requester;
  return {
    id: r.id,
    name: r.name,
    email: r.email ?? null,
    phone: null,
    mobile: null,
    language: r.locale ?? "en",
    time_zone: "Eastern Time (US & Canada)",
    company_id: null,
  };
}

export function fdConversation(ticket: SimTicket) {
  return ticket.messages.slice(1).map((m) => ({
    id: m.id,
    body: m.html,
    body_text: plain(m.html),
    incoming: m.author === "customer",
    private: !m.public,
    user_id: m.authorId,
    source: m.public ? 0 : 2,
    ticket_id: ticket.id,
    from_email: m.author === "customer" ? (ticket.requester.email ?? null) : null,
    to_emails: [],
    cc_emails: [],
    bcc_emails: [],
    attachments: [],
    created_at: m.createdAt,
    updated_at: m.createdAt,
  }));
}

export function fdLoggedInUser(directory: SimDirectory) {
  const u = directory.currentUser;
  return {
    id: u.id,
    available: true,
    occasional: false,
    group_ids: directory.groups.map((g) => g.id),
    role_ids: [1],
    ticket_scope: 1,
    signature: `<p>${u.name}</p>`,
    contact: {
      name: u.name,
      email: u.email ?? null,
      language: (u.locale ?? "en").split("-")[0],
      time_zone: "Madrid",
    },
    created_at: "2024-01-15T09:00:00Z",
    updated_at: "2024-01-15T09:00:00Z",
  };
}
