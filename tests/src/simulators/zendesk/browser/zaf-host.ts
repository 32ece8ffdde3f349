import {
  htmlToText,
  markdownToHtml,
  sanitizeHtml,
  textToHtml,
} from "../../shared/browser/sanitize";
import type { ProtocolLog } from "../../shared/browser/sim-chrome";
import type { Workspace } from "../../shared/browser/workspace";
import type { SimPriority, SimStatus } from "../../shared/sim-ticket";
import { zafTicket, zafUser } from "../zendesk-shapes";

/** What the iframe posts (JSON strings from postMessage(), plain objects for hook replies). */
interface Inbound {
  key?: string;
  message?: unknown;
  id?: number;
  request?: "get" | "set" | "invoke";
  params?: unknown;
  appGuid?: string;
  instanceGuid?: string;
  error?: { msg?: unknown };
}

class ApiError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ZafHostOptions {
  iframe: HTMLIFrameElement;
  appOrigin: string;
  metadata: Record<string, unknown>;
  context: Record<string, unknown>;
  account: Record<string, unknown>;
  workspace: Workspace;
  proxyUrl: string;
  log: ProtocolLog;
  notify(kind: string, text: string): void;
  resize(size: { width?: string; height?: string }): void;
  close(): void;
  isVisible(): boolean;
  insertIntoEditor(html: string): void;
  applyMacro(id: number): void;
}

const STATUSES: SimStatus[] = ["new", "open", "pending", "hold", "solved"];
const PRIORITIES: SimPriority[] = ["low", "normal", "high", "urgent"];
const TYPES = ["question", "incident", "problem", "task"];
const HOOK_TIMEOUT_MS = 15_000;

