/**
 * Commitments: the sentences of a reply that state or promise an action, and the proposed
 * action that does each. Pure and dependency-free, so the sidebar re-checks as the agent types
 * and the server checks drafts and decisions with the same rules.
 */
export {
  type BindableAction,
  type BoundCommitment,
  bindCommitments,
  unbackedCommitments,
} from "./bind";
export {
  type DetectedCommitment,
  detectCommitments,
  type Sentence,
  splitSentences,
} from "./detect";
export { actionFulfils, type CommitmentAction, commitmentKindsOf } from "./fulfils";
export { CommitmentLanguages } from "./languages";
