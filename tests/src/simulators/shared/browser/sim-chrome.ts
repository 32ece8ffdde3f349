import type { SimMessage } from "../sim-ticket";
import { h } from "./dom";
import { sanitizeHtml } from "./sanitize";

export interface ProtocolLog {
  add(direction: "in" | "out" | "note", text: string): void;
  entries(): Array<{ direction: string; text: string; at: number }>;
}

/** A bounded log of protocol messages, shown in the simulator drawer and read by tests. */
export function createProtocolLog(list: HTMLElement): ProtocolLog {
  const entries: Array<{ direction: string; text: string; at: number }> = [];
  return {
    add(direction, text) {
      const entry = { direction, text, at: Date.now() };
      entries.push(entry);
      if (entries.length > 500) entries.shift();
      const arrow = direction === "in" ? "app → host" : direction === "out" ? "host → app" : "note";
      list.prepend(
        h("li", { class: `log-${direction}` }, h("span", { class: "log-dir" }, arrow), text),
      );
      while (list.childElementCount > 200) list.lastElementChild?.remove();
    },
    entries: () => [...entries],
  };
}

export function toastRegion(): {
  element: HTMLElement;
  show(kind: string, text: string, title?: string): void;
} {
  const element = h("div", { class: "toasts", role: "status", "aria-live": "polite" });
  return {
    element,
    show(kind, text, title) {
      const toast = h(
        "div",
        { class: `toast toast-${kind}` },
        title ? h("strong", {}, title) : null,
        h("span", {}, text),
      );
      element.append(toast);
      setTimeout(() => toast.remove(), 6000);
    },
  };
}

export function conversationList(messages: SimMessage[], customerLabel: string): HTMLElement {
  return h(
    "ol",
    { class: "conversation", "aria-label": "Conversation" },
    ...messages.map((m) => {
      const body = h("div", { class: "message-body" });
      body.innerHTML = sanitizeHtml(m.html);
      const who =
        m.author === "customer" ? customerLabel : m.author === "agent" ? "Agent" : "System";
      return h(
        "li",
        {
          class: `message message-${m.author}${m.public ? "" : " message-internal"}`,
          "data-message-id": m.id,
        },
        h(
          "div",
          { class: "message-meta" },
          h("strong", {}, m.authorName),
          h("span", { class: "badge" }, m.public ? who : "Internal note"),
          h("time", { datetime: m.createdAt }, new Date(m.createdAt).toLocaleString("en-GB")),
        ),
        body,
      );
    }),
  );
}

/**
 * The simulator's own controls (not part of the helpdesk): switch tickets, write as the
 * customer, read the protocol log.
 */
export function simulatorDrawer(options: {
  tickets: Array<{ id: number; subject: string }>;
  ticketId: number;
  ticketHref: (id: number) => string;
  links: Array<{ label: string; href: string }>;
  onCustomerMessage: (text: string) => Promise<void>;
}): { element: HTMLElement; log: ProtocolLog } {
  const logList = h("ol", { class: "log", "aria-label": "Protocol log" });
  const log = createProtocolLog(logList);
  const textarea = h("textarea", {
    id: "sim-customer-message",
    rows: 3,
    placeholder: "e.g. Any update? I also need the invoice.",
  });
  const status = h("span", { class: "sim-status", role: "status" });
  const send = h(
    "button",
    {
      type: "button",
      class: "sim-button",
      onclick: async () => {
        const text = textarea.value.trim();
        if (!text) {
          status.textContent = "Write the customer's message first.";
          return;
        }
        send.setAttribute("disabled", "");
        try {
          await options.onCustomerMessage(text);
          textarea.value = "";
          status.textContent = "Customer message added.";
        } catch (err) {
          status.textContent = `Could not add the message: ${(err as Error).message}`;
        } finally {
          send.removeAttribute("disabled");
        }
      },
    },
    "Add customer message",
  );
  const switcher = h(
    "select",
    {
      id: "sim-ticket-switcher",
      onchange: (e: Event) => {
        location.href = options.ticketHref(Number((e.target as HTMLSelectElement).value));
      },
    },
    ...options.tickets.map((t) =>
      h("option", { value: t.id, selected: t.id === options.ticketId }, `#${t.id} ${t.subject}`),
    ),
  );
  const element = h(
    "aside",
    { class: "sim-drawer", "aria-label": "Simulator controls" },
    h(
      "div",
      { class: "sim-row" },
      h("label", { for: "sim-ticket-switcher" }, "Ticket"),
      switcher,
      ...options.links.map((l) => h("a", { href: l.href, class: "sim-link" }, l.label)),
    ),
    h(
      "div",
      { class: "sim-row sim-customer" },
      h("label", { for: "sim-customer-message" }, "Write as the customer"),
      textarea,
      send,
      status,
    ),
    h("details", { class: "sim-log" }, h("summary", {}, "Protocol log"), logList),
  );
  return { element, log };
}

/** Server-sent ticket updates for the open page. */
export function subscribeTicketEvents(
  url: string,
  onTicket: (ticket: import("../sim-ticket").SimTicket) => void,
): void {
  const source = new EventSource(url);
  source.onmessage = (event) => {
    const data = JSON.parse(event.data) as {
      kind: string;
      ticket?: import("../sim-ticket").SimTicket;
    };
    if (data.kind === "updated" && data.ticket) onTicket(data.ticket);
  };
}
