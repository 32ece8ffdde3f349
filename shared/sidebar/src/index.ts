export * from "./api";
export {
  blockingCommitments,
  canAddActionFor,
  checkedActions,
  hasUnbackedCommitments,
  liveCommitments,
} from "./commitments-state";
export * from "./decided";
export * from "./decision";
export * from "./describe-action";
export * from "./field-issues";
export * from "./host";
export * from "./i18n";
export * from "./param-fields";
export * from "./review";
export * from "./shortcuts";
export { newMessages, ticketFingerprint } from "./stale";
export * from "./text";
