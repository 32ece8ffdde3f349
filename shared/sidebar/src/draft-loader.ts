import type { Agent, Draft, TicketContext } from "@tandem/shared";
import type { ApprovalPoller } from "./approval-poller";
import { type ControllerCore, toReviewError } from "./controller-core";
import type { ExecutionTracker } from "./execution-tracker";
import type { OutcomeReporter } from "./outcomes";
import { hasDraftEdits } from "./review-selectors";
import { draftShown, loadFailed, loadStarted } from "./review-transitions";
import { type StaleHandler, ticketFingerprint } from "./stale";

export interface LoadOptions {
  refresh?: boolean;
  instruction?: string;
  keepDraft?: boolean;
  /** A new customer message: keep the stale draft on screen while its successor is drafted. */
  redraft?: boolean;
}

/**
 * Which draft is on screen, and whether the ticket has moved on since: loads the draft for the
 * open ticket (and its approval requests), puts it on screen as the server answered it, and when
 * the ticket changes drafts again — or, when the agent has edits, fetches the newer draft
 * alongside so they choose.
 */
export function createDraftLoader(
  core: ControllerCore,
  parts: {
    newKey: () => string;
    outcomes: OutcomeReporter;
    executions: ExecutionTracker;
    approvals: ApprovalPoller;
    stale: StaleHandler;
  },
) {
  const { api, host, t } = core;
  const { outcomes, executions, approvals, stale } = parts;
  /** Drafts already reported shown (analytics): once each. */
  const shown = new Set<string>();
  let loadSeq = 0;
  /** The idempotency key of a decision on the draft on screen: new with every draft shown. */
  let decisionKey = "";
  /** The ticket as the draft on screen (or the decision) saw it. */
  let fingerprint = "";
  /** The ticket changed while a load or decision was running: compare again afterwards. */
  let recheck = false;
  let redraftFingerprint: string | null = null;

  function markShown(draft: Draft) {
    if (shown.has(draft.id)) return;
    shown.add(draft.id);
    api.markShown(draft.id, core.get().agent ?? undefined).catch(() => {
      // Analytics only: a lost "shown" must never disturb the agent.
    });
  }

  function showDraft(
    draft: Draft,
    ticket: TicketContext,
    opts: { updated: boolean; partialTicket: boolean },
  ) {
    decisionKey = parts.newKey();
    fingerprint = ticketFingerprint(ticket);
    redraftFingerprint = null;
    stale.reset(ticket);
    const { patch, restoredResults } = draftShown(core.get(), draft, ticket, opts, t);
    core.set(patch);
    if (restoredResults) outcomes.report(draft.id, undefined, restoredResults);
    if (draft.decision) executions.trackDecision(draft, draft.decision, ticket);
    else if (patch.phase === "ready") markShown(draft);
  }

  async function load(opts: LoadOptions) {
    if (core.get().missingSettings.length > 0) {
      core.set({ phase: "not_configured" });
      return;
    }
    const seq = ++loadSeq;
    const keep = (opts.keepDraft || opts.redraft) === true && core.get().draft !== null;
    core.set(loadStarted(keep, opts.redraft === true));
    recheck = false;
    try {
      const [ticket, user] = await Promise.all([host.getTicket(), host.getCurrentUser()]);
      if (seq !== loadSeq) return;
      const partialTicket = host.lastTicketPartial?.() ?? false;
      const agent: Agent = { id: user.id, name: user.name };
      core.set({ agent });
      approvals.refresh(ticket.id);
      const draft = await api.createDraft({
        ticket,
        agent,
        ...(opts.instruction ? { instruction: opts.instruction } : {}),
        ...(opts.refresh ? { refresh: true } : {}),
      });
      if (seq !== loadSeq) return;
      showDraft(draft, ticket, { updated: opts.redraft === true, partialTicket });
    } catch (error) {
      if (seq !== loadSeq) return;
      redraftFingerprint = null;
      const failed = { redraft: opts.redraft === true, keptDraft: keep };
      core.set(loadFailed(core.get(), toReviewError(error), failed));
    }
    if (seq === loadSeq && recheck) void onTicketChanged();
  }

  /**
   * The ticket moved on (new customer message, or the server said STALE_DRAFT). Without edits,
   * draft again for the new revision at once; with edits, keep them and fetch the new messages
   * and their draft alongside (`newer`), so the agent chooses. `ticketNow` null → read it.
   */
  function redraft(ticketNow: TicketContext | null) {
    const state = core.get();
    if (state.phase !== "ready") return;
    if (hasDraftEdits(state)) {
      void stale.fetchNewer(ticketNow ?? undefined);
      return;
    }
    const print = ticketNow ? ticketFingerprint(ticketNow) : null;
    if (state.busy === "redrafting" && redraftFingerprint === print) return;
    if (state.busy !== null && state.busy !== "redrafting") return;
    redraftFingerprint = print;
    void load({ redraft: true });
  }

  async function onTicketChanged() {
    const before = core.get();
    if (before.phase === "loading" || (before.busy !== null && before.busy !== "redrafting")) {
      recheck = true;
      return;
    }
    const { phase } = before;
    if (phase !== "ready" && phase !== "decided" && phase !== "no_reply_needed") return;
    let ticket: TicketContext;
    try {
      ticket = await host.getTicket();
    } catch {
      return;
    }
    const changed = ticketFingerprint(ticket) !== fingerprint;
    const state = core.get();
    if (phase === "no_reply_needed") {
      // The customer wrote again: now there is something to answer (nothing typed to keep).
      if (changed && state.phase === "no_reply_needed") void load({});
      return;
    }
    const isStale = state.stale || changed;
    // Keep the ticket the decision was made against once decided, so "before" values stay true.
    if (state.phase === "ready" && state.busy === null) core.set({ ticket, stale: isStale });
    else if (isStale !== state.stale) core.set({ stale: isStale });
    if (changed) redraft(ticket);
  }

  function regenerate(instruction?: string): Promise<void> {
    const state = core.get();
    if (state.busy !== null && state.busy !== "regenerating") return Promise.resolve();
    const text = (instruction ?? state.instruction).trim();
    return load({
      refresh: true,
      keepDraft: state.phase === "ready" || state.phase === "decided",
      ...(text ? { instruction: text } : {}),
    }).then(() => {
      const after = core.get();
      if (after.phase === "ready" && after.inlineError === null) core.set({ instruction: "" });
    });
  }

  /** Stale: the newer draft instead of the one on screen (its edits are dropped). */
  async function useNewDraft() {
    const state = core.get();
    if (state.phase !== "ready" || state.busy !== null) return;
    const newer = state.newer;
    if (newer?.draft) {
      showDraft(newer.draft, newer.ticket, { updated: true, partialTicket: state.partialTicket });
      return;
    }
    if (newer?.loading) return;
    await load({});
  }

  return {
    load,
    regenerate,
    useNewDraft,
    onTicketChanged,
    decisionKey: () => decisionKey,
    /** A decision was made against `ticket` (the newer one the agent read): nothing is newer. */
    decidedOn(ticket: TicketContext) {
      fingerprint = ticketFingerprint(ticket);
      stale.reset(ticket);
    },
    /** The server refused a decision as stale: draft again (or fetch the newer one) right away. */
    redraftStale() {
      recheck = false;
      redraft(null);
    },
    /** After a decision: the ticket changed while it ran, so compare again. */
    recheckTicket() {
      if (recheck) void onTicketChanged();
    },
  };
}

export type DraftLoader = ReturnType<typeof createDraftLoader>;
