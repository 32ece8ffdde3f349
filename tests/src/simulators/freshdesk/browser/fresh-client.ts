/**
 * Our implementation of the Freshworks front-end client (what `{{{appclient}}}` loads), written
 * against the documented API (freshdesk-platform.md §2) and the MessagePort envelope of §3.2:
 * handshake with a port, then `{instanceId, uniqId, service, method, options}` requests answered
 * with `{uniqId, respData}` or `{uniqId, error}`.
 */

type Handler = (event: FwEvent) => void;
interface FwEvent {
  type: string;
  helper: { getData(): unknown; done(): void; fail(message?: string): void };
}
interface Pending {
  resolve(value: unknown): void;
  reject(reason: unknown): void;
  timer: ReturnType<typeof setTimeout>;
}

const TIMEOUTS: Record<string, number> = {
  DataAPI: 1_000,
  IparamAPI: 1_000,
  InstanceAPI: 1_000,
  InterfaceAPI: 15_000,
  RequestAPI: 31_000,
  DataStoreAPI: 15_000,
};
const LIFECYCLE = new Set(["app.activated", "app.deactivated"]);

let port: MessagePort | null = null;
let instanceId = "";
let sequence = 0;
const pending = new Map<string, Pending>();
const handlers = new Map<string, Array<{ cb: Handler; intercept: boolean }>>();
const receivers: Handler[] = [];

function send(message: Record<string, unknown>) {
  port?.postMessage({ instanceId, ...message });
}

function call(service: string, method: string, options?: unknown): Promise<unknown> {
  if (!port) return Promise.reject({ message: "The app is not initialized yet" });
  sequence += 1;
  const uniqId = `${Date.now()}:${sequence}:${Math.random().toString(36).slice(2)}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(uniqId);
      reject({ message: "Request timed out!" });
    }, TIMEOUTS[service] ?? 15_000);
    pending.set(uniqId, { resolve, reject, timer });
    send({ uniqId, service, method, options });
  });
}

function dispatch(name: string, data: unknown, intercept: boolean, uniqId?: string) {
  const list = (handlers.get(name) ?? []).filter((h) => h.intercept === intercept);
  let answered = false;
  const answer = (error?: { status: number; message: string }) => {
    if (!intercept || answered) return;
    answered = true;
    send({ uniqId, service: "EventAPI", method: "intercept", ...(error ? { error } : {}) });
  };
  for (const { cb } of list) {
    cb({
      type: name,
      helper: {
        getData: () => data,
        done: () => answer(),
        fail: (message = "Blocked by an app") => answer({ status: 500, message }),
      },
    });
  }
}

function onPortMessage(event: MessageEvent) {
  let data = event.data as Record<string, unknown>;
  if (typeof data === "string") {
    try {
      data = JSON.parse(data);
    } catch {
      return;
    }
  }
  if (!data || typeof data !== "object") return;
  if (data.service === "EventAPI" && typeof data.event === "string") {
    dispatch(data.event, data.data, data.isIntercept === true, data.uniqId as string | undefined);
    return;
  }
  if (data.service === "InstanceAPI" && data.event === "message") {
    for (const cb of receivers)
      cb({
        type: "InstanceAPI.message",
        helper: { getData: () => data.data, done() {}, fail() {} },
      });
    return;
  }
  const entry = typeof data.uniqId === "string" ? pending.get(data.uniqId) : undefined;
  if (!entry) return;
  pending.delete(data.uniqId as string);
  clearTimeout(entry.timer);
  // As in the platform client: a falsy respData is a failure.
  if (data.respData) entry.resolve(data.respData);
  else entry.reject(data.error ?? { message: "Unknown error" });
}

const client = {
  data: { get: (name: string) => call("DataAPI", "get", { attribute: name }) },
  events: {
    on(name: string, cb: Handler, options?: { intercept?: boolean }) {
      const intercept = options?.intercept === true;
      const list = handlers.get(name) ?? [];
      list.push({ cb, intercept });
      handlers.set(name, list);
      if (!LIFECYCLE.has(name))
        send({ service: "EventAPI", method: "on", options: { event: name, intercept } });
    },
    off(name: string, cb: Handler, options?: { intercept?: boolean }) {
      const intercept = options?.intercept === true;
      const list = (handlers.get(name) ?? []).filter(
        (h) => !(h.cb === cb && h.intercept === intercept),
      );
      handlers.set(name, list);
      if (!LIFECYCLE.has(name))
        send({ service: "EventAPI", method: "off", options: { event: name, intercept } });
    },
  },
  interface: {
    trigger: (method: string, options?: unknown) => call("InterfaceAPI", method, options ?? {}),
  },
  request: {
    invokeTemplate: (name: string, args?: unknown) =>
      call("RequestAPI", "invokeTemplate", { templateName: name, templateArgs: args ?? {} }),
    invoke: (methodName: string, methodParams?: unknown) =>
      call("RequestAPI", "invoke", { methodName, methodParams, feature: "backend" }),
  },
  iparams: { get: (key?: string) => call("IparamAPI", "get", key ? { attribute: key } : {}) },
  instance: {
    resize: (options: { height: string }) => call("InstanceAPI", "resize", options),
    context: () => call("InstanceAPI", "context"),
    get: () => call("InstanceAPI", "get"),
    close: () => call("InstanceAPI", "close"),
    send: (options: { message: unknown; receiver?: string | string[] }) =>
      call("InstanceAPI", "send", options),
    receive: (cb: Handler) => {
      receivers.push(cb);
    },
  },
  db: {
    get: (key: string) => call("DataStoreAPI", "fetch", { dbKey: key }),
    set: (key: string, value: unknown, options?: unknown) =>
      call("DataStoreAPI", "store", { dbKey: key, data: value, options }),
    update: (key: string, type: string, attributes: unknown) =>
      call("DataStoreAPI", "update", { dbKey: key, type, attributes }),
    delete: (key: string) => call("DataStoreAPI", "delete", { dbKey: key }),
  },
};

let resolveInit: (c: typeof client) => void = () => {};
const initialized = new Promise<typeof client>((resolve) => {
  resolveInit = resolve;
});

window.addEventListener("message", (event) => {
  if (event.source !== window.parent || port) return;
  let data = event.data as { type?: string; instanceId?: string };
  if (typeof data === "string") {
    try {
      data = JSON.parse(data);
    } catch {
      return;
    }
  }
  if (data?.type !== "iframe:handshake" || !event.ports[0]) return;
  port = event.ports[0];
  instanceId = data.instanceId ?? "";
  port.onmessage = onPortMessage;
  port.postMessage({ type: "iframe:loaded", height: document.body?.scrollHeight ?? 0 });
  resolveInit(client);
});

const app = { initialized: () => initialized };
Object.assign(window, { app, frsh_init: () => initialized });
