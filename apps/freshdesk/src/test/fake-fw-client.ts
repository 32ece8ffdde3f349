/** A scriptable stand-in for the Freshworks client (`app.initialized()`), recording every call. */
import type {
  FwClient,
  FwEvent,
  FwEventHandler,
  FwInvokeOptions,
  FwInvokeResult,
  FwLoggedInUserData,
  FwRequesterData,
  FwTicketData,
} from "../host/freshworks";

export type TemplateHandler = (
  options: FwInvokeOptions,
) => FwInvokeResult | Promise<FwInvokeResult>;

export interface FakeFwClient extends FwClient {
  ticket: FwTicketData;
  requester: FwRequesterData;
  loggedInUser: FwLoggedInUserData;
  iparamValues: Record<string, unknown>;
  templates: Record<string, TemplateHandler>;
  invoked: Array<{ name: string; options: FwInvokeOptions }>;
  triggered: Array<{ method: string; options: Record<string, unknown> | undefined }>;
  /** `trigger` calls to reject: `"click:reply"`, `"setValue:agent"` … */
  rejectTriggers: Set<string>;
  heights: string[];
  emit(name: string, data?: unknown): void;
  listeners(name: string): number;
}

export const json = (status: number, body: unknown): FwInvokeResult => ({
  status,
  headers: { "content-type": "application/json" },
  response: JSON.stringify(body),
});

export function createFakeFwClient(): FakeFwClient {
  const handlers = new Map<string, Set<FwEventHandler>>();
  const client: FakeFwClient = {
    ticket: {
      id: 4242,
      subject: "Refund for ORD-550871",
      description: "<div>My order arrived <b>broken</b>.</div>",
      description_text: "My order arrived broken.",
      status: 2,
      priority: 2,
      source: 1,
      type: "Question",
      requester_id: 900,
      responder_id: 5,
      group_id: 12,
      tags: ["vip"],
      custom_fields: { cf_order: "ORD-550871", cf_nested: { a: 1 } },
      created_at: "2025-01-10T09:00:00Z",
    },
    requester: { id: 900, name: "Marta García", email: "marta@example.com", language: "es" },
    loggedInUser: {
      id: 77,
      contact: { name: "Ana Agent", email: "ana@example.com", language: "en" },
    },
    iparamValues: { tandem_host: "tandem.example.com", freshdesk_subdomain: "acme" },
    templates: {
      freshdeskListConversations: () => json(200, []),
    },
    invoked: [],
    triggered: [],
    rejectTriggers: new Set(),
    heights: [],
    data: {
      async get(name) {
        const value = {
          ticket: client.ticket,
          requester: client.requester,
          loggedInUser: client.loggedInUser,
        }[name];
        return { [name]: structuredClone(value) } as never;
      },
    },
    events: {
      on(name, handler) {
        const set = handlers.get(name) ?? new Set();
        set.add(handler);
        handlers.set(name, set);
      },
      off(name, handler) {
        handlers.get(name)?.delete(handler);
      },
    },
    interface: {
      async trigger(method, options) {
        client.triggered.push({ method, options });
        const id = typeof options?.id === "string" ? options.id : "";
        if (client.rejectTriggers.has(`${method}:${id}`)) throw { message: "Not supported" };
        return { success: true };
      },
    },
    request: {
      async invokeTemplate(name, options = {}) {
        client.invoked.push({ name, options });
        const handler = client.templates[name];
        if (!handler)
          throw { status: 400, message: `Template ${name} not found`, errorSource: "APP" };
        const result = await handler(options);
        if (result.status >= 400 || result.status === 0) throw result;
        return result;
      },
    },
    iparams: {
      async get() {
        return { ...client.iparamValues };
      },
    },
    instance: {
      resize({ height }) {
        client.heights.push(height);
        return Promise.resolve();
      },
    },
    emit(name, data) {
      const event: FwEvent = { type: name, helper: { getData: () => data } };
      for (const handler of handlers.get(name) ?? []) handler(event);
    },
    listeners(name) {
      return handlers.get(name)?.size ?? 0;
    },
  };
  return client;
}
