import type { AnalyticsQuery, AnalyticsSummary } from "@tandem/shared";
import type { VerbArgs } from "../verb-args";
import { DAY_MS, dayStart, isoDay, resolveRange } from "./days";
import { GROUP_DIM } from "./dimensions";
import { decisionCsvPages } from "./export";
import { emptyPartial, finalize, mergePartial, type PartialMetrics, round } from "./metrics";
import {
  MODEL_PRICES,
  PRICING_NOTE,
  TIME_SAVED_ASSUMPTION,
  TYPING_CHARS_PER_MINUTE,
} from "./prices";
import { partialsFor } from "./rollups";

/**
 * Approval analytics, with the definitions of README.md, "Analytics": a used reply is unchanged
 * (edit distance 0), lightly edited (< 0.4) or rewritten; acceptance rate = (unchanged + lightly
 * edited) / decided; edit rate = (lightly edited + rewritten) / used; time to decision runs from
 * the first time a sidebar showed the draft. Counts, sums and means are exact; medians and
 * percentiles come from histograms (`histograms.ts`); settled days come from rollups (`rollups.ts`).
 */

// The verbs: the summary and the CSV export (routes), the rollup warm-up (background job).
export { warmAnalyticsRollups } from "./rollups";

/** Totals of the range and, with `groupBy`, one group per key (days of the range all appear). */
export async function analyticsSummary({
  ctx,
  input,
}: VerbArgs<AnalyticsQuery>): Promise<AnalyticsSummary> {
  const { tenant } = ctx;
  const range = resolveRange(input, ctx.clock.now());
  // An installation is one helpdesk on one platform: another platform's filter matches nothing.
  const platformMatches = !input.platform || input.platform === tenant.platform;
  const totalsMap = platformMatches
    ? await partialsFor(ctx, tenant.installationId, "all", range)
    : new Map<string, PartialMetrics>();
  const totals = emptyPartial();
  for (const partial of totalsMap.values()) mergePartial(totals, partial);

  let groups: AnalyticsSummary["groups"];
  if (input.groupBy) {
    const byKey = new Map<string, PartialMetrics>();
    const add = (key: string, partial: PartialMetrics) => {
      const existing = byKey.get(key) ?? emptyPartial();
      byKey.set(key, mergePartial(existing, partial));
    };
    if (input.groupBy === "day") {
      for (const [id, partial] of totalsMap) add(id.split("|")[0] ?? "", partial);
      // Every day of the range appears, so charts show gaps as zeros.
      for (let day = dayStart(range.from); day < range.to; day = new Date(day.getTime() + DAY_MS)) {
        if (!byKey.has(isoDay(day))) byKey.set(isoDay(day), emptyPartial());
      }
    } else if (input.groupBy === "platform") {
      if (platformMatches) byKey.set(tenant.platform, totals);
    } else if (platformMatches) {
      const map = await partialsFor(ctx, tenant.installationId, GROUP_DIM[input.groupBy], range);
      for (const [id, partial] of map) {
        const key = id.slice(id.indexOf("|") + 1);
        if (key !== "") add(key, partial);
      }
    }
    groups = [...byKey.entries()]
      .map(([key, partial]) => ({
        key,
        ...(partial.label && input.groupBy !== "day" ? { label: partial.label } : {}),
        metrics: finalize(partial),
      }))
      .sort((a, b) =>
        input.groupBy === "day"
          ? a.key.localeCompare(b.key)
          : b.metrics.decided +
              b.metrics.actions.proposed -
              (a.metrics.decided + a.metrics.actions.proposed) || a.key.localeCompare(b.key),
      );
  }

  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    totals: finalize(totals),
    ...(input.groupBy ? { groupBy: input.groupBy, groups } : {}),
    estimatedTimeSaved: {
      minutes: round(totals.keptChars / TYPING_CHARS_PER_MINUTE, 1),
      assumption: TIME_SAVED_ASSUMPTION,
    },
    pricing: { models: { ...MODEL_PRICES }, note: PRICING_NOTE },
    timeZone: "UTC",
  };
}

/**
 * Every decision of the installation in the range as CSV: a file name and the text in pages
 * (the first page is the header), so exports of any size stream in bounded memory.
 */
export function exportDecisionsCsv({
  ctx,
  input,
}: VerbArgs<Pick<AnalyticsQuery, "from" | "to"> & { pageSize?: number }>): {
  filename: string;
  pages: AsyncGenerator<string>;
} {
  const now = ctx.clock.now();
  const range = resolveRange(input, now);
  return {
    filename: `tandem-decisions-${now.toISOString().slice(0, 10)}.csv`,
    pages: decisionCsvPages(ctx.db, ctx.tenant.installationId, range, input.pageSize),
  };
}
