import type {
  SimDirectory,
  SimMessage,
  SimPriority,
  SimStatus,
  SimTicket,
  SimTicketUpdate,
} from "../sim-ticket";
import { sanitizeHtml } from "./sanitize";

export interface TicketFields {
  status: SimStatus;
  priority: SimPriority | null;
  type: string | null;
  tags: string[];
  assigneeId: number | null;
  groupId: number | null;
  customFields: Record<string, string | number | boolean | null>;
}
export type FieldName = keyof TicketFields;
export type ChangeSource = "agent" | "app" | "server";

export interface EditorState {
  open: boolean;
  html: string;
  public: boolean;
}

export type WorkspaceChange =
  | { kind: "field"; field: FieldName; old: unknown; value: unknown; source: ChangeSource }
  | { kind: "editor"; source: ChangeSource }
  | { kind: "message"; message: SimMessage }
  | { kind: "saved"; ticket: SimTicket };

function fieldsOf(ticket: SimTicket): TicketFields {
  return {
    status: ticket.status,
    priority: ticket.priority,
    type: ticket.type,
    tags: [...ticket.tags],
    assigneeId: ticket.assignee?.id ?? null,
    groupId: ticket.group?.id ?? null,
    customFields: { ...ticket.customFields },
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The open ticket in the agent's browser: what was saved, what the agent (or an app) changed but
 * has not submitted yet, and the reply editor. Both simulated hosts render from this.
 */
export class Workspace {
  saved: SimTicket;
  fields: TicketFields;
  editor: EditorState = { open: false, html: "", public: true };
  private readonly listeners = new Set<(change: WorkspaceChange) => void>();

  constructor(
    ticket: SimTicket,
    readonly directory: SimDirectory,
  ) {
    this.saved = ticket;
    this.fields = fieldsOf(ticket);
  }

  on(listener: (change: WorkspaceChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: WorkspaceChange) {
    for (const listener of this.listeners) listener(change);
  }

  /** The ticket as the agent sees it now (saved values overlaid with unsaved edits). */
  current(): SimTicket {
    const f = this.fields;
    return {
      ...this.saved,
      status: f.status,
      priority: f.priority,
      type: f.type,
      tags: [...f.tags],
      assignee: this.directory.agents.find((a) => a.id === f.assigneeId) ?? null,
      group: this.directory.groups.find((g) => g.id === f.groupId) ?? null,
      customFields: { ...f.customFields },
    };
  }

  setField<K extends FieldName>(field: K, value: TicketFields[K], source: ChangeSource): void {
    const old = this.fields[field];
    if (same(old, value)) return;
    this.fields = { ...this.fields, [field]: value };
    this.emit({ kind: "field", field, old, value, source });
  }

  setCustomField(id: string, value: string | number | boolean | null, source: ChangeSource): void {
    this.setField("customFields", { ...this.fields.customFields, [id]: value }, source);
  }

  openEditor(kind: "public" | "internal", source: ChangeSource): void {
    this.editor = { ...this.editor, open: true, public: kind === "public" };
    this.emit({ kind: "editor", source });
  }

  closeEditor(source: ChangeSource): void {
    this.editor = { open: false, html: "", public: true };
    this.emit({ kind: "editor", source });
  }

  setEditorHtml(html: string, source: ChangeSource): void {
    const clean = source === "agent" ? html : sanitizeHtml(html);
    this.editor = { ...this.editor, open: true, html: clean };
    this.emit({ kind: "editor", source });
  }

  /** Fields changed in the form (by the agent or an app) and not saved yet. */
  unsavedFields(): FieldName[] {
    const base = fieldsOf(this.saved);
    return (Object.keys(base) as FieldName[]).filter(
      (field) => !same(this.fields[field], base[field]),
    );
  }

  /** Pending changes to submit. */
  update(): SimTicketUpdate {
    const base = fieldsOf(this.saved);
    const f = this.fields;
    const update: SimTicketUpdate = {};
    if (f.status !== base.status) update.status = f.status;
    if (f.priority !== base.priority) update.priority = f.priority;
    if (f.type !== base.type) update.type = f.type;
    if (!same(f.tags, base.tags)) update.tags = f.tags;
    if (f.assigneeId !== base.assigneeId) update.assigneeId = f.assigneeId;
    if (f.groupId !== base.groupId) update.groupId = f.groupId;
    if (!same(f.customFields, base.customFields)) update.customFields = f.customFields;
    const text = this.editor.html.replace(/<[^>]*>/g, "").trim();
    if (text) update.comment = { html: this.editor.html, public: this.editor.public };
    return update;
  }

  /** After a submit: the server's ticket becomes the baseline, the editor empties. */
  markSaved(ticket: SimTicket): void {
    this.saved = ticket;
    this.fields = fieldsOf(ticket);
    this.editor = { open: false, html: "", public: true };
    this.emit({ kind: "saved", ticket });
    this.emit({ kind: "editor", source: "server" });
  }

  /** A pushed update (e.g. the customer wrote): new messages arrive, unsaved edits stay. */
  receive(ticket: SimTicket): void {
    const before = new Set(this.saved.messages.map((m) => m.id));
    const previous = fieldsOf(this.saved);
    const incoming = fieldsOf(ticket);
    this.saved = ticket;
    for (const field of Object.keys(incoming) as FieldName[]) {
      // Fields the agent has not touched follow the server.
      if (same(this.fields[field], previous[field]) && !same(incoming[field], previous[field])) {
        this.setField(field, incoming[field] as never, "server");
      }
    }
    for (const message of ticket.messages) {
      if (!before.has(message.id)) this.emit({ kind: "message", message });
    }
  }
}
