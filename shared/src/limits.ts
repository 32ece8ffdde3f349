/**
 * Size bounds of the contract. Every string and array on the wire is bounded so that a hostile
 * payload is refused at the edge instead of reaching the database or the model.
 */
export const Limits = {
  /** Whole request body, checked before JSON parsing. */
  maxBodyBytes: 2 * 1024 * 1024,
  idLength: 128,
  nameLength: 200,
  subjectLength: 1_000,
  messageBodyLength: 64_000,
  messagesPerTicket: 500,
  tagLength: 100,
  tagsPerTicket: 100,
  customFieldsPerTicket: 100,
  instructionLength: 1_000,
  replyLength: 20_000,
  articleTitleLength: 500,
  articleBodyLength: 200_000,
  urlLength: 2_000,
  actionsPerDraft: 10,
  actionsPerMacro: 20,
  paramsJsonBytes: 16_000,
  /** Param fields described per business action, and options per enum field. */
  paramFieldsPerAction: 30,
  paramFieldOptions: 50,
  rationaleItems: 5,
  rationaleLength: 500,
  citationsPerDraft: 10,
  reasonNoteLength: 2_000,
  businessActionsPerPolicy: 50,
  policyTextLength: 4_000,
  jsonSchemaBytes: 32_000,
  summaryLength: 4_000,
  searchQueryLength: 500,
} as const;
