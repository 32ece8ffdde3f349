// The verbs: drafting a ticket (routes and the pre-drafting job), reading the latest draft back,
// and marking a draft shown.
export type { GenerateDraftInput, GenerateDraftResult } from "./drafting-run";
export { generateDraft } from "./generate-draft";
export { markDraftShown } from "./mark-draft-shown";
export { getLatestDraft } from "./stored-drafts";
