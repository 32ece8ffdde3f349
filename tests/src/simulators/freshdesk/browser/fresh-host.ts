import { sanitizeHtml } from "../../shared/browser/sanitize";
import type { ProtocolLog } from "../../shared/browser/sim-chrome";
import type { Workspace } from "../../shared/browser/workspace";
import {
  FD_PRIORITY,
  FD_PRIORITY_FROM,
  FD_PRIORITY_LABEL,
  FD_STATUS,
  FD_STATUS_FROM,
  FD_STATUS_LABEL,
  FD_TYPES,
  fdLoggedInUser,
  fdTicket,
} from "../freshdesk-shapes";

interface Request {
  uniqId?: string;
  service?: string;
  method?: string;
  options?: Record<string, unknown>;
  type?: string;
}

class HostError {
  constructor(
    readonly status: number,
    readonly message: string,
  ) {}
}

export interface FreshHostOptions {
  iframe: HTMLIFrameElement;
  appOrigin: string;
  instanceId: string;
  workspace: Workspace;
  iparams: Record<string, unknown>;
  domain: string;
  dataUrl: string;
  invokeTemplateUrl: string;
  log: ProtocolLog;
  notify(type: string, message: string, title?: string): void;
  confirm(options: {
    title?: string;
    message: string;
    saveLabel: string;
    cancelLabel: string;
  }): Promise<string>;
  resize(height: number): void;
  close(): void;
  navigate(ticketId: number): void;
  setElementState(id: string, state: "hide" | "show" | "enable" | "disable"): void;
}

const NOTIFY_TYPES = ["info", "success", "warning", "danger", "alert", "error"];
const ELEMENT_IDS = new Set([
  "attachments",
  "attachmentsDelete",
  "ticketSpam",
  "ticketEdit",
  "ticketDelete",
  "ticketDueBy",
  "reply",
  "note",
  "forward",
  "noteEdit",
  "status",
  "priority",
  "ticket_type",
  "group",
  "product",
  "tag",
  "from",
  "cc",
  "bcc",
]);
const INTERCEPT_TIMEOUT_MS = 10_000;

/**
 * The Freshdesk side of the client protocol: data, interface, request templates, iparams,
 * instance, data store and events (with intercepts), over the port handed over at handshake.
 */
