import { z } from "zod";
import { IdSchema, IsoDateSchema } from "./common";

export const AuditEventTypes = [
  "draft.generated",
  "draft.shown",
  "draft.decided",
  "draft.sent",
  "draft.commitments_acknowledged",
  "draft.action_added",
  "action.approved",
  "action.rejected",
  "action.applied_by_policy",
  "action.executed",
  "action.failed",
  "action.retried",
  "action.host_failed",
  "draft.insert_failed",
  "approval.requested",
  "approval.decided",
  "approval.expired",
  "policy.changed",
  "token.issued",
  "token.revoked",
  "installation.created",
] as const;
export const AuditEventTypeSchema = z.enum(AuditEventTypes);
export type AuditEventType = z.infer<typeof AuditEventTypeSchema>;

export const AuditEventSchema = z
  .object({
    id: IdSchema,
    type: AuditEventTypeSchema,
    ticketId: z.string().nullable(),
    actor: z.object({
      kind: z.enum(["agent", "bot", "system", "admin"]),
      id: z.string().nullable(),
    }),
    subjectId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: IsoDateSchema,
  })
  .meta({ id: "AuditEvent" });
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditQuerySchema = z.object({
  ticketId: IdSchema.optional(),
  type: AuditEventTypeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
