/**
 * Why an agent rejected a draft: the taxonomy the sidebars offer and analytics count. Kept
 * apart from the zod schemas so the sidebars ship these names without the schema library.
 */
export const RejectionReasonCodes = [
  "wrong_facts",
  "wrong_tone",
  "wrong_language",
  "not_relevant",
  "missing_information",
  "should_be_action",
  "policy",
  "other",
] as const;
