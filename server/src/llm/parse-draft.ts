import { type ModelDraft, ModelDraftSchema } from "./types";

/** A model answer kept part by part: what could not be used is dropped and named in `notes`. */
export interface ParsedModelDraft {
  output: ModelDraft;
  /** For the agent: what was dropped or defaulted, one sentence per kind of problem. */
  notes: string[];
}

/** Why an answer cannot be used at all: the correction to send back to the model. */
export interface UnusableAnswer {
  correction: string;
}

const TriageSchema = ModelDraftSchema.shape.triage.shape;
const ActionSchema = ModelDraftSchema.shape.actions.element;
const SCHEMA_CORRECTION =
  "Your answer did not match the required JSON schema. Answer again, following it exactly.";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `"${(text ?? String(value)).slice(0, 40)}"`;
}

function strings(value: unknown): { kept: string[]; dropped: number } {
  if (typeof value === "string") return { kept: [value], dropped: 0 };
  if (!Array.isArray(value)) return { kept: [], dropped: value === undefined ? 0 : 1 };
  const kept = value.filter((v): v is string => typeof v === "string");
  return { kept, dropped: value.length - kept.length };
}

function parseTriage(value: Record<string, unknown>, notes: string[]): ModelDraft["triage"] {
  const problems: string[] = [];
  const intent = TriageSchema.intent.safeParse(value.intent);
  const sentiment = TriageSchema.sentiment.safeParse(value.sentiment);
  if (!sentiment.success) problems.push(`sentiment ${describe(value.sentiment)} (set to neutral)`);
  const urgency = TriageSchema.urgency.safeParse(value.urgency);
  if (!urgency.success) problems.push(`urgency ${describe(value.urgency)} (set to normal)`);
  // Some compatible servers send numbers as strings; anything else is no confidence at all.
  const confidence = Number(value.confidence);
  const confidenceKnown =
    value.confidence !== null && value.confidence !== "" && Number.isFinite(confidence);
  if (!confidenceKnown) problems.push(`confidence ${describe(value.confidence)} (set to 0.5)`);
  if (problems.length > 0) notes.push(`The model's triage had an invalid ${problems.join(", ")}.`);
  return {
    intent: intent.success ? intent.data : "general_question",
    sentiment: sentiment.success ? sentiment.data : "neutral",
    urgency: urgency.success ? urgency.data : "normal",
    confidence: confidenceKnown ? confidence : 0.5,
  };
}

function parseActions(value: unknown, notes: string[]): ModelDraft["actions"] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  const actions: ModelDraft["actions"] = [];
  const broken: string[] = [];
  for (const item of items) {
    if (!isRecord(item) || typeof item.type !== "string" || item.type.trim() === "") {
      broken.push(isRecord(item) ? "one without a type" : describe(item));
      continue;
    }
    // Params given as an object (`params` or `paramsJson`) instead of a JSON string still count.
    const raw = item.paramsJson ?? item.params ?? {};
    const paramsJson = typeof raw === "string" ? raw : JSON.stringify(raw);
    const parsed = ActionSchema.safeParse({
      type: item.type,
      paramsJson,
      rationale: typeof item.rationale === "string" ? item.rationale : "",
    });
    if (parsed.success) actions.push(parsed.data);
    else broken.push(item.type);
  }
  if (broken.length > 0) {
    notes.push(`Not proposed (not a valid action): ${broken.join(", ")}.`);
  }
  return actions;
}

/**
 * Reads a model's answer field by field, so one bad part (an action without a type, a wrong
 * enum in the triage, a citation that is not a string) costs that part only, not the draft.
 * The answer is unusable — and sent back once with a correction — only when it is not JSON,
 * has no reply to show, or has no triage at all (the model ignored the schema).
 */
export function parseModelDraft(
  content: string,
  finishReason?: string | null,
): ParsedModelDraft | UnusableAnswer {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return {
      correction:
        finishReason === "length"
          ? "Your answer was cut off. Answer again, more briefly, as complete JSON."
          : "Your answer was not valid JSON. Answer again with JSON only.",
    };
  }
  if (!isRecord(json) || !isRecord(json.triage)) return { correction: SCHEMA_CORRECTION };
  if (typeof json.reply !== "string" || json.reply.trim() === "") {
    return { correction: SCHEMA_CORRECTION };
  }
  const strict = ModelDraftSchema.safeParse(json);
  if (strict.success) return { output: strict.data, notes: [] };

  const notes: string[] = [];
  const triage = parseTriage(json.triage, notes);
  const rationale = strings(json.rationale);
  const citations = strings(json.citations);
  if (citations.dropped > 0) notes.push("Dropped citations the model wrote in a broken form.");
  return {
    output: {
      language: typeof json.language === "string" ? json.language : "",
      reply: json.reply,
      summary: typeof json.summary === "string" ? json.summary : "",
      triage,
      rationale: rationale.kept,
      citations: citations.kept,
      actions: parseActions(json.actions, notes),
    },
    notes,
  };
}
