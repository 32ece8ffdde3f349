import type { Decision, RejectionReason, TicketContext } from "@tandem/shared";
import { hasUnbackedCommitments } from "./commitments-state";
import { type ControllerCore, localizedError, messageOf, toReviewError } from "./controller-core";
import { approvedReply } from "./decided";
import { buildApproveDecision, buildRejectDecision, hostAppliedActions } from "./decision";
import type { DraftLoader } from "./draft-loader";
import type { ExecutionTracker } from "./execution-tracker";
import { fieldIssuesFrom } from "./field-issues";
import { applyOnHost, hostFailures } from "./form-check";
import type { OutcomeReporter } from "./outcomes";
import { canApproveAnyway } from "./review-selectors";
import type { ActionFailure, DecidedInfo } from "./review-state";
import { decisionAllowed, decisionRecorded, decisionStarted } from "./review-transitions";

type ReplyOutcome = { inserted: boolean; error?: string };

/**
 * Deciding the draft on screen and what follows on the host: the decision recorded once (one
 * idempotency key per draft shown, one request at a time), the reply inserted and the field
 * actions applied, failures retried, the reply inserted again, and the reply seen sent.
 */
export function createDraftDecisions(
  core: ControllerCore,
  parts: { loader: DraftLoader; outcomes: OutcomeReporter; executions: ExecutionTracker },
) {
  const { api, host, t } = core;
  const { loader, outcomes, executions } = parts;
  let inflight: Promise<void> | null = null;

  /** Puts the reply into the helpdesk editor; a failure is kept for "Retry failed actions". */
  async function insertReply(text: string, failures: ActionFailure[]): Promise<ReplyOutcome> {
    try {
      await host.insertReply(text);
      return { inserted: true };
    } catch (error) {
      const message = messageOf(error);
      failures.push({ id: "reply", message, retryable: true });
      return { inserted: false, error: message };
    }
  }

  function decide(
    kind: DecidedInfo["kind"],
    reason?: RejectionReason,
    /** Deciding a stale draft after reading the newer messages: the revision and ticket seen. */
    seen?: { revision: string; ticket: TicketContext },
  ): Promise<void> {
    if (inflight) return inflight;
    const snapshot = core.get();
    const { draft, agent } = snapshot;
    if (!draft || !agent || !decisionAllowed(snapshot, kind, seen !== undefined)) {
      return Promise.resolve();
    }
    core.set(decisionStarted(kind));
    const idempotencyKey = loader.decisionKey();
    const request =
      kind === "rejected" && reason
        ? buildRejectDecision({ draft, agent, idempotencyKey, reason })
        : buildApproveDecision({
            draft,
            agent,
            idempotencyKey,
            replyText: snapshot.replyText,
            selected: snapshot.selected,
            paramEdits: snapshot.paramEdits,
            mode: kind === "approved" ? "approve" : "insert_only",
            acknowledgeCommitments: hasUnbackedCommitments(snapshot),
            ...(seen ? { seenTicketRevision: seen.revision } : {}),
          });

    inflight = (async () => {
      let decision: Decision;
      try {
        decision = await api.decide(draft.id, request);
      } catch (error) {
        const reviewError = toReviewError(error);
        if (reviewError.code === "STALE_DRAFT") {
          core.set({ busy: null, stale: true });
          loader.redraftStale();
        } else {
          // Shown next to the draft; the reply, selection and params stay as the agent left them.
          const actionIds = (request.actions ?? []).map((action) => action.id);
          core.set({
            busy: null,
            inlineError: localizedError(reviewError, t),
            fieldIssues: fieldIssuesFrom(error, t, { actionIds }),
          });
        }
        return;
      }
      const failures: ActionFailure[] = [];
      const reply =
        kind !== "rejected" ? await insertReply(snapshot.replyText, failures) : undefined;
      const results =
        kind === "approved"
          ? await applyOnHost(
              host,
              hostAppliedActions(draft, snapshot.selected, snapshot.paramEdits),
            )
          : [];
      failures.push(...hostFailures(results));
      if (seen) loader.decidedOn(seen.ticket);
      core.set(decisionRecorded(kind, decision, results, failures, seen));
      if (kind !== "rejected") outcomes.report(draft.id, reply, results);
      executions.trackDecision(draft, decision, snapshot.ticket);
      const failed = core.get().failures.length;
      if (failed > 0) {
        host.notify(t("notify.actions_failed", { count: failed }), "error");
      } else if (kind !== "rejected") {
        host.notify(t("notify.inserted"), "success");
      }
      loader.recheckTicket();
    })().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  /** "Retry failed actions": the reply insert and the field actions that failed on the host. */
  async function retryFailures() {
    const { draft, decided, failures, replyText } = core.get();
    if (!draft || !decided) return;
    const retryable = failures.filter((failure) => failure.retryable);
    if (retryable.length === 0) return;
    const remaining = failures.filter((failure) => !failure.retryable);
    const reply = retryable.some((failure) => failure.id === "reply")
      ? await insertReply(replyText, remaining)
      : undefined;
    const ids = new Set(retryable.map((failure) => failure.id));
    const { selected, paramEdits } = core.get();
    const actions = hostAppliedActions(draft, selected, paramEdits).filter((action) =>
      ids.has(action.id),
    );
    const results = await applyOnHost(host, actions);
    remaining.push(...hostFailures(results));
    core.set({ failures: executions.withFailures(remaining) });
    outcomes.mergeResults(results);
    outcomes.report(draft.id, reply, results);
  }

  /** "Insert again": the approved reply into the editor once more; no new decision. */
  async function insertAgain() {
    const { draft, decided, phase, busy } = core.get();
    if (phase !== "decided" || !draft || !decided || decided.kind === "rejected") return;
    if (busy !== null) return;
    core.set({ busy: "inserting" });
    const others = () => core.get().failures.filter((failure) => failure.id !== "reply");
    try {
      await host.insertReply(approvedReply(draft, decided.decision));
      const hadFailed = core.get().failures.some((failure) => failure.id === "reply");
      core.set({ busy: null, failures: others() });
      // The server only needs to hear of it when it last heard the insert had failed.
      if (hadFailed) outcomes.report(draft.id, { inserted: true }, []);
      host.notify(t("notify.inserted"), "success");
    } catch (error) {
      core.set({
        busy: null,
        failures: [{ id: "reply", message: messageOf(error), retryable: true }, ...others()],
      });
    }
  }

  /** Stale with edits: decides the draft on screen, recording the revision the agent read. */
  function approveAnyway(mode: "approve" | "insert_only" = "approve"): Promise<void> {
    const state = core.get();
    const newer = state.newer;
    if (!newer?.draft || !canApproveAnyway(state)) return Promise.resolve();
    return decide(mode === "approve" ? "approved" : "inserted", undefined, {
      revision: newer.draft.ticketRevision,
      ticket: newer.ticket,
    });
  }

  /** The host saw the reply sent: the ticket was submitted with it. */
  function replySent(text: string) {
    const { decided, draft } = core.get();
    if (!decided || !draft || decided.kind === "rejected") return;
    // Sent means submitted: what was staged in the form is saved (the server counts it so too).
    outcomes.replySent();
    const current = core.get().decided;
    if (!current || current.sentRecorded || !text.trim()) return;
    core.set({ decided: { ...current, sentRecorded: true } });
    api.reportSent(draft.id, text).catch(() => {
      const latest = core.get().decided;
      core.set({ decided: latest ? { ...latest, sentRecorded: false } : null });
    });
  }

  return { decide, retryFailures, insertAgain, approveAnyway, replySent };
}
