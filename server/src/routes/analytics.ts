import { AnalyticsQuerySchema, AnalyticsSummarySchema } from "@tandem/shared";
import { stream } from "hono/streaming";
import { z } from "zod";
import { tenantContext } from "../middleware/context";
import { type Access, defineRoute, json, openApiRouter } from "../openapi/route";
import { analyticsSummary, exportDecisionsCsv } from "../services/analytics";

/** Approval analytics of the calling installation (definitions: README.md, "Analytics"). */
const tags = ["Analytics"];
const readers: Access = { security: "installation", scopes: ["admin", "app"] };
const ExportQuerySchema = AnalyticsQuerySchema.pick({ from: true, to: true });

const summary = defineRoute(readers, {
  method: "get",
  path: "/analytics/summary",
  summary: "Approval analytics: totals and optional groups (definitions in the description)",
  description:
    "Acceptance rate = (unchanged + lightly edited) / decided; edit rate = (lightly edited + rewritten) / used; edit distance = Levenshtein / longer length between the draft and the text sent (or approved). Time to decision is measured from the first time a sidebar showed the draft. Days are UTC; `from`/`to` accept dates (whole days, `to` inclusive) or timestamps; the default is the last 30 days. Medians and percentiles are interpolated from histograms (edit distance to 0.01; time to decision to about 2 %: 0.1 s under 10 s, 1 s under a minute, 10 s under 10 minutes, 1 min under an hour). Estimated time saved is an estimate with its assumption stated. `groupBy=actionType|requester` fill only action and approval counts; consult-a-human requests count under `actions` and `approvals`.",
  tags,
  request: { query: AnalyticsQuerySchema },
  responses: {
    200: { description: "Summary", content: json(AnalyticsSummarySchema) },
  },
});

const exportCsv = defineRoute(readers, {
  method: "get",
  path: "/analytics/export.csv",
  summary: "Every decision in the range as CSV, one row per decision",
  tags,
  request: { query: ExportQuerySchema },
  responses: {
    200: { description: "CSV (RFC 4180, UTF-8)", content: { "text/csv": { schema: z.string() } } },
  },
});

export const analyticsRoutes = openApiRouter()
  .openapi(summary, async (c) => {
    const body = await analyticsSummary({ ctx: tenantContext(c), input: c.req.valid("query") });
    c.header("cache-control", "private, no-store");
    return c.json(body, 200);
  })
  .openapi(exportCsv, async (c) => {
    const { filename, pages } = exportDecisionsCsv({
      ctx: tenantContext(c),
      input: c.req.valid("query"),
    });
    c.header("content-type", "text/csv; charset=utf-8");
    c.header("content-disposition", `attachment; filename="${filename}"`);
    c.header("cache-control", "private, no-store");
    // The first page is read before streaming, so a database error is still a proper 500.
    const first = await pages.next();
    return stream(c, async (out) => {
      if (!first.done) await out.write(first.value);
      for await (const chunk of pages) await out.write(chunk);
    });
  });
