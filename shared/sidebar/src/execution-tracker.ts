import type { Decision, Draft, Execution, TicketContext } from "@tandem/shared";
import { isTandemApiError } from "./api";
import { type ControllerCore, toReviewError } from "./controller-core";
import { describeAction } from "./describe-action";
import { ticketForLabels } from "./review-selectors";
import type { ActionFailure, ReviewState, TrackedExecution } from "./review-state";

const settled = (execution: Execution) =>
  execution.status === "succeeded" || execution.status === "failed";

/** Server failures of the draft decision's business actions, after the host-side ones. */
export function withExecutionFailures(
  state: ReviewState,
  failures: ActionFailure[],
  failedText: string,
): ActionFailure[] {
  const own = new Set(state.decided?.decision.executions.map((execution) => execution.id));
  const hostSide = failures.filter((failure) => failure.executionId === undefined);
  const server = Object.values(state.executions)
    .filter((tracked) => own.has(tracked.execution.id) && tracked.execution.status === "failed")
    .map((tracked) => ({
      id: tracked.execution.actionId,
      executionId: tracked.execution.id,
      message: tracked.execution.lastError ?? failedText,
      retryable: false,
    }));
  return [...hostSide, ...server];
}

/**
 * Follows the business-action executions approved in the sidebar (draft decisions and approval
 * requests) until they settle: bounded backoff, paused while the sidebar is hidden, retries.
 */
export function createExecutionTracker(
  core: ControllerCore,
  options: { backoffMs: number[]; maxPolls: number },
) {
  const { api, host, t, timers } = core;
  const { backoffMs: backoff, maxPolls } = options;
  /** Execution id → its poll: the next attempt number and the timer, null while paused. */
  const polls = new Map<string, { attempt: number; timer: unknown | null }>();
  /** Execution id → retries so far: a poll answer from before a retry is dropped. */
  const runs = new Map<string, number>();
  let visible = true;

  const failuresOf = (state: ReviewState, failures: ActionFailure[]) =>
    withExecutionFailures(state, failures, t("execution.failed"));

  function put(execution: Execution, patch: Partial<TrackedExecution> = {}) {
    const state = core.get();
    const previous = state.executions[execution.id];
    if (!previous || core.isDisposed()) return;
    const next: TrackedExecution = { ...previous, ...patch, execution };
    const executions = { ...state.executions, [execution.id]: next };
    core.set({ executions, failures: failuresOf({ ...state, executions }, state.failures) });
    if (previous.execution.status === execution.status) return;
    if (execution.status === "failed") {
      host.notify(t("notify.execution_failed", { action: next.label }), "error");
    } else if (execution.status === "succeeded") {
      host.notify(t("notify.execution_succeeded", { action: next.label }), "success");
    }
  }

  function stopPoll(id: string) {
    const poll = polls.get(id);
    if (poll?.timer != null) timers.clear(poll.timer);
    polls.delete(id);
  }

  /** Polls one execution with bounded backoff until it settles (paused while hidden). */
  function schedulePoll(id: string, attempt: number, delay?: number) {
    const current = polls.get(id);
    if (current?.timer != null) timers.clear(current.timer);
    if (core.isDisposed() || attempt >= maxPolls) {
      polls.delete(id);
      return;
    }
    if (!visible) {
      polls.set(id, { attempt, timer: null });
      return;
    }
    const wait = delay ?? backoff[Math.min(attempt, backoff.length - 1)] ?? 1_000;
    const timer = timers.set(() => void pollExecution(id, attempt), wait);
    polls.set(id, { attempt, timer });
  }

  async function pollExecution(id: string, attempt: number) {
    const poll = polls.get(id);
    if (poll) poll.timer = null;
    const run = runs.get(id) ?? 0;
    let execution: Execution;
    try {
      execution = await api.getExecution(id);
    } catch (error) {
      if (run !== (runs.get(id) ?? 0)) return;
      if (isTandemApiError(error) && error.code === "NOT_FOUND") stopPoll(id);
      else if (polls.has(id)) schedulePoll(id, attempt + 1);
      return;
    }
    // Retried meanwhile: this answer describes the previous run; the retry's own poll follows.
    if (run !== (runs.get(id) ?? 0)) return;
    if (core.isDisposed() || !polls.has(id)) return;
    put(execution);
    if (settled(execution)) stopPoll(id);
    else schedulePoll(id, attempt + 1);
  }

  function track(execution: Execution, source: TrackedExecution["source"], label: string) {
    const known = core.get().executions[execution.id];
    if (!known) {
      const tracked: TrackedExecution = { execution, source, label, retrying: false, error: null };
      core.set({ executions: { ...core.get().executions, [execution.id]: tracked } });
    } else if (known.execution.updatedAt < execution.updatedAt) {
      put(execution);
    }
    const current = core.get().executions[execution.id]?.execution ?? execution;
    if (!settled(current) && !polls.has(execution.id)) schedulePoll(execution.id, 0);
  }

  async function retry(id: string) {
    const tracked = core.get().executions[id];
    if (!tracked || tracked.retrying || tracked.execution.status !== "failed") return;
    const patch = (update: Partial<TrackedExecution>) => {
      const { executions } = core.get();
      const current = executions[id];
      if (current) core.set({ executions: { ...executions, [id]: { ...current, ...update } } });
    };
    patch({ retrying: true, error: null });
    runs.set(id, (runs.get(id) ?? 0) + 1);
    try {
      const execution = await api.retryExecution(id);
      put(execution, { retrying: false, error: null });
      if (!settled(execution)) schedulePoll(id, 0);
    } catch (error) {
      const reviewError = toReviewError(error);
      patch({ retrying: false, error: reviewError.message });
      // 409: it is no longer failed (another agent retried it); show what it is now.
      if (reviewError.code === "CONFLICT") schedulePoll(id, 0, 0);
    }
  }

  /** Follows the business actions a decision approved, labelled in the agent's language. */
  function trackDecision(draft: Draft, decision: Decision, ticket: TicketContext | null) {
    for (const execution of decision.executions) {
      const action = draft.actions.find((candidate) => candidate.id === execution.actionId);
      const label = action
        ? describeAction(action, ticket ?? ticketForLabels(core.get()), t).label
        : execution.actionId;
      track(execution, "decision", label);
    }
    core.set({ failures: failuresOf(core.get(), core.get().failures) });
  }

  /** Hidden: polls pause where they are; shown again: they catch up at once. */
  function setVisible(next: boolean) {
    visible = next;
    if (!visible) {
      for (const poll of polls.values()) {
        if (poll.timer != null) timers.clear(poll.timer);
        poll.timer = null;
      }
      return;
    }
    for (const [id, poll] of polls) schedulePoll(id, poll.attempt, 0);
  }

  function dispose() {
    for (const id of [...polls.keys()]) stopPoll(id);
  }

  return {
    track,
    trackDecision,
    retry,
    /** The failures with the decision's failed executions added (host-side ones kept first). */
    withFailures: (failures: ActionFailure[]) => failuresOf(core.get(), failures),
    setVisible,
    dispose,
  };
}

export type ExecutionTracker = ReturnType<typeof createExecutionTracker>;
