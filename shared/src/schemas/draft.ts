import { z } from "zod";
import { Limits } from "../limits";
import { ProposedActionSchema } from "./actions";
import { AgentSchema, IdSchema, IsoDateSchema } from "./common";
import { TicketContextSchema } from "./ticket";

export const SentimentSchema = z.enum(["negative", "neutral", "positive"]);
export const UrgencySchema = z.enum(["low", "normal", "high", "urgent"]);
export const LanguageCodeSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/)
  .max(12);

export const TriageSchema = z
  .object({
    intent: z.string().min(1).max(64),
    sentiment: SentimentSchema,
    urgency: UrgencySchema,
    language: LanguageCodeSchema,
    confidence: z.number().min(0).max(1),
  })
  .meta({ id: "Triage" });
export type Triage = z.infer<typeof TriageSchema>;

export const CitationSchema = z
  .object({
    kind: z.enum(["article", "macro"]),
    id: IdSchema,
    title: z.string().max(Limits.articleTitleLength),
    url: z.string().max(Limits.urlLength).optional(),
    internal: z.boolean(),
  })
  .meta({ id: "Citation" });
export type Citation = z.infer<typeof CitationSchema>;

export const DraftModeSchema = z.enum(["model", "offline"]);
export type DraftMode = z.infer<typeof DraftModeSchema>;

export const DraftRequestSchema = z
  .object({
    ticket: TicketContextSchema,
    agent: AgentSchema.optional(),
    instruction: z.string().max(Limits.instructionLength).optional(),
    refresh: z.boolean().optional(),
  })
  .meta({ id: "DraftRequest" });
export type DraftRequest = z.infer<typeof DraftRequestSchema>;
export type DraftRequestInput = z.input<typeof DraftRequestSchema>;

export const DraftSchema = z
  .object({
    id: IdSchema,
    ticketId: IdSchema,
    ticketRevision: z.string().max(100),
    mode: DraftModeSchema,
    model: z.string().max(100).optional(),
    /** Why a model draft fell back to the offline drafter, in words an agent can read. */
    fallbackReason: z.string().max(500).optional(),
    reply: z.object({ body: z.string().max(Limits.replyLength), language: LanguageCodeSchema }),
    summary: z.string().max(Limits.summaryLength),
    triage: TriageSchema,
    rationale: z.array(z.string().max(Limits.rationaleLength)).max(Limits.rationaleItems),
    citations: z.array(CitationSchema).max(Limits.citationsPerDraft),
    actions: z.array(ProposedActionSchema).max(Limits.actionsPerDraft),
    instruction: z.string().max(Limits.instructionLength).optional(),
    usage: z.object({ inputTokens: z.number().int(), outputTokens: z.number().int() }).optional(),
    latencyMs: z.number().int().min(0),
    promptVersion: z.string().max(50).optional(),
    createdAt: IsoDateSchema,
  })
  .meta({ id: "Draft" });
export type Draft = z.infer<typeof DraftSchema>;

export const DraftIdParamSchema = z.object({ id: z.uuid() });
export const TicketIdParamSchema = z.object({ ticketId: IdSchema });

export const DraftShownRequestSchema = z
  .object({ agent: AgentSchema.optional() })
  .meta({ id: "DraftShownRequest" });
