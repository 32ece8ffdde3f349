export * from "./api";
export * from "./approval-views";
export {
  blockingCommitments,
  canAddActionFor,
  checkedActions,
  hasUnbackedCommitments,
  liveCommitments,
} from "./commitments-state";
export * from "./decided";
export * from "./decided-views";
export * from "./decision";
export * from "./describe-action";
export * from "./field-issues";
export * from "./host";
export * from "./i18n";
export * from "./notice-views";
export * from "./param-fields";
export * from "./review-controller";
export {
  approvalExecution,
  approvalParams,
  approvalsBanner,
  canApproveAnyway,
  canDecide,
  type DecisionBlocker,
  type DraftNotice,
  decisionBlocker,
  decisionExecutions,
  draftNotice,
  hasDraftEdits,
  primaryTask,
  replyWasEdited,
} from "./review-selectors";
export * from "./review-state";
export * from "./risk";
export * from "./shortcuts";
export { newMessages, ticketFingerprint } from "./stale";
export * from "./text";
