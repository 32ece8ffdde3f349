import type { ApprovalRequest, Params, RejectionReason } from "@tandem/shared";
import { type ControllerCore, localizedError, toReviewError } from "./controller-core";
import { isLockedParam, sameParams } from "./decision";
import { describeAction } from "./describe-action";
import type { ExecutionTracker } from "./execution-tracker";
import { fieldIssuesFrom } from "./field-issues";
import { approvalParams, ticketForLabels } from "./review-selectors";
import type { ApprovalItem } from "./review-state";

/**
 * Approval requests from bots on the open ticket: polled while the sidebar is visible, badged
 * and notified when new, decided with the agent's param edits (targets locked) and, when
 * rejected, a reason; the business action an approval starts is followed by `track`.
 */
export function createApprovalPoller(
  core: ControllerCore,
  options: { pollMs: number; newKey: () => string; track: ExecutionTracker["track"] },
) {
  const { api, host, t, timers } = core;
  const approvalKeys = new Map<string, string>();
  /** Approval ids already seen on this ticket: anything else that shows up pending is new. */
  const seenApprovals = new Set<string>();
  let approvalSeq = 0;
  let approvalTimer: unknown | null = null;
  let approvalTicketId: string | null = null;
  let approvalsBaseline = false;
  let visible = true;

  function trackApprovalExecution(request: ApprovalRequest) {
    if (!request.execution) return;
    options.track(
      request.execution,
      "approval",
      describeAction(request.action, ticketForLabels(core.get()), t).label,
    );
  }

  /** The approval's business action has not succeeded yet (queued, running or failed). */
  function executionUnsettled(request: ApprovalRequest): boolean {
    if (!request.execution) return false;
    const known = core.get().executions[request.execution.id]?.execution;
    const latest =
      known && known.updatedAt >= request.execution.updatedAt ? known : request.execution;
    return latest.status !== "succeeded";
  }

  async function loadApprovals(ticketId: string) {
    const seq = ++approvalSeq;
    if (approvalTicketId !== ticketId) {
      approvalTicketId = ticketId;
      approvalsBaseline = false;
      seenApprovals.clear();
    }
    try {
      const requests = await api.listApprovals(ticketId);
      if (seq !== approvalSeq || core.isDisposed()) return;
      const state = core.get();
      const fromServer = new Map(requests.map((request) => [request.id, request]));
      const current = new Map(state.approvals.map((item) => [item.request.id, item]));
      const pending: ApprovalItem[] = requests
        .filter((request) => request.status === "pending")
        .map((request) => {
          const item = current.get(request.id);
          if (!item) return { request, busy: false };
          // A list read before this agent's decision landed must not undo it.
          return item.busy || item.request.status !== "pending" ? item : { ...item, request };
        });
      const pendingIds = new Set(pending.map((item) => item.request.id));
      // Decided ones leave the list, except while being decided here, or while the business
      // action this agent approved still runs or has failed (its state and Retry stay visible).
      const kept = state.approvals
        .filter((item) => !pendingIds.has(item.request.id))
        .map((item) => {
          const latest = fromServer.get(item.request.id);
          return latest && !item.busy && latest.status !== "pending"
            ? { ...item, request: latest }
            : item;
        })
        .filter(
          (item) =>
            item.busy ||
            (approvalKeys.has(item.request.id) &&
              item.request.status !== "pending" &&
              executionUnsettled(item.request)),
        );
      const arrived = pending.filter((item) => !seenApprovals.has(item.request.id));
      for (const item of pending) seenApprovals.add(item.request.id);
      const unseen = approvalsBaseline ? state.approvalsUnseen + arrived.length : 0;
      core.set({
        approvals: [...pending, ...kept],
        approvalsUnseen: Math.min(unseen, pending.length),
      });
      for (const item of kept) trackApprovalExecution(item.request);
      const first = arrived[0];
      if (approvalsBaseline && first) {
        host.notify(
          t("notify.approval_requests", {
            count: arrived.length,
            name: first.request.requestedBy.name,
          }),
          "info",
        );
      }
      approvalsBaseline = true;
    } catch {
      // Approval requests are secondary to the draft; their absence is not an error screen.
    }
  }

  function clearTimer() {
    if (approvalTimer !== null) timers.clear(approvalTimer);
    approvalTimer = null;
  }

  function schedulePoll() {
    clearTimer();
    if (core.isDisposed() || !visible || options.pollMs <= 0 || approvalTicketId === null) return;
    const ticketId = approvalTicketId;
    approvalTimer = timers.set(() => {
      approvalTimer = null;
      void loadApprovals(ticketId).finally(schedulePoll);
    }, options.pollMs);
  }

  function refresh(ticketId: string) {
    void loadApprovals(ticketId).finally(schedulePoll);
  }

  /** Hidden: no polling; shown again: catch up at once, then poll as usual. */
  function setVisible(next: boolean) {
    visible = next;
    if (!visible) clearTimer();
    else if (approvalTicketId !== null) refresh(approvalTicketId);
  }

  const update = (id: string, patch: Partial<ApprovalItem>) =>
    core.set({
      approvals: core
        .get()
        .approvals.map((entry) => (entry.request.id === id ? { ...entry, ...patch } : entry)),
    });

  const find = (id: string) => core.get().approvals.find((entry) => entry.request.id === id);

  /** Changes one param before approving; a target param (the booking, the order) never. */
  function setParam(id: string, key: string, value: unknown) {
    const item = find(id);
    if (!item || item.busy || item.request.status !== "pending") return;
    if (isLockedParam(item.request.action, key)) return;
    update(id, {
      paramEdits: { ...item.paramEdits, [key]: value },
      ...(item.issues ? { issues: item.issues.filter((issue) => issue.param !== key) } : {}),
    });
  }

  async function decide(
    id: string,
    outcome: "approved" | "rejected",
    extra: { params?: Params; comment?: string; reason?: RejectionReason } = {},
  ) {
    const item = find(id);
    const agent = core.get().agent;
    if (!item || item.busy || item.request.status !== "pending" || !agent) return;
    // Like a draft, a request is rejected for a reason the bot's owner can learn from.
    if (outcome === "rejected" && !extra.reason) {
      update(id, { error: t("approvals.reason_required") });
      return;
    }
    let key = approvalKeys.get(id);
    if (!key) {
      key = options.newKey();
      approvalKeys.set(id, key);
    }
    const edited = item.paramEdits ? approvalParams(item) : null;
    const params =
      extra.params ??
      (edited && !sameParams(edited, item.request.action.params) ? edited : undefined);
    const reason =
      outcome === "rejected" && extra.reason
        ? {
            code: extra.reason.code,
            ...(extra.reason.note?.trim() ? { note: extra.reason.note.trim() } : {}),
          }
        : undefined;
    update(id, { busy: true, error: undefined, issues: undefined });
    try {
      const request = await api.decideApproval(id, {
        idempotencyKey: key,
        agent,
        outcome,
        ...(outcome === "approved" && params ? { params } : {}),
        ...(extra.comment?.trim() ? { comment: extra.comment.trim() } : {}),
        ...(reason ? { reason } : {}),
      });
      update(id, { request, busy: false, error: undefined });
      trackApprovalExecution(request);
    } catch (error) {
      const reviewError = localizedError(toReviewError(error), t);
      const issues = fieldIssuesFrom(error, t, { actionId: id });
      update(id, {
        busy: false,
        error: reviewError.message,
        ...(issues.length > 0 ? { issues } : {}),
      });
      // Decided elsewhere or expired meanwhile: show the list as the server has it.
      if (reviewError.code === "CONFLICT" && approvalTicketId) refresh(approvalTicketId);
    }
  }

  return { refresh, setVisible, setParam, decide, dispose: clearTimer };
}

export type ApprovalPoller = ReturnType<typeof createApprovalPoller>;
