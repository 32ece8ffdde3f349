import type { ZafClient, ZafRequestOptions, ZafResult } from "../src/host/zaf-types";

type Handler = (payload: unknown) => unknown;

/** A recording ZAF client: `values` answers `get`, and every set/invoke/request is kept. */
export function createFakeZaf(values: Record<string, unknown> = {}) {
  const handlers = new Map<string, Set<Handler>>();
  const calls = {
    set: [] as Array<[string, unknown]>,
    invoke: [] as Array<[string, unknown[]]>,
    request: [] as ZafRequestOptions[],
  };
  const failures = new Map<string, string>();
  let respond: (options: ZafRequestOptions) => Promise<unknown> = async () => ({
    status: 200,
    responseJSON: {},
  });
  const client: ZafClient = {
    async get(paths) {
      const list = Array.isArray(paths) ? paths : [paths];
      const result: ZafResult = { errors: {} };
      for (const path of list) {
        if (path in values) result[path] = values[path];
        else if (!Array.isArray(paths)) throw new Error(`"${path}" No such Api`);
        else (result.errors as Record<string, unknown>)[path] = { message: "No such Api" };
      }
      return result;
    },
    async set(path, value) {
      if (failures.has(path)) throw new Error(failures.get(path));
      calls.set.push([path, value]);
      return { [path]: value, errors: {} };
    },
    async invoke(name, ...args) {
      if (failures.has(name)) throw new Error(failures.get(name));
      calls.invoke.push([name, args]);
      return { [name]: null, errors: {} };
    },
    async request(options) {
      calls.request.push(options);
      return respond(options);
    },
    on(event, handler) {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)?.add(handler);
    },
    off(event, handler) {
      handlers.get(event)?.delete(handler);
    },
    async context() {
      return { location: String(values.__location ?? "ticket_sidebar"), product: "support" };
    },
    async metadata() {
      return { settings: (values.__settings as Record<string, unknown>) ?? {} };
    },
  };
  return {
    client,
    values,
    calls,
    failures,
    fire(event: string, payload?: unknown) {
      for (const handler of handlers.get(event) ?? []) handler(payload);
    },
    subscribers: (event: string) => handlers.get(event)?.size ?? 0,
    respondWith(fn: (options: ZafRequestOptions) => Promise<unknown>) {
      respond = fn;
    },
  };
}

export const zafTicket = {
  id: 4242,
  subject: "Reembolso del pedido ORD-550871",
  description: "Hola, quiero un reembolso.",
  status: "open",
  priority: "normal",
  type: "question",
  tags: ["vip"],
  createdAt: "2025-01-10T09:00:00Z",
  requester: { id: 900, name: "Marta García", email: "marta@example.com", locale: "es" },
  assignee: { user: { id: 77, name: "Ana Agent" }, group: { id: 5, name: "Tier 1" } },
};

export const zafConversation = [
  {
    author: { id: 900, name: "Marta García", role: "end-user" },
    channel: { name: "email" },
    message: {
      content: "<p>Hola, quiero un reembolso del pedido ORD-550871.</p>",
      contentType: "text/html",
    },
    timestamp: "2025-01-10T09:00:00Z",
  },
  {
    author: { id: 78, name: "Bo Agent", role: "agent" },
    channel: { name: "internal" },
    message: { content: "Check the order first", contentType: "text/plain" },
    timestamp: "2025-01-10T09:05:00Z",
  },
];
