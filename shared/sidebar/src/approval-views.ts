import { editableParams } from "./decision";
import { describeAction } from "./describe-action";
import type { Translator } from "./i18n";
import { approvalExecution, approvalParams, primaryTask } from "./review-selectors";
import type { ApprovalItem, ReviewState } from "./review-state";

// What the approvals panel shows of the review state; each app renders it in its design system.

const isPending = (item: ApprovalItem) => item.request.status === "pending";

/**
 * The approval requests split for the panel: pending ones and those decided in this session
 * (`decidedHere`) stay expanded, so their outcome stays in view; the others fold away.
 */
export function approvalsPanelView(state: ReviewState, decidedHere: ReadonlySet<string>) {
  const pending = state.approvals.filter(isPending);
  const expanded = state.approvals.filter(
    (item) => isPending(item) || decidedHere.has(item.request.id),
  );
  return {
    pendingCount: pending.length,
    unseen: state.approvalsUnseen,
    expanded,
    folded: state.approvals.filter((item) => !expanded.includes(item)),
    /** "Decide this first": the reply below usually depends on the pending request. */
    primaryHint: pending.length > 0 && primaryTask(state) === "approval",
  };
}

/**
 * One approval request card: what it asks for, who asked and until when, the params the agent may
 * edit (open while editing or while a param has a problem), and the comment sent with a decision.
 */
export function approvalCardView(
  state: ReviewState,
  item: ApprovalItem,
  t: Translator,
  agent: { editing: boolean; comment: string },
) {
  const { request } = item;
  const params = approvalParams(item);
  const ticket = state.ticket ?? { status: "open", tags: [] };
  const pending = isPending(item);
  const issues = item.issues ?? [];
  const editable = editableParams(request.action.params).length > 0;
  const open = editable && (agent.editing || issues.length > 0);
  const expires = pending
    ? ` · ${t("approvals.expires", { time: t.relativeTime(new Date(request.expiresAt)) })}`
    : "";
  return {
    request,
    params,
    description: describeAction({ ...request.action, params }, ticket, t, request.before),
    pending,
    issues,
    /** Problems no open param field shows. */
    listedIssues: issues.filter((issue) => !open || issue.param === null),
    editable,
    open,
    editLabel: open ? t("actions.edit_done") : t("actions.edit"),
    requested: `${t("approvals.requested_by", { name: request.requestedBy.name })}${expires}`,
    tracked: approvalExecution(state, item),
    /** What a decision carries besides its outcome. */
    extra: agent.comment.trim() ? { comment: agent.comment } : {},
  };
}
