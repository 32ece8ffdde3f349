import type { TicketContext, TicketMessage } from "@tandem/shared";
import { type ControllerCore, toReviewError } from "./controller-core";
import type { NewerTicket } from "./review-state";

/**
 * What the draft depends on: new customer messages or internal notes make it stale, the
 * agent's own public reply (or field changes the sidebar applied) do not.
 */
export function ticketFingerprint(ticket: TicketContext): string {
  const relevant = ticket.messages
    .filter((message) => !(message.author === "agent" && message.public))
    .map((message) => `${message.id}:${message.body.length}`);
  return `${ticket.subject}\u0000${relevant.join("|")}`;
}

/** Messages of `now` the draft did not see (new or edited), the agent's own public replies aside. */
export function newMessages(base: TicketContext | null, now: TicketContext): TicketMessage[] {
  const seen = new Map(base?.messages.map((message) => [message.id, message.body]) ?? []);
  return now.messages.filter(
    (message) =>
      !(message.author === "agent" && message.public) && seen.get(message.id) !== message.body,
  );
}

/**
 * Stale without loss: the customer wrote again while the agent had edits. The edits stay on
 * screen; the new message(s) and a draft for the ticket as it is now are fetched alongside, so
 * the agent can approve their reply after reading them, or switch to the new draft.
 */
export function createStaleHandler(core: ControllerCore) {
  /** The ticket the draft on screen was written for. */
  let base: TicketContext | null = null;
  let seq = 0;
  let fetchedFor: string | null = null;

  /** A draft (re)appeared on screen for `ticket`: nothing is newer than it. */
  function reset(ticket: TicketContext | null) {
    base = ticket;
    seq++;
    fetchedFor = null;
  }

  /** Drafts for the ticket as it is now, in the background; `ticket` omitted → read it. */
  async function fetchNewer(ticketNow?: TicketContext) {
    let ticket = ticketNow;
    if (!ticket) {
      try {
        ticket = await core.host.getTicket();
      } catch {
        core.set({ stale: true });
        return;
      }
    }
    const print = ticketFingerprint(ticket);
    const current = core.get().newer;
    if (print === fetchedFor && current && (current.loading || current.draft)) return;
    fetchedFor = print;
    const mine = ++seq;
    const newer: NewerTicket = {
      messages: newMessages(base, ticket),
      ticket,
      draft: null,
      loading: true,
      error: null,
    };
    core.set({ stale: true, newer });
    const agent = core.get().agent;
    try {
      const draft = await core.api.createDraft({ ticket, ...(agent ? { agent } : {}) });
      if (mine !== seq || core.isDisposed()) return;
      core.set({ newer: { ...newer, draft, loading: false } });
    } catch (error) {
      if (mine !== seq || core.isDisposed()) return;
      fetchedFor = null;
      core.set({ newer: { ...newer, loading: false, error: toReviewError(error) } });
    }
  }

  return { reset, fetchNewer };
}

export type StaleHandler = ReturnType<typeof createStaleHandler>;
