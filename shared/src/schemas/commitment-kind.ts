import { z } from "zod";

/**
 * What a sentence of a reply promises or states was done. Each kind is backed by the business
 * or field actions that do it (see `actionFulfils` in `shared/commitments`).
 */
export const CommitmentKinds = [
  "refund",
  "booking_change",
  "cancellation",
  "replacement",
  "escalation",
  "assignment",
  "handoff",
] as const;
// Pure: a bundle that reads only the names (the sidebars) leaves the schema library out.
export const CommitmentKindSchema = /* @__PURE__ */ z.enum(CommitmentKinds);
export type CommitmentKind = z.infer<typeof CommitmentKindSchema>;
