import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { SimTicketUpdate } from "./sim-ticket";
import type { TicketStore } from "./ticket-store";

/**
 * The helpdesk's own backend for the simulated agent page: read a ticket, submit changes, write
 * as the customer, and live updates (server-sent events) while the page is open.
 */
export function ticketRoutes(store: TicketStore): Hono {
  return new Hono()
    .get("/tickets/:id", (c) => {
      const ticket = store.get(Number(c.req.param("id")));
      if (!ticket) return c.json({ error: "not found" }, 404);
      return c.json({ ticket, directory: store.directory });
    })
    .post("/tickets/:id/save", async (c) => {
      const update = (await c.req.json().catch(() => null)) as SimTicketUpdate | null;
      if (!update || typeof update !== "object") return c.json({ error: "invalid body" }, 400);
      const saved = store.update(Number(c.req.param("id")), update);
      return saved ? c.json({ ticket: saved }) : c.json({ error: "not found" }, 404);
    })
    .post("/tickets/:id/customer-message", async (c) => {
      const body = (await c.req.json().catch(() => null)) as { text?: unknown } | null;
      const text = typeof body?.text === "string" ? body.text.trim() : "";
      if (!text) return c.json({ error: "text is required" }, 400);
      if (text.length > 20_000) return c.json({ error: "text is too long" }, 413);
      const message = store.addCustomerMessage(Number(c.req.param("id")), text);
      return message ? c.json({ message }, 201) : c.json({ error: "not found" }, 404);
    })
    .get("/tickets/:id/events", (c) => {
      const id = Number(c.req.param("id"));
      return streamSSE(c, async (stream) => {
        const queue: string[] = [];
        let wake: (() => void) | null = null;
        const unsubscribe = store.subscribe((event) => {
          if (event.ticketId !== id) return;
          queue.push(JSON.stringify(event));
          wake?.();
        });
        stream.onAbort(() => {
          unsubscribe();
          wake?.();
        });
        while (!stream.aborted) {
          const next = queue.shift();
          if (next) {
            await stream.writeSSE({ data: next });
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 15_000);
          });
          wake = null;
          if (!queue.length && !stream.aborted) await stream.writeSSE({ event: "ping", data: "" });
        }
      });
    });
}
