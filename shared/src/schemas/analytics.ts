import { z } from "zod";
import { PlatformSchema } from "./common";
import { RejectionReasonCodes } from "./decision";

export const AnalyticsGroupBySchema = z.enum([
  "intent",
  "actionType",
  "agent",
  "day",
  "platform",
  "mode",
  "requester",
]);
export type AnalyticsGroupBy = z.infer<typeof AnalyticsGroupBySchema>;

const dateParam = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const AnalyticsQuerySchema = z.object({
  from: dateParam.optional(),
  to: dateParam.optional(),
  platform: PlatformSchema.optional(),
  groupBy: AnalyticsGroupBySchema.optional(),
});
export type AnalyticsQuery = z.infer<typeof AnalyticsQuerySchema>;

export const ActionCountsSchema = z.object({
  proposed: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  editedParams: z.number().int(),
  appliedByPolicy: z.number().int(),
  /** The helpdesk reported the field change saved. */
  applied: z.number().int(),
  /** Set in the helpdesk form, waiting for the agent to submit it (not yet applied). */
  staged: z.number().int(),
  /** The helpdesk refused or failed to apply it. */
  applyFailed: z.number().int(),
  /** Business actions the receiving system confirmed. */
  executed: z.number().int(),
  /** Business actions that failed for good. */
  failed: z.number().int(),
});

export const MetricsSchema = z
  .object({
    drafts: z.number().int(),
    shown: z.number().int(),
    decided: z.number().int(),
    unchanged: z.number().int(),
    lightlyEdited: z.number().int(),
    rewritten: z.number().int(),
    rejected: z.number().int(),
    /** (unchanged + lightly edited) / decided; null when nothing was decided. */
    acceptanceRate: z.number().nullable(),
    /** (lightly edited + rewritten) / used. */
    editRate: z.number().nullable(),
    meanEditDistance: z.number().nullable(),
    medianEditDistance: z.number().nullable(),
    timeToDecisionP50Ms: z.number().nullable(),
    timeToDecisionP90Ms: z.number().nullable(),
    offlineShare: z.number().nullable(),
    inputTokensPerDraft: z.number().nullable(),
    outputTokensPerDraft: z.number().nullable(),
    estimatedCostPerDraftUsd: z.number().nullable(),
    actions: ActionCountsSchema,
    rejectionReasons: z.partialRecord(z.enum(RejectionReasonCodes), z.number().int()),
    /** Consult-a-human requests from external agents (counted in `actions` too). */
    approvals: z
      .object({
        requested: z.number().int(),
        approved: z.number().int(),
        rejected: z.number().int(),
        expired: z.number().int(),
        pending: z.number().int(),
      })
      .optional(),
  })
  .meta({ id: "Metrics" });
export type Metrics = z.infer<typeof MetricsSchema>;

export const AnalyticsSummarySchema = z
  .object({
    from: z.string(),
    to: z.string(),
    totals: MetricsSchema,
    groupBy: AnalyticsGroupBySchema.optional(),
    groups: z
      .array(
        z.object({
          key: z.string(),
          /** A readable name for the key (agent or requester name) when one is known. */
          label: z.string().optional(),
          metrics: MetricsSchema,
        }),
      )
      .optional(),
    estimatedTimeSaved: z.object({
      minutes: z.number(),
      assumption: z.string(),
    }),
    /** Prices behind `estimatedCostPerDraftUsd`, in USD per million tokens. */
    pricing: z
      .object({
        models: z.record(z.string(), z.object({ input: z.number(), output: z.number() })),
        note: z.string(),
      })
      .optional(),
    /** Days and `from`/`to` dates are UTC. */
    timeZone: z.literal("UTC").optional(),
  })
  .meta({ id: "AnalyticsSummary" });
export type AnalyticsSummary = z.infer<typeof AnalyticsSummarySchema>;
