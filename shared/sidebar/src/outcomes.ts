import type { OutcomesRequestInput } from "@tandem/shared";
import { isTandemApiError } from "./api";
import type { ControllerCore } from "./controller-core";
import { withHostResults } from "./decided";
import { ticketHolds } from "./form-check";
import type { HostActionResult, HostApplyResult } from "./host";

/** Delays before re-sending a lost outcomes report (a network blip must not make analytics lie). */
export const OUTCOME_RETRY_MS = [5_000, 30_000];

/** Answers that say the report itself is wrong (or not allowed): sending it again cannot help. */
const FINAL = new Set(["BAD_REQUEST", "NOT_FOUND", "CONFLICT", "FORBIDDEN", "UNAUTHORIZED"]);

/**
 * Tells the server what the helpdesk did after a decision (`POST /v1/drafts/:id/outcomes`): the
 * reply insert, and per approved field action applied, staged or failed; later, that staged
 * changes were saved. Also keeps the decided state's counts true to those results.
 */
export function createOutcomeReporter(core: ControllerCore) {
  const retryTimers = new Set<unknown>();

  function send(draftId: string, request: OutcomesRequestInput, attempt = 0) {
    core.api.reportOutcomes(draftId, request).catch((error) => {
      if (core.isDisposed() || attempt >= OUTCOME_RETRY_MS.length) return;
      if (isTandemApiError(error) && FINAL.has(error.code)) return;
      const timer = core.timers.set(() => {
        retryTimers.delete(timer);
        send(draftId, request, attempt + 1);
      }, OUTCOME_RETRY_MS[attempt] ?? 30_000);
      retryTimers.add(timer);
    });
  }

  /** Reports what just happened; only field actions (business ones the server runs itself). */
  function report(
    draftId: string,
    reply: { inserted: boolean; error?: string } | undefined,
    results: HostActionResult[],
  ) {
    if (!reply && results.length === 0) return;
    send(draftId, {
      ...(reply ? { reply } : {}),
      actions: results.map((result) => ({
        id: result.id,
        result: result.result,
        ...(result.result === "failed" && result.error ? { error: result.error } : {}),
      })),
    });
  }

  /** Merges host results into the decided state (counts included); a result settles "lost". */
  function mergeResults(results: Array<{ id: string; result: HostApplyResult }>) {
    const { decided } = core.get();
    if (!decided || results.length === 0) return;
    const settled = new Set(results.map((entry) => entry.id));
    core.set({
      decided: {
        ...withHostResults(decided, results),
        notInForm: decided.notInForm.filter((id) => !settled.has(id)),
        unconfirmed: decided.unconfirmed.filter((id) => !settled.has(id)),
      },
    });
  }

  const stagedIds = () =>
    Object.entries(core.get().decided?.hostResults ?? {})
      .filter(([, result]) => result === "staged")
      .map(([id]) => id);

  /**
   * The agent saved the ticket: staged changes (those the host names, else all) are saved now —
   * each one the ticket confirms (its value is there), or that cannot be read back (a macro, a
   * note). Changes the form had lost count only where the ticket now shows them (the agent set
   * them by hand). Reported as applied.
   */
  async function ticketSaved(actionIds?: readonly string[]) {
    const { decided, draft } = core.get();
    if (!decided || !draft || decided.kind !== "approved") return;
    const covered = actionIds ? new Set(actionIds) : null;
    const staged = stagedIds().filter((id) => !covered || covered.has(id));
    const lost = decided.notInForm;
    if (staged.length === 0 && lost.length === 0) return;
    let ticket: Awaited<ReturnType<typeof core.host.getTicket>> | null = null;
    try {
      ticket = await core.host.getTicket();
    } catch {
      // The host said it saved; without the ticket to compare, trust it for staged changes.
    }
    const actionOf = (id: string) =>
      decided.decision.actions.find((candidate) => candidate.id === id);
    const confirmed = staged.filter((id) => {
      const action = actionOf(id);
      if (!ticket || !action) return true;
      return ticketHolds(action, ticket, core.t) !== false;
    });
    const found = lost.filter((id) => {
      const action = actionOf(id);
      return (
        ticket !== null && action !== undefined && ticketHolds(action, ticket, core.t) === true
      );
    });
    // Re-read: another save, the sent reply or "Set again" may have settled some meanwhile.
    const current = core.get().decided;
    if (current?.decision.id !== decided.decision.id) return;
    const still = new Set([...stagedIds(), ...current.notInForm]);
    const applied = [...confirmed, ...found]
      .filter((id) => still.has(id))
      .map((id) => ({ id, result: "applied" as const }));
    if (applied.length === 0) return;
    mergeResults(applied);
    report(draft.id, undefined, applied);
  }

  /** The reply was sent, so the ticket was submitted: the server confirms staged ones itself. */
  function replySent() {
    mergeResults(stagedIds().map((id) => ({ id, result: "applied" as const })));
  }

  function dispose() {
    for (const timer of retryTimers) core.timers.clear(timer);
    retryTimers.clear();
  }

  return { report, mergeResults, ticketSaved, replySent, dispose };
}

export type OutcomeReporter = ReturnType<typeof createOutcomeReporter>;
