import { z } from "zod";
import { Limits } from "../limits";
import { ProposedActionSchema } from "./actions";
import { CommitmentKindSchema, CommitmentKinds } from "./commitment-kind";
import { AgentSchema, IdSchema, IsoDateSchema, ParamsSchema } from "./common";
import { DecisionSchema } from "./decision";
import { TicketContextSchema } from "./ticket";

export { type CommitmentKind, CommitmentKindSchema, CommitmentKinds } from "./commitment-kind";

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

/** A sentence of the reply that promises an action, and the proposed action that does it. */
export const CommitmentSchema = z
  .object({
    kind: CommitmentKindSchema,
    text: z.string().max(Limits.replyLength),
    /** The proposed action that backs the promise, or null: nothing approved would do it. */
    actionId: IdSchema.nullable(),
  })
  .meta({ id: "Commitment" });
export type Commitment = z.infer<typeof CommitmentSchema>;

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
    /** Sentences that promise or state an action; `actionId: null` is an unbacked promise. */
    commitments: z.array(CommitmentSchema).max(50),
    /** False when the latest public message is the agent's: nothing to answer yet. */
    needsReply: z.boolean(),
    /** The decision already recorded for this draft: a decided draft is never shown as new. */
    decision: DecisionSchema.nullable(),
    /**
     * The promise kinds some action of the installation's current policy can back (not
     * blocked): the sidebar offers "Add action" only for these, else only to edit the
     * sentence or confirm the agent keeps the promise themselves.
     */
    backableKinds: z.array(CommitmentKindSchema).max(CommitmentKinds.length).default([]),
    createdAt: IsoDateSchema,
  })
  .meta({ id: "Draft" });
export type Draft = z.infer<typeof DraftSchema>;

/** What the helpdesk did after a decision: the sidebar reports it, analytics count it. */
export const HostActionResultSchema = z.enum(["applied", "staged", "failed"]);
export type HostActionResult = z.infer<typeof HostActionResultSchema>;

export const OutcomesRequestSchema = z
  .object({
    reply: z
      .object({
        inserted: z.boolean(),
        error: z.string().max(1_000).optional(),
      })
      .optional(),
    actions: z
      .array(
        z.object({
          id: IdSchema,
          /** `staged`: set in the helpdesk form, saved only when the agent submits it. */
          result: HostActionResultSchema,
          error: z.string().max(1_000).optional(),
        }),
      )
      .max(Limits.actionsPerDraft)
      .default([]),
  })
  .meta({ id: "OutcomesRequest" });
export type OutcomesRequest = z.infer<typeof OutcomesRequestSchema>;
export type OutcomesRequestInput = z.input<typeof OutcomesRequestSchema>;

/**
 * The agent adds an action to a draft, usually to back a promise the reply makes: by
 * `commitmentKind` (the server picks the policy's action that does it and pre-fills its params
 * from the ticket) or by `type`. Validated against the catalog and the policy like any proposal.
 */
export const AddDraftActionRequestSchema = z
  .object({
    commitmentKind: CommitmentKindSchema.optional(),
    type: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,63}$/)
      .optional(),
    params: ParamsSchema.optional(),
    /** The ticket as the sidebar sees it, to pre-fill params (order or booking references). */
    ticket: TicketContextSchema.optional(),
  })
  .refine((body) => body.commitmentKind !== undefined || body.type !== undefined, {
    message: "give commitmentKind or type",
  })
  .meta({ id: "AddDraftActionRequest" });
export type AddDraftActionRequest = z.infer<typeof AddDraftActionRequestSchema>;

export const DraftIdParamSchema = z.object({ id: z.uuid() });
export const TicketIdParamSchema = z.object({ ticketId: IdSchema });

export const DraftShownRequestSchema = z
  .object({ agent: AgentSchema.optional() })
  .meta({ id: "DraftShownRequest" });
