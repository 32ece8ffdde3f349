/** A draft before post-processing, as either drafter produces it (placeholders still masked). */
export interface CandidateDraft {
  reply: string;
  language: string;
  summary: string;
  triage: {
    intent: string;
    sentiment: "negative" | "neutral" | "positive";
    urgency: "low" | "normal" | "high" | "urgent";
    confidence: number;
  };
  rationale: string[];
  /** Source refs (S1, S2…). */
  citations: string[];
  actions: Array<{ type: string; params: unknown; rationale: string }>;
  /** What was dropped from the model's answer while reading it, for the agent. */
  notes?: string[];
}
