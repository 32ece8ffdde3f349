import {
  type ColorScheme,
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
import {
  toTicketContext,
  type ZafConversationItem,
  type ZafTicket,
  type ZafUser,
} from "./ticket-mapping";
import type { ZafClient, ZafResult } from "./zaf-types";

/** ZAF events that change what the sidebar shows, with the field they concern. */
export const TICKET_EVENTS: Record<string, string> = {
  "ticket.conversation.changed": "conversation",
  "ticket.comments.changed": "conversation",
  "ticket.subject.changed": "subject",
  "ticket.status.changed": "status",
  "ticket.priority.changed": "priority",
  "ticket.type.changed": "type",
  "ticket.tags.changed": "tags",
  "ticket.assignee.group.id.changed": "group",
  "ticket.assignee.user.id.changed": "assignee",
  "ticket.requester.id.changed": "requester",
};

const MAX_CUSTOM_FIELDS = 100;

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}

/** Zendesk ids are numbers; the contract carries strings. */
const zendeskId = (value: unknown) =>
  typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;

/** The npm 2.0.x SDK resolves timeouts as a value instead of rejecting; treat that as failure. */
function check(result: ZafResult, path: string): ZafResult {
  if ((result as { name?: unknown }).name === "TimeoutError") {
    throw new Error(`Zendesk did not answer "${path}" in time`);
  }
  const errors = result.errors ?? {};
  const failure = errors[path];
  if (failure) throw new Error(errorMessage(failure));
  return result;
}

export interface ZendeskHost extends HostClient {
  /** Resolves the host's colour scheme when Zendesk exposes one. */
  loadColorScheme(): Promise<ColorScheme | undefined>;
}

