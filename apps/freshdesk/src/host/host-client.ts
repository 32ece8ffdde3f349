import type { TicketContext } from "@tandem/shared";
import {
  type HostAction,
  type HostActionResult,
  type HostApplyResult,
  type HostClient,
  type HostUser,
  htmlToText,
  type NotifyKind,
  type TicketChange,
  textToHtml,
} from "@tandem/sidebar";
import { freshdeskPriorityCode, freshdeskStatusCode } from "@tandem/ticket-mapping";
import type { FwClient, FwEvent, FwEventHandler, FwNotifyType } from "./freshworks";
import { readConversations, toTicketContext } from "./ticket";

/** The platform truncates notifications beyond 100 characters; we cut at a word instead. */
const NOTIFY_MAX = 100;
/** `instance.resize` is capped at 700 px by the platform. */
const MAX_HEIGHT = 700;
/** A reply read back after sending must be this recent (allows for clock skew). */
const RECENT_MS = 120_000;

const notifyTypes: Record<NotifyKind, FwNotifyType> = {
  success: "success",
  info: "info",
  error: "danger",
};

/** Ticket-page events and the fields they change (docs §2.3). */
const changeEvents: Record<string, string[]> = {
  "ticket.statusChanged": ["status"],
  "ticket.priorityChanged": ["priority"],
  "ticket.groupChanged": ["group"],
  "ticket.agentChanged": ["assignee"],
  "ticket.typeChanged": ["type"],
  "ticket.propertiesUpdated": ["properties"],
  "ticket.updated": ["conversation"],
};

export interface FreshdeskHostOptions {
  /** Called when the conversation could not be read and only the description is used. */
  onConversationUnavailable?: () => void;
  /** How long to wait before reading a sent reply back from Freshdesk (tests pass 0). */
  sentReadDelayMs?: number;
}

export class ActionNotSupportedError extends Error {}

