import { randomUUID } from "node:crypto";
import { type ApprovalClient, createApprovalClient } from "@tandem/approvals-client";
import type { ApprovalRequest } from "@tandem/shared";
import { Hono } from "hono";
import OpenAI from "openai";
import { createBookingAgent } from "../examples/booking-agent";
import { ticketFrom } from "../simulators/shared/sample-data";
import type { TicketStore } from "../simulators/shared/ticket-store";
import type { BookingSystem } from "./booking-system";
import { DEMO_TRAVELLER } from "./demo-data";
import { travelPageHtml } from "./travel-page";

/**
 * The travel-booking demo: a customer chats with "Trip bot" (an OpenAI Agents SDK agent driven by
 * the scripted model); when it wants to change booking dates it consults a human through Tandem.
 * The request shows up in the simulated Zendesk sidebar of the chat's ticket; the human's
 * decision runs (or not) the `change_booking_dates` action and the bot tells the customer.
 */

export interface ChatLine {
  from: "customer" | "bot" | "system";
  text: string;
  at: string;
}

export interface ChatSession {
  id: string;
  /** The Zendesk ticket the chat is logged to (created with the first customer message). */
  ticketId: number | null;
  lines: ChatLine[];
  busy: boolean;
  approval: { id: string; status: ApprovalRequest["status"] } | null;
  turns: number;
}

export interface TravelDemoOptions {
  tandemUrl: string;
  /** A `bot`-scoped token of the Zendesk demo installation. */
  botToken: string;
  /** OpenAI-compatible base URL of the scripted model (ends in /v1). */
  modelUrl: string;
  store: TicketStore;
  bookings: BookingSystem;
  /** Allocates the next chat ticket id (persisted, so ids are never reused across runs). */
  nextTicketId(): number;
  /** Where the agent's view of a ticket is, e.g. `/zendesk/tickets/7`. */
  ticketPath(ticketId: number): string;
  /** Aborted on shutdown: pending long-polls end at once. */
  signal: AbortSignal;
  decisionTimeoutMs?: number;
}

const MAX_SESSIONS = 200;

