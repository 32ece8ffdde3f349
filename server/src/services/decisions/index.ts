// The verbs: recording a decision on a draft, reading it back, and recording what was sent.
export { recordDecision } from "./record-decision";
export { recordSent } from "./record-sent";
export { getDecisionForDraft } from "./stored-decisions";