function shorten(message: string): string {
  if (message.length <= NOTIFY_MAX) return message;
  const cut = message.slice(0, NOTIFY_MAX - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > 60 ? cut.slice(0, space) : cut}…`;
}

function asId(value: unknown): string | number {
  const text = String(value);
  return /^\d+$/.test(text) ? Number(text) : text;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}

/** The reply body the `ticket.sendReply` payload carries, in whichever field this host uses. */
export function sentReplyText(data: unknown): string | null {
  if (typeof data !== "object" || data === null) return null;
  const record = data as Record<string, unknown>;
  const nested = record.reply ?? record.data;
  for (const key of ["body_text", "text", "body", "body_html", "html"]) {
    const value = record[key];
    if (typeof value === "string" && value.trim()) return htmlToText(value);
  }
  return nested && nested !== data ? sentReplyText(nested) : null;
}

/**
 * `HostClient` over the Freshworks Platform 3.0 client: data objects for the ticket, request
 * templates for the conversation, interface methods for the editor and the properties form.
 */
export function createFreshdeskHost(client: FwClient, options: FreshdeskHostOptions = {}) {
  let tags: string[] = [];
  let ticketId: number | null = null;
  /** The last ticket read fell back to the description (conversation unreadable). */
  let partial = false;

  /**
   * Staged action ids by the agent's click that saves them: "Update" in the properties widget
   * (`ticket.propertiesUpdated`) or "Add note" (`ticket.addNote`). One does not save the other.
   */
  const staged = { properties: new Set<string>(), note: new Set<string>() };

  async function propertyValue(id: string, value: unknown): Promise<"properties"> {
    await client.interface.trigger("setValue", { id, value });
    return "properties";
  }

  /**
   * Sets one field action in the page. `setValue` changes the properties FORM, which Freshdesk
   * saves only when the agent clicks Update (freshdesk-platform.md §2.3–2.4); the note opens
   * pre-filled and is saved by "Add note". So everything here is staged until that click.
   */
  async function apply(action: HostAction): Promise<keyof typeof staged> {
    const params = action.params;
    switch (action.type) {
      case "set_status": {
        const code = freshdeskStatusCode(String(params.status));
        if (code === undefined)
          throw new ActionNotSupportedError(`Unknown status ${params.status}`);
        return propertyValue("status", code);
      }
      case "set_priority": {
        const code = freshdeskPriorityCode(String(params.priority));
        if (code === undefined) {
          throw new ActionNotSupportedError(`Unknown priority ${params.priority}`);
        }
        return propertyValue("priority", code);
      }
      case "set_type":
        return propertyValue("ticket_type", String(params.type));
      case "assign_group":
        return propertyValue("group", asId(params.groupId));
      case "assign_agent":
        // Not in the documented setValue ids; Freshdesk answers with an error when unsupported.
        return propertyValue("agent", asId(params.agentId));
      case "add_tags":
      case "remove_tags": {
        const changed = new Set(stringList(params.tags));
        const next =
          action.type === "add_tags"
            ? [...tags, ...[...changed].filter((tag) => !tags.includes(tag))]
            : tags.filter((tag) => !changed.has(tag));
        await propertyValue("tag", next);
        tags = next;
        return "properties";
      }
      case "set_custom_field": {
        const field = String(params.fieldId);
        return propertyValue(field.startsWith("cf_") ? field : `cf_${field}`, params.value);
      }
      case "add_internal_note":
        await client.interface.trigger("click", {
          id: "openNote",
          text: textToHtml(String(params.body ?? "")),
          isPublic: false,
        });
        return "note";
      default:
        throw new ActionNotSupportedError(
          "Freshdesk has no way for an app to apply this here; apply it from the ticket.",
        );
    }
  }

  function subscribe(names: string[], handlerFor: (name: string) => FwEventHandler): () => void {
    let active = true;
    const handlers = names.map((name) => {
      const handler = handlerFor(name);
      const guarded: FwEventHandler = (event) => {
        if (active) handler(event);
      };
      client.events.on(name, guarded);
      return [name, guarded] as const;
    });
    return () => {
      active = false;
      for (const [name, guarded] of handlers) client.events.off?.(name, guarded);
    };
  }

  /**
   * The public agent message sent just now, for hosts whose send event carries no body: read
   * after Freshdesk had time to store it, and only if it is recent (never an older reply).
   */
  async function latestSentReply(sentAt: number): Promise<string | null> {
    if (ticketId === null) return null;
    await new Promise((resolve) => setTimeout(resolve, options.sentReadDelayMs ?? 3_000));
    const conversations = await readConversations(client, ticketId);
    const sent = conversations
      .filter((item) => !item.incoming && item.private !== true)
      .filter((item) => Date.parse(item.created_at ?? "") >= sentAt - RECENT_MS)
      .sort((a, b) => String(a.created_at ?? "").localeCompare(String(b.created_at ?? "")))
      .at(-1);
    if (!sent) return null;
    return sent.body_text?.trim() || htmlToText(sent.body ?? "");
  }

  const host: HostClient = {
    async getTicket(): Promise<TicketContext> {
      const [{ ticket }, requester] = await Promise.all([
        client.data.get("ticket"),
        client.data
          .get("requester")
          .then((data) => data.requester)
          .catch(() => null),
      ]);
      tags = [...(ticket.tags ?? [])];
      ticketId = ticket.id;
      let conversations: Awaited<ReturnType<typeof readConversations>> | null = null;
      try {
        conversations = await readConversations(client, ticket.id);
        partial = false;
      } catch {
        // Wrong Freshdesk API key, template error …: draft from the description, and say so.
        partial = true;
        options.onConversationUnavailable?.();
      }
      return toTicketContext({ ticket, requester, conversations });
    },

    async getCurrentUser(): Promise<HostUser> {
      const { loggedInUser } = await client.data.get("loggedInUser");
      const contact = loggedInUser.contact ?? {};
      return {
        id: String(loggedInUser.id),
        name: contact.name?.trim() || contact.email || `Agent ${loggedInUser.id}`,
        ...(contact.language ? { locale: contact.language } : {}),
      };
    },

    async insertReply(text: string): Promise<void> {
      const html = textToHtml(text);
      try {
        // Opens the reply editor pre-filled; the documented way from ticket_sidebar.
        await client.interface.trigger("click", { id: "reply", text: html });
      } catch {
        // The editor may already be open: replace its content instead.
        await client.interface.trigger("setValue", { id: "editor", text: html, replace: true });
      }
    },

    async applyActions(actions: HostAction[]): Promise<HostActionResult[]> {
      const results: HostActionResult[] = [];
      // One at a time: the properties form is a single shared widget.
      for (const action of actions) {
        try {
          const savedBy = await apply(action);
          staged[savedBy].add(action.id);
          const result: HostApplyResult = "staged";
          results.push({ id: action.id, result });
        } catch (error) {
          const message =
            error instanceof ActionNotSupportedError
              ? error.message
              : "Freshdesk did not accept this change; set it in the ticket properties.";
          results.push({ id: action.id, result: "failed", error: message });
        }
      }
      return results;
    },

    onTicketSaved(listener: (savedActionIds?: string[]) => void): () => void {
      const savedBy: Record<string, keyof typeof staged> = {
        "ticket.propertiesUpdated": "properties",
        "ticket.addNote": "note",
      };
      return subscribe(Object.keys(savedBy), (name) => () => {
        const kind = savedBy[name] ?? "properties";
        const ids = [...staged[kind]];
        staged[kind].clear();
        if (ids.length > 0) listener(ids);
        // Staged before this sidebar instance (a reload): Update saves whatever the form holds.
        else if (kind === "properties") listener();
      });
    },

    notify(message: string, kind: NotifyKind = "info"): void {
      client.interface
        .trigger("showNotify", { type: notifyTypes[kind], message: shorten(message) })
        .catch(() => undefined);
    },

    resize(height: number): void {
      const px = Math.max(120, Math.min(MAX_HEIGHT, Math.ceil(height)));
      Promise.resolve(client.instance.resize({ height: `${px}px` })).catch(() => undefined);
    },

    onTicketChanged(listener: (change: TicketChange) => void): () => void {
      return subscribe(Object.keys(changeEvents), (name) => () => {
        listener({ fields: changeEvents[name] ?? ["ticket"] });
      });
    },

    lastTicketPartial: () => partial,

    onVisibilityChanged(listener: (visible: boolean) => void): () => void {
      return subscribe(["app.activated", "app.deactivated"], (name) => () => {
        listener(name === "app.activated");
      });
    },

    onReplySent(listener: (text: string) => void): () => void {
      return subscribe(["ticket.sendReply"], () => (event: FwEvent) => {
        let data: unknown;
        try {
          data = event.helper.getData();
        } catch {
          data = undefined;
        }
        const text = sentReplyText(data);
        if (text !== null) {
          listener(text);
          return;
        }
        latestSentReply(Date.now())
          .then((latest) => {
            if (latest) listener(latest);
          })
          .catch(() => undefined);
      });
    },
  };
  return host;
}
