import { BuiltInActionTypes, type Draft, type TicketContext } from "@tandem/shared";
import { type ControllerCore, messageOf } from "./controller-core";
import { hostCounts, withHostResults } from "./decided";
import { describeAction } from "./describe-action";
import type { HostAction, HostActionResult, HostClient } from "./host";
import type { Translator } from "./i18n";
import type { ActionFailure, DecidedInfo } from "./review-state";

/** Field actions whose effect can be read back from the ticket (macros and notes cannot). */
export const VERIFIABLE_FIELD_ACTIONS: ReadonlySet<string> = new Set(
  BuiltInActionTypes.filter((type) => type !== "apply_macro" && type !== "add_internal_note"),
);

/**
 * Whether the ticket as the host reads it (its form) holds what the action sets; null when the
 * action's effect cannot be read back.
 */
export function ticketHolds(
  action: Pick<HostAction, "type" | "params">,
  ticket: TicketContext,
  t: Translator,
): boolean | null {
  if (!VERIFIABLE_FIELD_ACTIONS.has(action.type)) return null;
  return describeAction(action, ticket, t).unchanged;
}

/** The failed ones among host results, as failures "Retry failed actions" retries. */
export function hostFailures(results: HostActionResult[]): ActionFailure[] {
  return results
    .filter((result) => result.result === "failed")
    .map((result) => ({ id: result.id, message: result.error ?? "failed", retryable: true }));
}

/** Applies field actions on the host; a host that throws fails them all, with its words. */
export async function applyOnHost(
  host: HostClient,
  actions: HostAction[],
): Promise<HostActionResult[]> {
  if (actions.length === 0) return [];
  try {
    return await host.applyActions(actions);
  } catch (error) {
    return actions.map((action) => ({
      id: action.id,
      result: "failed" as const,
      error: messageOf(error),
    }));
  }
}

export interface RestoredFormCheck {
  decided: DecidedInfo;
  /** Held by the ticket: saved meanwhile (reported `applied`). */
  applied: string[];
  /** Not held by the ticket any more (reported `failed`, so a later "sent" never counts them). */
  missing: string[];
}

/**
 * A decided draft opened again (reload, reopened ticket). A real page reload loses what was only
 * set in the form, so each approved field action the server knows as staged, or never heard of,
 * is compared with the ticket: held → saved; not held → "not in the form any more" (Set again);
 * not readable (macro, note) → unconfirmed. Never "set in the form" on trust.
 */
export function checkRestoredForm(
  draft: Draft,
  decided: DecidedInfo,
  ticket: TicketContext,
  t: Translator,
): RestoredFormCheck {
  if (!decided.restored || decided.kind !== "approved") {
    return { decided, applied: [], missing: [] };
  }
  const hostResults = { ...decided.hostResults };
  const applied: string[] = [];
  const missing: string[] = [];
  const unconfirmed: string[] = [];
  for (const action of decided.decision.actions) {
    if (action.outcome === "rejected") continue;
    const proposed = draft.actions.find((candidate) => candidate.id === action.id);
    if (proposed?.kind !== "field") continue;
    const result = hostResults[action.id];
    if (result === "applied" || result === "failed") continue;
    const holds = ticketHolds(action, ticket, t);
    if (holds === true) {
      hostResults[action.id] = "applied";
      applied.push(action.id);
      continue;
    }
    delete hostResults[action.id];
    (holds === false ? missing : unconfirmed).push(action.id);
  }
  return {
    decided: {
      ...decided,
      hostResults,
      ...hostCounts(hostResults),
      notInForm: missing,
      unconfirmed,
    },
    applied,
    missing,
  };
}

/**
 * "Set again": re-applies the approved field actions the form lost, with exactly the approved
 * params (no new decision, targets as approved), and reports what the host did now.
 */
export function createSetAgain(
  core: ControllerCore,
  report: (draftId: string, results: HostActionResult[]) => void,
) {
  return async function setAgain(): Promise<void> {
    const { draft, decided } = core.get();
    if (core.get().phase !== "decided" || !draft || !decided || decided.settingAgain) return;
    if (decided.notInForm.length === 0) return;
    const ids = new Set(decided.notInForm);
    const actions: HostAction[] = decided.decision.actions
      .filter((action) => ids.has(action.id))
      .map((action) => ({ id: action.id, type: action.type, params: action.params }));
    core.set({ decided: { ...decided, settingAgain: true } });
    const results = await applyOnHost(core.host, actions);
    const current = core.get().decided;
    if (!current || current.decision.id !== decided.decision.id) return;
    const failed = hostFailures(results);
    core.set({
      decided: {
        ...withHostResults(current, results),
        notInForm: current.notInForm.filter((id) => !ids.has(id)),
        settingAgain: false,
      },
      failures: [...core.get().failures.filter((failure) => !ids.has(failure.id)), ...failed],
    });
    report(draft.id, results);
  };
}