/** Reads `a.b.c` out of a plain object tree. */
function dig(root: unknown, path: string[]): unknown {
  let value: unknown = root;
  for (const part of path) {
    if (value === null || typeof value !== "object" || !(part in value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The parent (Zendesk) side of the ZAF protocol, as zendesk-platform.md §1 specifies: handshake →
 * `zaf.app.registered`, get/set/invoke → `{id, result: {…, errors}}`, `request:N` → proxied, event
 * subscriptions, `*.changed` events and the `ticket.save` hook.
 */
export function startZafHost(options: ZafHostOptions) {
  const { iframe, workspace, log } = options;
  const subscriptions = new Map<string, number>();
  const hookWaiters = new Map<string, (reply: Inbound) => void>();
  const target = () => iframe.contentWindow;

  const send = (data: Record<string, unknown>) => {
    log.add("out", JSON.stringify(data).slice(0, 600));
    target()?.postMessage(JSON.stringify(data), options.appOrigin);
  };

  const subscribed = (event: string) => (subscriptions.get(event) ?? 0) > 0;

  /** Sends `zaf.<event>` if the app listens to it. */
  const fire = (event: string, message?: unknown) => {
    if (subscribed(event)) send({ key: `zaf.${event}`, message });
  };

  const fireChanged = (propertyName: string, newValue: unknown) => {
    fire(`${propertyName}.changed`, newValue);
    fire("*.changed", { propertyName, newValue });
  };

  const tree = () => {
    const ticket = zafTicket(workspace.current());
    const user = workspace.directory.currentUser;
    return {
      ticket: {
        ...ticket,
        comment: {
          text: workspace.editor.html,
          type: workspace.editor.public ? "publicReply" : "internalNote",
          useRichText: true,
          attachments: [],
        },
      },
      comment: {
        text: workspace.editor.html,
        type: workspace.editor.public ? "publicReply" : "internalNote",
        useRichText: true,
        attachments: [],
      },
      currentUser: { ...zafUser(user, user.role), groups: workspace.directory.groups },
      currentAccount: options.account,
    };
  };

  const get = (path: string): unknown => {
    const custom = /^ticket\.customField:custom_field_(.+)$/.exec(path);
    if (custom?.[1]) {
      const id = custom[1];
      if (!(id in workspace.fields.customFields))
        throw new ApiError("APIUnavailable", "No such field");
      return workspace.fields.customFields[id];
    }
    const value = dig(tree(), path.split("."));
    if (value === undefined) throw new ApiError("APIUnavailable", "No such Api");
    return value;
  };

  const set = (path: string, value: unknown): unknown => {
    const custom = /^ticket\.customField:custom_field_(.+)$/.exec(path);
    if (custom?.[1]) {
      if (!["string", "number", "boolean"].includes(typeof value) && value !== null) {
        throw new ApiError("InvalidValue", "Custom field values are strings, numbers or booleans");
      }
      workspace.setCustomField(custom[1], value as string | number | boolean | null, "app");
      return value;
    }
    switch (path) {
      case "ticket.status":
        if (!STATUSES.includes(value as SimStatus))
          throw new ApiError("InvalidValue", `Invalid status ${String(value)}`);
        workspace.setField("status", value as SimStatus, "app");
        return value;
      case "ticket.priority":
        if (value !== "-" && !PRIORITIES.includes(value as SimPriority)) {
          throw new ApiError("InvalidValue", `Invalid priority ${String(value)}`);
        }
        workspace.setField("priority", value === "-" ? null : (value as SimPriority), "app");
        return value;
      case "ticket.type":
        if (!TYPES.includes(String(value)))
          throw new ApiError("InvalidValue", `Invalid type ${String(value)}`);
        workspace.setField("type", String(value), "app");
        return value;
      case "ticket.tags":
        if (!Array.isArray(value) || !value.every((t) => typeof t === "string")) {
          throw new ApiError("InvalidValue", "Tags must be an array of strings");
        }
        workspace.setField("tags", normalizeTags(value as string[]), "app");
        return value;
      case "ticket.subject":
        if (typeof value !== "string" || !value.trim())
          throw new ApiError("InvalidValue", "Subject must be text");
        workspace.saved = { ...workspace.saved, subject: value };
        fireChanged("ticket.subject", value);
        return value;
      case "ticket.assignee": {
        const spec = (value ?? {}) as { groupId?: unknown; userId?: unknown };
        const groupId =
          spec.groupId === undefined || spec.groupId === null ? null : Number(spec.groupId);
        const userId =
          spec.userId === undefined || spec.userId === null ? null : Number(spec.userId);
        if (groupId !== null && !workspace.directory.groups.some((g) => g.id === groupId)) {
          throw new ApiError("InvalidValue", `Unknown group ${groupId}`);
        }
        if (userId !== null && !workspace.directory.agents.some((a) => a.id === userId)) {
          throw new ApiError("InvalidValue", `Unknown agent ${userId}`);
        }
        workspace.setField("groupId", groupId, "app");
        workspace.setField("assigneeId", userId, "app");
        return value;
      }
      case "comment.text":
      case "ticket.comment.text":
        workspace.setEditorHtml(typeof value === "string" ? value : "", "app");
        return value;
      case "comment.type":
      case "ticket.comment.type":
        if (value !== "publicReply" && value !== "internalNote") {
          throw new ApiError("InvalidValue", "Comment type is publicReply or internalNote");
        }
        workspace.openEditor(value === "publicReply" ? "public" : "internal", "app");
        return value;
      default:
        throw new ApiError("APIUnavailable", "No such Api");
    }
  };

  const tagsArg = (args: unknown[]): string[] => {
    const first = args[0];
    const list = Array.isArray(first) ? first : args;
    if (!list.length || !list.every((t) => typeof t === "string")) {
      throw new ApiError("InvalidValue", "Expected a tag or a list of tags");
    }
    return normalizeTags(list as string[]);
  };

  const invoke = (action: string, args: unknown[]): unknown => {
    const text = typeof args[0] === "string" ? args[0] : "";
    switch (action) {
      case "ticket.editor.insert":
        options.insertIntoEditor(sanitizeHtml(text));
        return null;
      case "comment.appendText":
      case "ticket.comment.appendText":
        workspace.setEditorHtml(workspace.editor.html + textToHtml(text), "app");
        return null;
      case "comment.appendHtml":
      case "ticket.comment.appendHtml":
        workspace.setEditorHtml(workspace.editor.html + sanitizeHtml(text), "app");
        return null;
      case "comment.appendMarkdown":
      case "ticket.comment.appendMarkdown":
        workspace.setEditorHtml(workspace.editor.html + markdownToHtml(text), "app");
        return null;
      case "ticket.tags.add": {
        const add = tagsArg(args);
        workspace.setField("tags", normalizeTags([...workspace.fields.tags, ...add]), "app");
        return null;
      }
      case "ticket.tags.remove": {
        const remove = new Set(tagsArg(args));
        workspace.setField(
          "tags",
          workspace.fields.tags.filter((t) => !remove.has(t)),
          "app",
        );
        return null;
      }
      case "macro": {
        const id = Number(args[0]);
        if (!workspace.directory.macros.some((m) => m.id === id)) {
          throw new ApiError("InvalidValue", `Unknown macro ${String(args[0])}`);
        }
        options.applyMacro(id);
        return null;
      }
      case "resize": {
        const size = (args[0] ?? {}) as { width?: unknown; height?: unknown };
        options.resize({
          ...(size.width !== undefined ? { width: String(size.width) } : {}),
          ...(size.height !== undefined ? { height: String(size.height) } : {}),
        });
        return null;
      }
      case "notify": {
        const kind = typeof args[1] === "string" ? args[1] : "notice";
        options.notify(kind, htmlToText(text));
        return null;
      }
      case "app.close":
        options.close();
        return null;
      case "track":
        return null;
      default: {
        const field = /^ticketFields:([^.]+)\.(hide|show|enable|disable)$/.exec(action);
        if (field) {
          log.add("note", `ticket field ${field[1]} → ${field[2]}`);
          return null;
        }
        throw new ApiError("APIUnavailable", "No such Api");
      }
    }
  };

  const answer = (message: Inbound) => {
    const result: Record<string, unknown> = { errors: {} };
    const errors = result.errors as Record<string, unknown>;
    const run = (path: string, fn: () => unknown) => {
      try {
        result[path] = fn();
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError("InternalError", String(err));
        errors[path] = { name: e.name, message: e.message, path };
      }
    };
    if (message.request === "get") {
      const params = Array.isArray(message.params) ? message.params : [];
      for (const path of params) run(String(path), () => get(String(path)));
    } else if (message.params && typeof message.params === "object") {
      for (const [path, value] of Object.entries(message.params as Record<string, unknown>)) {
        run(path, () =>
          message.request === "set"
            ? set(path, value)
            : invoke(path, Array.isArray(value) ? value : [value]),
        );
      }
    }
    send({ id: message.id, result });
  };

  const proxy = async (key: string, requestOptions: unknown) => {
    let outcome: { outcome: "done" | "fail"; responseArgs: unknown[] };
    try {
      const response = await fetch(options.proxyUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(requestOptions ?? {}),
      });
      outcome = await response.json();
    } catch {
      outcome = {
        outcome: "fail",
        responseArgs: [{ status: 0, statusText: "error", responseText: "" }, "error", ""],
      };
    }
    send({ key: `zaf.${key}.${outcome.outcome}`, message: { responseArgs: outcome.responseArgs } });
  };

  const register = () =>
    send({
      key: "zaf.app.registered",
      message: { metadata: options.metadata, context: options.context },
    });

  window.addEventListener("message", (event) => {
    if (event.source !== target() || event.origin !== options.appOrigin) return;
    let message: Inbound;
    try {
      message = (typeof event.data === "string" ? JSON.parse(event.data) : event.data) as Inbound;
    } catch {
      return;
    }
    if (!message || typeof message !== "object") return;
    log.add(
      "in",
      (typeof event.data === "string" ? event.data : JSON.stringify(event.data)).slice(0, 600),
    );
    const key = message.key ?? "";
    if (key === "iframe.handshake") {
      subscriptions.clear();
      register();
      return;
    }
    if (message.request && typeof message.id === "number") {
      answer(message);
      return;
    }
    if (key.startsWith("iframe.on:") || key.startsWith("iframe.off:")) {
      const on = key.startsWith("iframe.on:");
      const name = key.slice(on ? 10 : 11);
      const count = Number(
        (message.message as { subscriberCount?: unknown })?.subscriberCount ?? (on ? 1 : 0),
      );
      const before = subscriptions.get(name) ?? 0;
      subscriptions.set(name, Number.isFinite(count) ? count : 0);
      // The sidebar is already on screen: the app counts as activated once it listens.
      if (on && name === "app.activated" && before === 0 && options.isVisible())
        fire("app.activated");
      return;
    }
    if (/^request:\d+$/.test(key)) {
      void proxy(key, message.message);
      return;
    }
    if (key.startsWith("iframe.reply:")) {
      hookWaiters.get(key.slice("iframe.reply:".length))?.(message);
      return;
    }
    // iframe.trigger:*, session.live, __track__ and raw postMessage() keys need no answer here.
  });

  workspace.on((change) => {
    if (change.kind === "field") {
      const name = {
        status: "ticket.status",
        priority: "ticket.priority",
        type: "ticket.type",
        tags: "ticket.tags",
        assigneeId: "ticket.assignee.user.id",
        groupId: "ticket.assignee.group.id",
        customFields: "ticket.custom_fields",
      }[change.field];
      fireChanged(name, change.value);
    } else if (change.kind === "message") {
      const t = zafTicket(workspace.current());
      fireChanged("ticket.conversation", t.conversation);
      fireChanged("ticket.comments", t.comments);
    } else if (change.kind === "editor" && change.source === "agent") {
      fireChanged("comment.text", workspace.editor.html);
    }
  });

  return {
    fire,
    subscriptions,
    /** Runs a hook (e.g. `ticket.save`); resolves with the app's reply, or allowed when unhooked. */
    hook(event: string): Promise<{ allowed: boolean; message?: string }> {
      if (!subscribed(event)) return Promise.resolve({ allowed: true });
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          hookWaiters.delete(event);
          resolve({ allowed: true, message: "The app did not answer in time" });
        }, HOOK_TIMEOUT_MS);
        hookWaiters.set(event, (reply) => {
          clearTimeout(timer);
          hookWaiters.delete(event);
          const msg = reply.error?.msg;
          resolve(
            reply.error
              ? {
                  allowed: false,
                  message: typeof msg === "string" && msg ? msg : "The app blocked this action",
                }
              : { allowed: true },
          );
        });
        send({ key: `zaf.${event}`, needsReply: true });
      });
    },
  };
}

function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase().replace(/\s+/g, "_")).filter(Boolean))];
}
