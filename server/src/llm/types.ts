import { z } from "zod";

/**
 * What the model must answer with. Every field is required and objects are closed, as
 * strict structured outputs demand; action params travel as a JSON string because their
 * shape depends on the installation's catalog (validated after parsing).
 */
export const ModelDraftSchema = z.object({
  language: z
    .string()
    .describe("ISO 639-1 code of the language the reply is written in, e.g. es, de, fr"),
  reply: z.string().describe("The reply to the customer, ready to send, plain text"),
  summary: z.string().describe("One or two sentences summarizing the ticket for the agent"),
  triage: z.object({
    intent: z.string().describe("snake_case intent, e.g. refund, shipping, account_access"),
    sentiment: z.enum(["negative", "neutral", "positive"]),
    urgency: z.enum(["low", "normal", "high", "urgent"]),
    confidence: z.number().describe("0 to 1: how sure you are the reply is right and complete"),
  }),
  rationale: z.array(z.string()).describe("1 to 3 short reasons for the agent"),
  citations: z.array(z.string()).describe("ids (S1, S2, …) of the sources the reply relies on"),
  actions: z
    .array(
      z.object({
        type: z.string().describe("an action type from the catalog"),
        paramsJson: z.string().describe("the action's params as a JSON object string"),
        rationale: z.string(),
      }),
    )
    .describe("actions from the catalog the agent should take; empty when none apply"),
});
export type ModelDraft = z.infer<typeof ModelDraftSchema>;

/** The JSON schema sent as `response_format.json_schema.schema`. */
export function modelDraftJsonSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(ModelDraftSchema, {
    target: "draft-7",
    io: "output",
  }) as Record<string, unknown>;
  return schema;
}

export interface ModelPrompt {
  /** Stable across tickets of one installation (rules, catalog, brand voice): cached upstream. */
  system: string;
  /** The ticket-specific part. */
  user: string;
}

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens?: number;
}

export interface ModelResult {
  output: ModelDraft;
  /** Parts of the answer that were dropped or defaulted, for the agent (see parse-draft.ts). */
  notes?: string[];
  usage: ModelUsage;
  model: string;
  attempts: number;
}

/** A check on a parsed answer: returns a correction to send back, or null when acceptable. */
export type OutputCheck = (output: ModelDraft) => string | null;

/** Anything that turns a prompt into a structured draft; the OpenAI SDK is one implementation. */
export interface DraftModel {
  readonly name: string;
  draft(prompt: ModelPrompt, check?: OutputCheck): Promise<ModelResult>;
}

/** Turns texts into vectors (knowledge retrieval); same endpoint as the drafting model. */
export interface Embedder {
  readonly model: string;
  embed(texts: string[]): Promise<number[][]>;
}

export type ModelFailure =
  | "rate_limited"
  | "upstream_error"
  | "timeout"
  | "unreachable"
  | "invalid_output"
  | "auth"
  | "refused"
  | "bad_request";

const REASONS: Record<ModelFailure, string> = {
  rate_limited: "The AI model is rate-limiting requests (HTTP 429)",
  upstream_error: "The AI model service returned an error",
  timeout: "The AI model did not answer in time",
  unreachable: "The AI model service could not be reached",
  invalid_output: "The AI model's answer was not in the expected format",
  auth: "The AI model rejected the configured API key",
  refused: "The AI model declined to draft this ticket",
  bad_request: "The AI model rejected the request",
};

/** A model call that failed for good (after retries); `reason` is safe to show an agent. */
export class ModelError extends Error {
  readonly failure: ModelFailure;
  readonly status?: number;
  readonly usage: ModelUsage;

  constructor(
    failure: ModelFailure,
    detail: string,
    options: { status?: number; usage?: ModelUsage } = {},
  ) {
    super(detail);
    this.name = "ModelError";
    this.failure = failure;
    this.status = options.status;
    this.usage = options.usage ?? { inputTokens: 0, outputTokens: 0 };
  }

  get reason(): string {
    const base = REASONS[this.failure];
    return this.status && this.failure !== "rate_limited" ? `${base} (HTTP ${this.status})` : base;
  }
}