export function startFreshHost(options: FreshHostOptions) {
  const { workspace, log } = options;
  const subscriptions = new Map<string, { normal: number; intercept: number }>();
  const interceptWaiters = new Map<string, (error?: { message?: string }) => void>();
  const store = new Map<string, unknown>();
  let port: MessagePort | null = null;
  let sequence = 0;

  const post = (message: Record<string, unknown>) => {
    log.add("out", JSON.stringify(message).slice(0, 600));
    port?.postMessage(message);
  };

  const handshake = () => {
    const channel = new MessageChannel();
    port?.close();
    port = channel.port1;
    port.onmessage = (event) => void handle(event.data as Request);
    subscriptions.clear();
    log.add("out", JSON.stringify({ type: "iframe:handshake", instanceId: options.instanceId }));
    options.iframe.contentWindow?.postMessage(
      { type: "iframe:handshake", instanceId: options.instanceId },
      options.appOrigin,
      [channel.port2],
    );
  };
  options.iframe.addEventListener("load", handshake);

  const data = async (attribute: string): Promise<unknown> => {
    const ticket = workspace.current();
    switch (attribute) {
      case "ticket":
        return { ticket: fdTicket(ticket) };
      case "requester":
      case "contact": {
        const loaded = (await (await fetch(options.dataUrl)).json()) as Record<string, unknown>;
        return { [attribute]: loaded[attribute] };
      }
      case "loggedInUser":
        return { loggedInUser: fdLoggedInUser(workspace.directory) };
      case "domainName":
        return { domainName: options.domain };
      case "currentHost":
        return {
          currentHost: {
            subscribed_modules: ["support_ticket"],
            endpoint_urls: { freshdesk: `https://${options.domain}` },
          },
        };
      case "group":
        if (!ticket.group) throw new HostError(404, "This ticket has no group");
        return { group: { id: ticket.group.id, name: ticket.group.name } };
      case "status_options":
        return {
          status_options: Object.entries(FD_STATUS_LABEL).map(([id, label]) => ({
            id: Number(id),
            label,
          })),
        };
      case "priority_options":
        return {
          priority_options: Object.entries(FD_PRIORITY_LABEL).map(([id, label]) => ({
            id: Number(id),
            label,
          })),
        };
      case "ticket_type_options":
        return {
          ticket_type_options: FD_TYPES.map((label, i) => ({ id: i + 1, label, value: label })),
        };
      case "email_config":
        return {
          email_config: { id: 1, reply_email: `support@${options.domain}`, name: "Support" },
        };
      default:
        throw new HostError(400, `Unknown data attribute ${attribute}`);
    }
  };

  const setValue = (o: Record<string, unknown>) => {
    const id = String(o.id ?? "");
    const value = o.value;
    switch (id) {
      case "editor": {
        if (!workspace.editor.open) throw new HostError(400, "The conversation editor is not open");
        const text = sanitizeHtml(String(o.text ?? ""));
        const html =
          o.replace === true
            ? text
            : o.position === "start"
              ? text + workspace.editor.html
              : workspace.editor.html + text;
        workspace.setEditorHtml(html, "app");
        return;
      }
      case "status": {
        const status = FD_STATUS_FROM[Number(value)];
        if (!status) throw new HostError(400, `Invalid status ${String(value)}`);
        workspace.setField("status", status, "app");
        return;
      }
      case "priority": {
        const priority = FD_PRIORITY_FROM[Number(value)];
        if (!priority) throw new HostError(400, `Invalid priority ${String(value)}`);
        workspace.setField("priority", priority, "app");
        return;
      }
      case "ticket_type": {
        const type = FD_TYPES.find((t) => t.toLowerCase() === String(value).toLowerCase());
        if (!type) throw new HostError(400, `Invalid ticket type ${String(value)}`);
        workspace.setField("type", type.toLowerCase(), "app");
        return;
      }
      case "group": {
        const group = workspace.directory.groups.find((g) => g.id === Number(value));
        if (!group) throw new HostError(400, `Invalid group ${String(value)}`);
        workspace.setField("groupId", group.id, "app");
        return;
      }
      case "tag": {
        const tags = Array.isArray(value) ? value.map(String) : String(value ?? "").split(",");
        workspace.setField("tags", [...new Set(tags.map((t) => t.trim()).filter(Boolean))], "app");
        return;
      }
      case "product":
      case "to":
      case "from":
      case "cc":
      case "bcc":
      case "noteType":
      case "notifyTo":
        log.add("note", `setValue ${id} = ${JSON.stringify(value)}`);
        return;
      default:
        if (/^cf_[a-z0-9_]+$/i.test(id)) {
          if (!["string", "number", "boolean"].includes(typeof value) && value !== null) {
            throw new HostError(400, `Invalid value for ${id}`);
          }
          workspace.setCustomField(id, value as string | number | boolean | null, "app");
          return;
        }
        throw new HostError(400, `Unknown element id ${id}`);
    }
  };

  const trigger = async (method: string, o: Record<string, unknown>): Promise<unknown> => {
    switch (method) {
      case "showNotify": {
        const type = String(o.type ?? "info");
        if (!NOTIFY_TYPES.includes(type))
          throw new HostError(400, `Invalid notification type ${type}`);
        const message = String(o.message ?? "").slice(0, 100);
        const title = o.title === undefined ? undefined : String(o.title).slice(0, 30);
        options.notify(type, message, title);
        return { message: "success" };
      }
      case "showConfirm": {
        const clicked = await options.confirm({
          ...(o.title === undefined ? {} : { title: String(o.title) }),
          message: String(o.message ?? ""),
          saveLabel: String(o.saveLabel ?? "Save").slice(0, 11),
          cancelLabel: String(o.cancelLabel ?? "Cancel").slice(0, 11),
        });
        return { message: clicked };
      }
      case "click": {
        const id = String(o.id ?? "");
        if (id === "reply" || id === "openNote" || id === "note") {
          const kind = id === "reply" || o.isPublic === true ? "public" : "internal";
          workspace.openEditor(kind, "app");
          if (typeof o.text === "string") workspace.setEditorHtml(sanitizeHtml(o.text), "app");
          return { message: "success" };
        }
        if (id === "ticket") {
          options.navigate(Number(o.value));
          return { message: "success" };
        }
        if (id === "expandConversation" || id === "timer" || id === "contact")
          return { message: "success" };
        throw new HostError(400, `Unknown element id ${id}`);
      }
      case "setValue":
        setValue(o);
        return { message: "success" };
      case "hide":
      case "show":
      case "enable":
      case "disable": {
        const id = String(o.id ?? "");
        if (!ELEMENT_IDS.has(id) && !/^cf_/.test(id))
          throw new HostError(400, `Unknown element id ${id}`);
        options.setElementState(id, method);
        return { message: "success" };
      }
      case "setOptions":
        return { message: "success" };
      default:
        throw new HostError(400, `Unknown interface method ${method}`);
    }
  };

  const instance = (method: string, o: Record<string, unknown>): unknown => {
    switch (method) {
      case "resize": {
        const height = Number.parseInt(String(o.height ?? ""), 10);
        if (!Number.isFinite(height) || height <= 0)
          throw new HostError(400, "resize needs a height");
        options.resize(Math.min(height, 700));
        return { message: "success" };
      }
      case "context":
        return { instanceId: options.instanceId, location: "ticket_sidebar" };
      case "get":
        return [{ instanceId: options.instanceId, location: "ticket_sidebar" }];
      case "close":
        options.close();
        return { message: "success" };
      case "send":
        return { message: "success" };
      default:
        throw new HostError(400, `Unknown instance method ${method}`);
    }
  };

  const dataStore = (method: string, o: Record<string, unknown>): unknown => {
    const key = String(o.dbKey ?? "");
    if (!key) throw new HostError(400, "A key is required");
    switch (method) {
      case "fetch":
        if (!store.has(key)) throw new HostError(404, "Record not found");
        return store.get(key);
      case "store": {
        const setIf = (o.options as { setIf?: string } | undefined)?.setIf;
        if (setIf === "exist" && !store.has(key))
          throw new HostError(400, "The setIf conditional request failed");
        if (setIf === "not_exist" && store.has(key))
          throw new HostError(400, "The setIf conditional request failed");
        store.set(key, o.data);
        return { Created: true };
      }
      case "update": {
        const current = (store.get(key) ?? {}) as Record<string, unknown>;
        const attrs = (o.attributes ?? {}) as Record<string, unknown>;
        if (o.type === "set") store.set(key, { ...current, ...attrs });
        else if (o.type === "remove")
          store.set(
            key,
            Object.fromEntries(
              Object.entries(current).filter(
                ([k]) => !(Array.isArray(attrs) ? attrs : Object.keys(attrs)).includes(k),
              ),
            ),
          );
        else if (o.type === "increment") {
          const next = { ...current };
          for (const [k, v] of Object.entries(attrs)) next[k] = Number(next[k] ?? 0) + Number(v);
          store.set(key, next);
        } else throw new HostError(400, `Unsupported update type ${String(o.type)}`);
        return { Updated: true };
      }
      case "delete":
        store.delete(key);
        return { Deleted: true };
      default:
        throw new HostError(400, `Unknown data store method ${method}`);
    }
  };

  const handle = async (message: Request) => {
    log.add("in", JSON.stringify(message).slice(0, 600));
    if (message.type === "iframe:loaded") return;
    const { service = "", method = "", uniqId } = message;
    const o = (message.options ?? {}) as Record<string, unknown>;
    if (service === "EventAPI" && (method === "on" || method === "off")) {
      const name = String(o.event ?? "");
      const entry = subscriptions.get(name) ?? { normal: 0, intercept: 0 };
      const field = o.intercept === true ? "intercept" : "normal";
      entry[field] = Math.max(0, entry[field] + (method === "on" ? 1 : -1));
      subscriptions.set(name, entry);
      return;
    }
    if (service === "EventAPI" && method === "intercept") {
      interceptWaiters.get(String(uniqId))?.((message as { error?: { message?: string } }).error);
      return;
    }
    try {
      let respData: unknown;
      if (service === "DataAPI") respData = await data(String(o.attribute ?? ""));
      else if (service === "InterfaceAPI") respData = await trigger(method, o);
      else if (service === "IparamAPI") {
        const key = o.attribute === undefined ? undefined : String(o.attribute);
        if (key !== undefined && !(key in options.iparams))
          throw new HostError(404, `No such iparam ${key}`);
        respData = key === undefined ? { ...options.iparams } : { [key]: options.iparams[key] };
      } else if (service === "InstanceAPI") respData = instance(method, o);
      else if (service === "DataStoreAPI") respData = dataStore(method, o);
      else if (service === "RequestAPI" && method === "invokeTemplate") {
        const res = await fetch(options.invokeTemplateUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: o.templateName, args: o.templateArgs ?? {} }),
        });
        const result = (await res.json()) as { ok: boolean } & Record<string, unknown>;
        const { ok, ...shape } = result;
        if (!ok) {
          post({ uniqId, service, error: shape });
          return;
        }
        respData = { status: shape.status, headers: shape.headers, response: shape.response };
      } else if (service === "RequestAPI") {
        throw new HostError(501, "Serverless functions are not available in the simulator");
      } else {
        throw new HostError(400, `Unknown service ${service}`);
      }
      post({ uniqId, service, respData });
    } catch (err) {
      const error =
        err instanceof HostError
          ? { status: err.status, message: err.message }
          : { status: 500, message: String(err) };
      post({ uniqId, service, error });
    }
  };

  const subscribed = (name: string, kind: "normal" | "intercept") =>
    (subscriptions.get(name)?.[kind] ?? 0) > 0;

  /** Sends an event to listeners (lifecycle events always reach the app). */
  const emit = (event: string, payload: unknown = {}) => {
    if (event === "app.activated" || event === "app.deactivated" || subscribed(event, "normal")) {
      post({ service: "EventAPI", event, data: payload, isIntercept: false });
    }
  };

  /** Gives intercept handlers a chance to block; then tells the plain listeners. */
  const intercept = (
    event: string,
    payload: unknown,
  ): Promise<{ allowed: boolean; message?: string }> => {
    if (!subscribed(event, "intercept")) return Promise.resolve({ allowed: true });
    sequence += 1;
    const uniqId = `evt-${sequence}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        interceptWaiters.delete(uniqId);
        resolve({ allowed: true });
      }, INTERCEPT_TIMEOUT_MS);
      interceptWaiters.set(uniqId, (error) => {
        clearTimeout(timer);
        interceptWaiters.delete(uniqId);
        resolve(
          error
            ? { allowed: false, message: error.message ?? "Blocked by an app" }
            : { allowed: true },
        );
      });
      post({ service: "EventAPI", event, data: payload, isIntercept: true, uniqId });
    });
  };

  workspace.on((change) => {
    if (change.kind !== "field") return;
    const map: Record<string, [string, (v: unknown) => unknown]> = {
      status: ["ticket.statusChanged", (v) => FD_STATUS[v as keyof typeof FD_STATUS]],
      priority: [
        "ticket.priorityChanged",
        (v) => (v ? FD_PRIORITY[v as keyof typeof FD_PRIORITY] : null),
      ],
      type: [
        "ticket.typeChanged",
        (v) => (v ? (FD_TYPES.find((t) => t.toLowerCase() === String(v)) ?? v) : null),
      ],
      groupId: ["ticket.groupChanged", (v) => v],
      assigneeId: ["ticket.agentChanged", (v) => v],
    };
    const entry = map[change.field];
    if (entry) emit(entry[0], { old: entry[1](change.old), new: entry[1](change.value) });
  });

  return { emit, intercept, subscriptions };
}
