/**
 * The helpdesk-neutral ticket both simulators keep. Each host presents it in its own native
 * shapes (Zendesk strings, Freshdesk numeric codes) at the protocol boundary.
 */
export type SimStatus = "new" | "open" | "pending" | "hold" | "solved" | "closed";
export type SimPriority = "low" | "normal" | "high" | "urgent";

export interface SimPerson {
  id: number;
  name: string;
  email?: string;
  locale?: string;
}

export interface SimGroup {
  id: number;
  name: string;
}

export interface SimMessage {
  id: number;
  author: "customer" | "agent" | "system";
  authorId: number;
  authorName: string;
  public: boolean;
  /** Sanitized HTML as the helpdesk stores it. */
  html: string;
  createdAt: string;
}

export interface SimTicket {
  id: number;
  subject: string;
  status: SimStatus;
  priority: SimPriority | null;
  type: string | null;
  tags: string[];
  requester: SimPerson;
  assignee: SimPerson | null;
  group: SimGroup | null;
  customFields: Record<string, string | number | boolean | null>;
  messages: SimMessage[];
  createdAt: string;
  updatedAt: string;
}

/** The agent workspace around the tickets: who is signed in, who can be assigned. */
export interface SimDirectory {
  currentUser: SimPerson & { role: "agent" | "admin" };
  agents: SimPerson[];
  groups: SimGroup[];
  macros: SimMacro[];
}

/** A helpdesk macro: text for the reply plus field changes, applied by the host. */
export interface SimMacro {
  id: number;
  title: string;
  html?: string;
  status?: SimStatus;
  priority?: SimPriority;
  type?: string;
  addTags?: string[];
  removeTags?: string[];
}

/** What the agent changed in the UI and submits in one go. */
export interface SimTicketUpdate {
  status?: SimStatus;
  priority?: SimPriority | null;
  type?: string | null;
  tags?: string[];
  assigneeId?: number | null;
  groupId?: number | null;
  customFields?: Record<string, string | number | boolean | null>;
  comment?: { html: string; public: boolean };
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Plain text (paragraphs separated by blank lines) → the HTML a helpdesk stores. */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replaceAll("\n", "<br>")}</p>`)
    .join("");
}

/** HTML → readable plain text (server side; the browser uses the DOM). */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|h[1-6]|blockquote)>/gi, "\n\n")
    .replace(/<[^>]*>/g, "")
    .replaceAll("&nbsp;", " ")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
