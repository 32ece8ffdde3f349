import { z } from "zod";
import { Limits } from "../limits";
import { ActionTypeSchema } from "./actions";
import { AgentSchema, IdSchema, IsoDateSchema, ParamsSchema } from "./common";
import { RejectionReasonCodes } from "./rejection-reason-codes";

export { RejectionReasonCodes } from "./rejection-reason-codes";
export const RejectionReasonCodeSchema = z.enum(RejectionReasonCodes);
export type RejectionReasonCode = z.infer<typeof RejectionReasonCodeSchema>;

export const RejectionReasonSchema = z
  .object({
    code: RejectionReasonCodeSchema,
    note: z.string().max(Limits.reasonNoteLength).optional(),
  })
  .meta({ id: "RejectionReason" });
export type RejectionReason = z.infer<typeof RejectionReasonSchema>;

export const ReplyOutcomeSchema = z.enum(["accepted", "edited", "rejected"]);
export type ReplyOutcome = z.infer<typeof ReplyOutcomeSchema>;
export const ActionOutcomeSchema = z.enum(["approved", "rejected"]);
export type ActionOutcome = z.infer<typeof ActionOutcomeSchema>;

export const DecisionRequestSchema = z
  .object({
    idempotencyKey: z.string().min(8).max(128),
    agent: AgentSchema,
    ticketRevision: z.string().min(1).max(100),
    reply: z
      .object({
        outcome: ReplyOutcomeSchema,
        body: z.string().max(Limits.replyLength).optional(),
        reason: RejectionReasonSchema.optional(),
      })
      .refine((r) => r.outcome !== "edited" || r.body !== undefined, {
        message: "an edited reply needs its body",
        path: ["body"],
      })
      .refine((r) => r.outcome !== "rejected" || r.reason !== undefined, {
        message: "a rejected reply needs a reason",
        path: ["reason"],
      }),
    actions: z
      .array(
        z.object({
          id: IdSchema,
          outcome: ActionOutcomeSchema,
          params: ParamsSchema.optional(),
          reason: RejectionReasonSchema.optional(),
        }),
      )
      .max(Limits.actionsPerDraft)
      .default([]),
    /**
     * False when the agent used the reply alone ("Insert only"): `auto` actions not listed were
     * then not applied either, so they are not recorded as applied by policy.
     */
    autoActionsApplied: z.boolean().default(true),
    /**
     * The agent saw the reply's unbacked commitments and confirmed them (recorded and audited);
     * without it a reply with an unbacked commitment is refused `409 UNBACKED_COMMITMENT`.
     */
    acknowledgeCommitments: z.boolean().default(false),
    /**
     * The ticket revision the agent had on screen when deciding, when a customer message arrived
     * after the draft and the agent chose to decide after reading it. It must be the ticket's
     * latest drafted revision; the decision records it.
     */
    seenTicketRevision: z.string().min(1).max(100).optional(),
  })
  .meta({ id: "DecisionRequest" });
export type DecisionRequest = z.infer<typeof DecisionRequestSchema>;
export type DecisionRequestInput = z.input<typeof DecisionRequestSchema>;

export const ExecutionStatusSchema = z.enum(["pending", "running", "succeeded", "failed"]);
export type ExecutionStatus = z.infer<typeof ExecutionStatusSchema>;

export const ExecutionSchema = z
  .object({
    id: IdSchema,
    actionId: IdSchema,
    type: ActionTypeSchema,
    status: ExecutionStatusSchema,
    attempts: z.number().int().min(0),
    lastError: z.string().max(1_000).optional(),
    result: z.unknown().optional(),
    updatedAt: IsoDateSchema,
  })
  .meta({ id: "Execution" });
export type Execution = z.infer<typeof ExecutionSchema>;

export const DecidedActionSchema = z.object({
  id: IdSchema,
  type: ActionTypeSchema,
  outcome: z.enum(["approved", "rejected", "applied_by_policy"]),
  params: ParamsSchema,
  paramsEdited: z.boolean(),
  reason: RejectionReasonSchema.optional(),
  /** What the helpdesk reported after the decision (field actions); absent until reported. */
  hostResult: z.enum(["applied", "staged", "failed"]).optional(),
  hostError: z.string().optional(),
});

/**
 * How sure the server is of who decided: `verified` only when the helpdesk itself signed the
 * identity; `asserted` when the app's browser code supplied it (ZAF `jwt` claims are written by
 * the iframe, Freshworks sends none), so it is recorded but never called verified.
 */
export const AgentIdentitySchema = z.enum(["asserted", "verified"]);
export type AgentIdentity = z.infer<typeof AgentIdentitySchema>;

export const DecisionSchema = z
  .object({
    id: IdSchema,
    draftId: IdSchema,
    ticketId: IdSchema,
    ticketRevision: z.string(),
    /** Set when the agent decided after a newer customer message (see DecisionRequest). */
    seenTicketRevision: z.string().optional(),
    agent: AgentSchema,
    agentIdentity: AgentIdentitySchema,
    reply: z.object({
      outcome: ReplyOutcomeSchema,
      body: z.string().optional(),
      reason: RejectionReasonSchema.optional(),
      editDistance: z.number().min(0).max(1).optional(),
      /** Whether the sidebar put the reply into the helpdesk editor (absent until reported). */
      inserted: z.boolean().optional(),
      insertError: z.string().optional(),
      sent: z.boolean().optional(),
    }),
    acknowledgedCommitments: z.boolean(),
    actions: z.array(DecidedActionSchema),
    executions: z.array(ExecutionSchema),
    createdAt: IsoDateSchema,
  })
  .meta({ id: "Decision" });
export type Decision = z.infer<typeof DecisionSchema>;

export const SentRequestSchema = z
  .object({ body: z.string().max(Limits.replyLength) })
  .meta({ id: "SentRequest" });
export type SentRequest = z.infer<typeof SentRequestSchema>;
