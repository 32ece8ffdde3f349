import { AnalyticsQuerySchema, AnalyticsSummarySchema } from "@tandem/shared";
import { Hono } from "hono";
import { stream } from "hono/streaming";
import { z } from "zod";
import { validate } from "../lib/validate";
import { requireInstallation } from "../middleware/auth";
import type { OperationDoc } from "../openapi/registry";

import { analyticsSummary, exportDecisionsCsv } from "../services/analytics";
import type { AppEnv } from "../types";

const ExportQuerySchema = AnalyticsQuerySchema.pick({ from: true, to: true });

/** Approval analytics of the calling installation (product.md §6). */
export const analyticsRoutes = new Hono<AppEnv>()
  .get(
    "/analytics/summary",
    requireInstallation("admin", "app"),
    validate("query", AnalyticsQuerySchema),
    async (c) => {
      const summary = await analyticsSummary(c.get("ctx"), c.get("tenant"), c.req.valid("query"));
      c.header("cache-control", "private, no-store");
      return c.json(summary);
    },
  )
  .get(
    "/analytics/export.csv",
    requireInstallation("admin", "app"),
    validate("query", ExportQuerySchema),
    async (c) => {
      const ctx = c.get("ctx");
      const tenant = c.get("tenant");
      const query = c.req.valid("query");
      const day = ctx.clock.now().toISOString().slice(0, 10);
      c.header("content-type", "text/csv; charset=utf-8");
      c.header("content-disposition", `attachment; filename="tandem-decisions-${day}.csv"`);
      c.header("cache-control", "private, no-store");
      const pages = exportDecisionsCsv(ctx, tenant.installationId, query);
      // The first page is read before streaming, so a database error is still a proper 500.
      const first = await pages.next();
      return stream(c, async (out) => {
        if (!first.done) await out.write(first.value);
        for await (const chunk of pages) await out.write(chunk);
      });
    },
  );

const tag = "Analytics";
export const analyticsDocs: OperationDoc[] = [
  {
    method: "get",
    path: "/v1/analytics/summary",
    summary: "Approval analytics: totals and optional groups (product.md §6 definitions)",
    description:
      "Acceptance rate = (unchanged + lightly edited) / decided; edit rate = (lightly edited + rewritten) / used; edit distance = Levenshtein / longer length between the draft and the text sent (or approved). Time to decision is measured from the first time a sidebar showed the draft. Days are UTC; `from`/`to` accept dates (whole days, `to` inclusive) or timestamps; the default is the last 30 days. Medians and percentiles are interpolated from histograms (edit distance to 0.01; time to decision to about 2 %: 0.1 s under 10 s, 1 s under a minute, 10 s under 10 minutes, 1 min under an hour). Estimated time saved is an estimate with its assumption stated. `groupBy=actionType|requester` fill only action and approval counts; consult-a-human requests count under `actions` and `approvals`.",
    tag,
    security: "installation",
    scopes: ["admin", "app"],
    query: AnalyticsQuerySchema,
    responses: { 200: { description: "Summary", schema: AnalyticsSummarySchema } },
  },
  {
    method: "get",
    path: "/v1/analytics/export.csv",
    summary: "Every decision in the range as CSV, one row per decision",
    tag,
    security: "installation",
    scopes: ["admin", "app"],
    query: ExportQuerySchema,
    responses: {
      200: { description: "CSV (RFC 4180, UTF-8)", schema: z.string(), contentType: "text/csv" },
    },
  },
];