export function createTravelDemo(options: TravelDemoOptions) {
  const sessions = new Map<string, ChatSession>();
  const running = new Set<Promise<void>>();
  const tandem = createApprovalClient({
    baseUrl: options.tandemUrl,
    token: options.botToken,
    fetch: (input, init) => fetch(input, { ...init, signal: options.signal }),
  });

  const say = (session: ChatSession, from: ChatLine["from"], text: string) => {
    session.lines.push({ from, text, at: new Date().toISOString() });
  };

  function newSession(): ChatSession {
    // Each chat starts from the traveller's original booking, so the demo can be replayed.
    options.bookings.restore(DEMO_TRAVELLER.bookingId);
    const booking = options.bookings.get(DEMO_TRAVELLER.bookingId);
    const session: ChatSession = {
      id: randomUUID(),
      ticketId: null,
      lines: [],
      busy: false,
      approval: null,
      turns: 0,
    };
    say(
      session,
      "bot",
      `Hi ${DEMO_TRAVELLER.name.split(" ")[0]}, I'm Trip bot. You're signed in, and I can see your booking ` +
        `${booking?.id}: ${booking?.property}, ${booking?.checkIn} to ${booking?.checkOut}. How can I help?`,
    );
    if (sessions.size >= MAX_SESSIONS) {
      const oldest = sessions.keys().next().value;
      if (oldest) sessions.delete(oldest);
    }
    sessions.set(session.id, session);
    return session;
  }

  /** Logs the customer's words to the helpdesk ticket, as chat integrations do. */
  function logToTicket(session: ChatSession, text: string) {
    if (session.ticketId === null) {
      const id = options.nextTicketId();
      session.ticketId = id;
      options.store.put(
        ticketFrom(
          {
            id,
            subject: `Chat with Trip bot: ${DEMO_TRAVELLER.name} (${DEMO_TRAVELLER.bookingId})`,
            requester: {
              id: DEMO_TRAVELLER.id,
              name: DEMO_TRAVELLER.name,
              email: DEMO_TRAVELLER.email,
              locale: DEMO_TRAVELLER.locale,
            },
            tags: ["chat", "trip_bot", "booking"],
            messages: [{ from: "customer", text, minutesAgo: 0 }],
          },
          options.store.directory,
        ),
      );
    } else {
      options.store.addCustomerMessage(session.ticketId, text);
    }
  }

  /** The bot's Tandem client, narrating the consultation in the chat. */
  function narratingClient(session: ChatSession): ApprovalClient {
    return {
      async requestApproval(input) {
        const request = await tandem.requestApproval(input);
        session.approval = { id: request.id, status: request.status };
        say(
          session,
          "bot",
          "Changing dates needs a quick check by one of my human colleagues (overlapping stays, " +
            "rates). I've sent them the request; I'll confirm here as soon as they decide.",
        );
        say(
          session,
          "system",
          `Approval request sent to the helpdesk on ticket #${session.ticketId}`,
        );
        return request;
      },
      getApproval: (id) => tandem.getApproval(id),
      async waitForDecision(id, waitOptions) {
        const decided = await tandem.waitForDecision(id, {
          ...waitOptions,
          signal: options.signal,
        });
        session.approval = { id, status: decided.status };
        const who = decided.decision?.agent.name;
        say(
          session,
          "system",
          decided.status === "pending"
            ? "No decision yet: the bot stopped waiting"
            : `${who ?? "The helpdesk"} ${decided.decision?.outcome === "rejected" ? "rejected" : "approved"} the request (${decided.status})`,
        );
        return decided;
      },
    };
  }

  async function botTurn(session: ChatSession, text: string) {
    const booking = options.bookings.get(DEMO_TRAVELLER.bookingId);
    if (!booking || session.ticketId === null) return;
    const agent = createBookingAgent({
      openai: new OpenAI({ apiKey: "scripted-demo-model", baseURL: options.modelUrl }),
      model: "trip-bot-scripted",
      tandem: narratingClient(session),
      ticketId: String(session.ticketId),
      requestedBy: { id: "trip-bot", name: "Trip bot" },
      currentBooking: {
        bookingId: booking.id,
        checkIn: booking.checkIn,
        checkOut: booking.checkOut,
      },
      decisionTimeoutMs: options.decisionTimeoutMs ?? 10 * 60_000,
    });
    // The session context a real bot has after authenticating the customer.
    const input =
      `Context (authenticated session): ${DEMO_TRAVELLER.name}, booking ${booking.id} at ` +
      `${booking.property}, check-in ${booking.checkIn}, check-out ${booking.checkOut}.\n\n` +
      `Customer: ${text}`;
    session.turns += 1;
    const result = await agent.converse(input, `${session.id}:${session.turns}`);
    if (!options.signal.aborted) say(session, "bot", result.reply);
  }

  const app = new Hono()
    .get("/", (c) => c.html(travelPageHtml()))
    .post("/api/sessions", (c) => c.json(publicSession(newSession()), 201))
    .get("/api/sessions/:id", (c) => {
      const session = sessions.get(c.req.param("id"));
      return session ? c.json(publicSession(session)) : c.json({ error: "no such chat" }, 404);
    })
    .post("/api/sessions/:id/messages", async (c) => {
      const session = sessions.get(c.req.param("id"));
      if (!session) return c.json({ error: "no such chat" }, 404);
      const body = (await c.req.json().catch(() => null)) as { text?: unknown } | null;
      const text = typeof body?.text === "string" ? body.text.trim() : "";
      if (!text) return c.json({ error: "text is required" }, 400);
      if (text.length > 2_000) return c.json({ error: "text is too long" }, 413);
      if (session.busy) return c.json({ error: "Trip bot is still answering" }, 409);
      session.busy = true;
      say(session, "customer", text);
      logToTicket(session, text);
      const turn = botTurn(session, text)
        .catch((error: unknown) => {
          if (options.signal.aborted) return;
          say(
            session,
            "bot",
            "Sorry, something went wrong on my side. A colleague will follow up with you by email.",
          );
          say(session, "system", `Bot error: ${error instanceof Error ? error.message : error}`);
        })
        .finally(() => {
          session.busy = false;
          running.delete(turn);
        });
      running.add(turn);
      return c.json(publicSession(session), 202);
    });

  function publicSession(session: ChatSession) {
    return {
      ...session,
      ticketUrl: session.ticketId === null ? null : options.ticketPath(session.ticketId),
      booking: options.bookings.get(DEMO_TRAVELLER.bookingId) ?? null,
    };
  }

  return {
    app,
    sessions,
    /** Waits for bot turns still running (after `signal` aborted they end quickly). */
    settle: () => Promise.allSettled([...running]),
  };
}
