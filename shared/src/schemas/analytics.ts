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
  executed: z.number().int(),
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
  })
  .meta({ id: "Metrics" });
export type Metrics = z.infer<typeof MetricsSchema>;

export const AnalyticsSummarySchema = z
  .object({
    from: z.string(),
    to: z.string(),
    totals: MetricsSchema,
    groupBy: AnalyticsGroupBySchema.optional(),
    groups: z.array(z.object({ key: z.string(), metrics: MetricsSchema })).optional(),
    estimatedTimeSaved: z.object({
      minutes: z.number(),
      assumption: z.string(),
    }),
  })
  .meta({ id: "AnalyticsSummary" });
export type AnalyticsSummary = z.infer<typeof AnalyticsSummarySchema>;
