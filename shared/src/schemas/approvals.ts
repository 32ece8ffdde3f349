import { z } from "zod";
import { Limits } from "../limits";
import { ActionTypeSchema, ProposedActionInputSchema } from "./actions";
import {
  AgentSchema,
  IdSchema,
  IsoDateSchema,
  NameSchema,
  ParamsSchema,
  UrlSchema,
} from "./common";
import { ExecutionSchema, RejectionReasonSchema } from "./decision";

export const ApprovalStatusSchema = z.enum([
  "pending",
  "approved",
  "rejected",
  "expired",
  "executed",
  "failed",
]);
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>;

export const RequesterIdentitySchema = z.object({
  id: IdSchema,
  name: NameSchema,
  kind: z.enum(["bot", "human"]).default("bot"),
});

export const ApprovalCreateSchema = z
  .object({
    ticketId: IdSchema,
    action: ProposedActionInputSchema,
    summary: z.string().min(1).max(Limits.summaryLength),
    requestedBy: RequesterIdentitySchema,
    /** Current values the change replaces, so the human sees before → after. */
    before: ParamsSchema.optional(),
    callbackUrl: UrlSchema.optional(),
    expiresInSeconds: z
      .number()
      .int()
      .min(10)
      .max(7 * 24 * 3600)
      .default(3600),
    idempotencyKey: z.string().min(8).max(128).optional(),
  })
  .meta({ id: "ApprovalCreate" });
export type ApprovalCreate = z.infer<typeof ApprovalCreateSchema>;
export type ApprovalCreateInput = z.input<typeof ApprovalCreateSchema>;

export const ApprovalDecisionRequestSchema = z
  .object({
    idempotencyKey: z.string().min(8).max(128),
    agent: AgentSchema,
    outcome: z.enum(["approved", "rejected"]),
    params: ParamsSchema.optional(),
    comment: z.string().max(Limits.reasonNoteLength).optional(),
    /** Why the request was rejected, with the same codes as a rejected draft. */
    reason: RejectionReasonSchema.optional(),
  })
  .meta({ id: "ApprovalDecisionRequest" });
export type ApprovalDecisionRequest = z.infer<typeof ApprovalDecisionRequestSchema>;

export const ApprovalRequestSchema = z
  .object({
    id: IdSchema,
    ticketId: IdSchema,
    status: ApprovalStatusSchema,
    action: z.object({
      type: ActionTypeSchema,
      title: z.string().optional(),
      params: ParamsSchema,
      risk: z.enum(["low", "medium", "high"]),
      /** Params naming the object the action changes: shown read-only, never changed. */
      targetParams: z.array(z.string()).default([]),
    }),
    before: ParamsSchema.optional(),
    summary: z.string(),
    requestedBy: RequesterIdentitySchema,
    callbackUrl: z.string().optional(),
    expiresAt: IsoDateSchema,
    decision: z
      .object({
        agent: AgentSchema,
        outcome: z.enum(["approved", "rejected"]),
        params: ParamsSchema,
        paramsEdited: z.boolean(),
        comment: z.string().optional(),
        reason: RejectionReasonSchema.optional(),
        agentIdentity: z.enum(["asserted", "verified"]),
        decidedAt: IsoDateSchema,
      })
      .optional(),
    execution: ExecutionSchema.optional(),
    createdAt: IsoDateSchema,
  })
  .meta({ id: "ApprovalRequest" });
export type ApprovalRequest = z.infer<typeof ApprovalRequestSchema>;

export const ApprovalWaitQuerySchema = z.object({
  waitSeconds: z.coerce.number().int().min(0).max(60).default(0),
});
