import { z } from "zod";
import { Limits } from "../limits";
import { ActionTypeSchema } from "./actions";
import { AgentSchema, IdSchema, IsoDateSchema, ParamsSchema } from "./common";

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
});

export const DecisionSchema = z
  .object({
    id: IdSchema,
    draftId: IdSchema,
    ticketId: IdSchema,
    ticketRevision: z.string(),
    agent: AgentSchema,
    reply: z.object({
      outcome: ReplyOutcomeSchema,
      body: z.string().optional(),
      reason: RejectionReasonSchema.optional(),
      editDistance: z.number().min(0).max(1).optional(),
    }),
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
