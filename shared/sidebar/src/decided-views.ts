import { canInsertAgain, decidedActions, decidedSummary } from "./decided";
import { describeAction } from "./describe-action";
import type { Translator } from "./i18n";
import { decisionExecutions } from "./review-selectors";
import type { ReviewState } from "./review-state";

// What the decided screen shows of the review state; each app renders it in its design system.

/**
 * The decided state: the summary, each listed action with its live execution, the executions the
 * decision queued for actions it does not list (e.g. by policy, still followed), and the failures
 * named by their action. Null until there is a decision to show.
 */
export function decidedView(state: ReviewState, t: Translator) {
  const { decided, draft } = state;
  if (!decided || !draft) return null;
  const summary = decidedSummary(state, t);
  if (!summary) return null;
  const ticket = state.ticket ?? { status: "open", tags: [] };
  const executions = decisionExecutions(state);
  const rows = decidedActions(state, t).map((row) => {
    const tracked = executions.find((entry) => entry.execution.actionId === row.id);
    return { row, tracked: tracked && { ...tracked, label: row.label } };
  });
  /** The failed step's name: the reply insert, or the action's label. */
  const failureLabel = (id: string) => {
    if (id === "reply") return t("execution.reply_failed");
    const action = draft.actions.find((candidate) => candidate.id === id);
    return action ? describeAction(action, ticket, t).label : id;
  };
  return {
    decided,
    draft,
    summary,
    rows,
    unlisted: executions.filter(
      (tracked) => !rows.some(({ row }) => row.id === tracked.execution.actionId),
    ),
    failures: state.failures.map((failure) => ({ ...failure, label: failureLabel(failure.id) })),
    retryable: state.failures.some((failure) => failure.retryable),
    /** "Insert again" for the approved reply, when the editor can take it. */
    insertAgain: canInsertAgain(state)
      ? {
          busy: state.busy === "inserting",
          disabled: state.busy !== null,
          label: state.busy === "inserting" ? t("busy.inserting") : t("button.insert_again"),
        }
      : null,
    setAgainLabel: decided.settingAgain ? t("busy.setting_again") : t("button.set_again"),
    /** The approved reply as sent (none for a rejected draft). */
    reply: decided.kind === "rejected" ? null : (decided.decision.reply.body ?? draft.reply.body),
  };
}