/** `HostClient` over the ZAF v2 client in a `ticket_sidebar` location. */
export function createZendeskHost(client: ZafClient): ZendeskHost {
  let colorScheme: ColorScheme | undefined;

  /** Raw values by field id; the shared mapping keeps those the contract can carry. */
  async function getCustomFields(): Promise<Record<string, unknown>> {
    try {
      const fields = (await client.get("ticketFields")).ticketFields;
      if (!Array.isArray(fields)) return {};
      const names = fields
        .map((field) => (field as { name?: unknown }).name)
        .filter(
          (name): name is string => typeof name === "string" && name.startsWith("custom_field_"),
        )
        .slice(0, MAX_CUSTOM_FIELDS);
      if (names.length === 0) return {};
      const paths = names.map((name) => `ticket.customField:${name}`);
      const values = await client.get(paths);
      return Object.fromEntries(
        names.map((name) => [
          name.slice("custom_field_".length),
          values[`ticket.customField:${name}`],
        ]),
      );
    } catch {
      // Custom fields only enrich "before" values; a ticket without them still drafts.
      return {};
    }
  }

  /**
   * Applies one field action. `set`/`invoke` change the ticket FORM, which Zendesk saves only
   * when the agent clicks Submit (zendesk-platform.md §4.2), so they are `staged`; the internal
   * note goes through the Support API and is saved at once (`applied`).
   */
  async function applyOne(
    action: HostAction,
    ticketId: () => Promise<unknown>,
  ): Promise<Exclude<HostApplyResult, "failed">> {
    const p = action.params;
    // A form change is checked under the path it names, then waits in the form for Submit.
    const setField = async (path: string, value: unknown) => {
      check(await client.set(path, value), path);
      return "staged" as const;
    };
    const invoke = async (name: string, argument: unknown) => {
      check(await client.invoke(name, argument), name);
      return "staged" as const;
    };
    switch (action.type) {
      case "set_status":
        return setField("ticket.status", p.status);
      case "set_priority":
        return setField("ticket.priority", p.priority);
      case "set_type":
        return setField("ticket.type", p.type);
      case "add_tags":
        return invoke("ticket.tags.add", p.tags);
      case "remove_tags":
        return invoke("ticket.tags.remove", p.tags);
      case "assign_group":
        return setField("ticket.assignee", { groupId: zendeskId(p.groupId) });
      case "assign_agent": {
        // Zendesk assigns an agent within a group; keep the current group when there is one.
        const current = await client.get("ticket.assignee.group.id");
        const groupId = current["ticket.assignee.group.id"];
        return setField("ticket.assignee", {
          ...(groupId ? { groupId } : {}),
          userId: zendeskId(p.agentId),
        });
      }
      case "set_custom_field":
        return setField(`ticket.customField:custom_field_${String(p.fieldId)}`, p.value);
      case "apply_macro":
        // A macro fills the form (and possibly the editor); Submit saves it like any edit.
        return invoke("macro", zendeskId(p.macroId));
      case "add_internal_note": {
        // The editor holds the public reply, so the note goes through the Support API.
        const id = await ticketId();
        await client.request({
          url: `/api/v2/tickets/${String(id)}.json`,
          type: "PUT",
          contentType: "application/json",
          data: JSON.stringify({ ticket: { comment: { body: String(p.body), public: false } } }),
        });
        return "applied";
      }
      default:
        throw new Error(`"${action.type}" cannot be applied from the Zendesk sidebar`);
    }
  }

  /** Actions set in the form since the last submit: the next `ticket.submit.done` saves them. */
  const staged = new Set<string>();

  return {
    async getTicket() {
      const [result, customFields] = await Promise.all([
        client.get(["ticket", "ticket.conversation"]),
        getCustomFields(),
      ]);
      if ((result as { name?: unknown }).name === "TimeoutError") {
        throw new Error("Zendesk did not return the ticket in time");
      }
      const ticket = result.ticket as ZafTicket | undefined;
      if (!ticket)
        throw new Error(errorMessage(result.errors?.ticket ?? "The ticket is not available"));
      const conversation = result["ticket.conversation"] as ZafConversationItem[] | undefined;
      return toTicketContext(ticket, conversation ?? null, customFields);
    },

    async getCurrentUser(): Promise<HostUser> {
      const user = check(await client.get("currentUser"), "currentUser").currentUser as ZafUser;
      return {
        id: String(user?.id ?? "unknown"),
        name: user?.name || "Agent",
        ...(user?.locale ? { locale: user.locale } : {}),
      };
    },

    async insertReply(text) {
      const html = textToHtml(text);
      try {
        check(await client.invoke("ticket.editor.insert", html), "ticket.editor.insert");
      } catch {
        // Some workspaces refuse the editor API from a sidebar; appending keeps the agent's text.
        check(await client.invoke("comment.appendHtml", html), "comment.appendHtml");
      }
    },

    async applyActions(actions): Promise<HostActionResult[]> {
      let ticketIdPromise: Promise<unknown> | null = null;
      const ticketId = () => {
        ticketIdPromise ??= client.get("ticket.id").then((r) => r["ticket.id"]);
        return ticketIdPromise;
      };
      const results: HostActionResult[] = [];
      // Sequential: Zendesk applies `set`s to one form, and order matters (macro, then status).
      for (const action of actions) {
        try {
          const result = await applyOne(action, ticketId);
          if (result === "staged") staged.add(action.id);
          results.push({ id: action.id, result });
        } catch (error) {
          results.push({ id: action.id, result: "failed", error: errorMessage(error) });
        }
      }
      return results;
    },

    onTicketSaved(listener) {
      // Submit saves the whole form, so everything staged before it is saved now — also what a
      // previous sidebar instance staged (no ids: everything).
      const onDone = () => {
        const ids = [...staged];
        staged.clear();
        listener(ids.length > 0 ? ids : undefined);
      };
      client.on("ticket.submit.done", onDone);
      return () => client.off?.("ticket.submit.done", onDone);
    },

    notify(message, kind: NotifyKind = "info") {
      const zendeskKind = kind === "error" ? "error" : "notice";
      client.invoke("notify", message, zendeskKind).catch(() => {});
    },

    resize(height) {
      client.invoke("resize", { width: "100%", height: `${Math.ceil(height)}px` }).catch(() => {});
    },

    onTicketChanged(listener) {
      const handlers = Object.entries(TICKET_EVENTS).map(([event, field]) => {
        const handler = () => listener({ fields: [field] } satisfies TicketChange);
        client.on(event, handler);
        return [event, handler] as const;
      });
      return () => {
        for (const [event, handler] of handlers) client.off?.(event, handler);
      };
    },

    onReplySent(listener) {
      // The editor is cleared once the submit finishes, so read it when the submit starts; the
      // last `comment.text.changed` value covers a host that clears it before answering.
      let pending: Promise<string | null> | null = null;
      let lastText = "";
      const onText = (payload: unknown) => {
        const value =
          typeof payload === "string"
            ? payload
            : (payload as { newValue?: unknown } | null)?.newValue;
        if (typeof value === "string") lastText = value;
      };
      const onStart = () => {
        const fallback = lastText;
        pending = client
          .get(["ticket.comment.text", "ticket.comment.type"])
          .then((result) => {
            if (result["ticket.comment.type"] === "internalNote") return null;
            const text = result["ticket.comment.text"];
            return htmlToText(typeof text === "string" && text.trim() ? text : fallback) || null;
          })
          .catch(() => htmlToText(fallback) || null);
      };
      const onDone = () => {
        const captured = pending;
        pending = null;
        void captured?.then((text) => {
          if (text) listener(text);
        });
      };
      client.on("comment.text.changed", onText);
      client.on("ticket.submit.start", onStart);
      client.on("ticket.submit.done", onDone);
      return () => {
        client.off?.("comment.text.changed", onText);
        client.off?.("ticket.submit.start", onStart);
        client.off?.("ticket.submit.done", onDone);
      };
    },

    onVisibilityChanged(listener) {
      // A ticket_sidebar instance lives on in a background ticket tab; these mark that.
      const shown = () => listener(true);
      const hidden = () => listener(false);
      client.on("app.activated", shown);
      client.on("app.deactivated", hidden);
      return () => {
        client.off?.("app.activated", shown);
        client.off?.("app.deactivated", hidden);
      };
    },

    getColorScheme: () => colorScheme,

    async loadColorScheme() {
      try {
        const value = (await client.get("colorScheme")).colorScheme;
        if (value === "dark" || value === "light") colorScheme = value;
      } catch {
        // Older Zendesk versions have no colour scheme API; the OS preference decides then.
      }
      return colorScheme;
    },
  };
}
