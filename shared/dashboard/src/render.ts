import type { AnalyticsSummary, Metrics } from "@tandem/shared";
import { type LineChartInput, lineChart, type Series, stackedBars } from "./charts";
import { el } from "./dom";
import {
  count,
  DASH,
  decimal,
  duration,
  humanize,
  minutesSaved,
  percent,
  shortDay,
  usd,
} from "./format";

/** The four summaries the dashboard shows; `loadDashboardData` fetches them. */
export interface DashboardData {
  byDay: AnalyticsSummary;
  byIntent: AnalyticsSummary;
  byActionType: AnalyticsSummary;
  byAgent: AnalyticsSummary;
}

export interface RenderOptions {
  /** Defaults to the container's ownerDocument. */
  document?: Document;
}

const C = {
  unchanged: "var(--tandem-good)",
  light: "var(--tandem-accent)",
  rewritten: "var(--tandem-warn)",
  rejected: "var(--tandem-bad)",
  muted: "var(--tandem-muted)",
};

const REASONS: Record<string, string> = {
  wrong_facts: "Wrong facts",
  wrong_tone: "Wrong tone",
  wrong_language: "Wrong language",
  not_relevant: "Not relevant",
  missing_information: "Missing information",
  should_be_action: "Should be an action",
  policy: "Policy",
  other: "Other",
};

function tile(doc: Document, label: string, value: string, hint?: string) {
  return el(doc, "div", { class: "tandem-tile" }, [
    el(doc, "dt", {}, [label]),
    el(doc, "dd", {}, [
      el(doc, "span", { class: "tandem-tile-value" }, [value]),
      hint ? el(doc, "span", { class: "tandem-tile-hint" }, [hint]) : null,
    ]),
  ]);
}

function tiles(doc: Document, summary: AnalyticsSummary) {
  const m = summary.totals;
  const used = m.unchanged + m.lightlyEdited + m.rewritten;
  return el(doc, "dl", { class: "tandem-tiles" }, [
    tile(
      doc,
      "Acceptance rate",
      percent(m.acceptanceRate),
      `${count(m.unchanged + m.lightlyEdited)} of ${count(m.decided)} decided`,
    ),
    tile(
      doc,
      "Edit rate",
      percent(m.editRate),
      `${count(m.lightlyEdited + m.rewritten)} of ${count(used)} used replies`,
    ),
    tile(
      doc,
      "Edit distance",
      decimal(m.medianEditDistance),
      `median · mean ${decimal(m.meanEditDistance)}`,
    ),
    tile(
      doc,
      "Time to decision",
      duration(m.timeToDecisionP50Ms),
      `p50 · p90 ${duration(m.timeToDecisionP90Ms)}`,
    ),
    tile(doc, "Drafts", count(m.drafts), `${count(m.shown)} shown · ${count(m.decided)} decided`),
    tile(doc, "Offline drafts", percent(m.offlineShare), "share drafted without the model"),
    tile(
      doc,
      "Cost per draft",
      usd(m.estimatedCostPerDraftUsd),
      m.inputTokensPerDraft === null
        ? "no model usage"
        : `${count(Math.round(m.inputTokensPerDraft))} in · ${count(Math.round(m.outputTokensPerDraft ?? 0))} out tokens`,
    ),
    tile(
      doc,
      "Estimated time saved",
      minutesSaved(summary.estimatedTimeSaved.minutes),
      "estimate — see assumption below",
    ),
  ]);
}

/**
 * A wide card with a table of groups: the group's name heads each row, numbers fill the other
 * columns. Without groups, a card (of `emptyClass`) saying so.
 */
function groupTable(
  doc: Document,
  input: {
    title: string;
    emptyClass: string;
    empty: string;
    note?: string;
    head: string[];
    rows: { header: string; cells: (Node | string)[][] }[];
  },
) {
  const { title } = input;
  if (input.rows.length === 0) {
    return el(doc, "section", { class: input.emptyClass, "aria-label": title }, [
      el(doc, "h3", { class: "tandem-card-title" }, [title]),
      el(doc, "p", { class: "tandem-empty" }, [input.empty]),
    ]);
  }
  return el(doc, "section", { class: "tandem-card tandem-wide", "aria-label": title }, [
    el(doc, "h3", { class: "tandem-card-title" }, [title]),
    input.note ? el(doc, "p", { class: "tandem-card-note" }, [input.note]) : null,
    el(doc, "div", { class: "tandem-table-wrap" }, [
      el(doc, "table", { class: "tandem-table" }, [
        el(doc, "thead", {}, [
          el(
            doc,
            "tr",
            {},
            input.head.map((h, i) =>
              el(doc, "th", { scope: "col", class: i === 0 ? undefined : "tandem-num" }, [h]),
            ),
          ),
        ]),
        el(
          doc,
          "tbody",
          {},
          input.rows.map((row) =>
            el(doc, "tr", {}, [
              el(doc, "th", { scope: "row" }, [row.header]),
              ...row.cells.map((cell) => el(doc, "td", { class: "tandem-num" }, cell)),
            ]),
          ),
        ),
      ]),
    ]),
  ]);
}

function agentTable(doc: Document, summary: AnalyticsSummary) {
  return groupTable(doc, {
    title: "Adoption by agent",
    emptyClass: "tandem-card",
    empty: "No agent activity in this period.",
    head: [
      "Agent",
      "Drafts seen",
      "Decided",
      "Acceptance",
      "Edit rate",
      "Median edit",
      "Time to decide (p50)",
      "Actions decided",
    ],
    rows: (summary.groups ?? []).map((g) => {
      const m = g.metrics;
      const acceptance = m.acceptanceRate;
      return {
        header: g.label ?? g.key,
        cells: [
          [count(m.shown)],
          [count(m.decided)],
          [
            el(doc, "span", { class: "tandem-meter", "aria-hidden": "true" }, [
              el(doc, "span", { style: `width: ${Math.round((acceptance ?? 0) * 100)}%` }),
            ]),
            percent(acceptance),
          ],
          [percent(m.editRate)],
          [decimal(m.medianEditDistance)],
          [duration(m.timeToDecisionP50Ms)],
          [count(m.actions.approved + m.actions.rejected)],
        ],
      };
    }),
  });
}

/** "a / b / c", or a dash when every part is zero (nothing of that kind happened). */
function triple(...values: number[]) {
  return values.some((v) => v > 0) ? values.map(count).join(" / ") : DASH;
}

/**
 * What became of each action type: the decisions on it, then what actually happened — field
 * actions as the helpdesk reported them (an approval alone is not an application), business
 * actions as the receiving system answered.
 */
function actionOutcomeTable(doc: Document, summary: AnalyticsSummary) {
  return groupTable(doc, {
    title: "Actions by type: decided and done",
    emptyClass: "tandem-card tandem-wide",
    empty: "No actions proposed in this period.",
    note: "Field actions count as applied only when the helpdesk reported them saved; staged = set in the ticket form, saved when the agent submits it. Business actions are executed by the server and confirmed by the receiving system.",
    head: [
      "Action",
      "Proposed",
      "Approved",
      "Applied by policy",
      "Rejected",
      "Applied / staged / failed in helpdesk",
      "Executed / failed",
    ],
    rows: (summary.groups ?? []).map((g) => {
      const a = g.metrics.actions;
      return {
        header: humanize(g.key),
        cells: [
          [count(a.proposed)],
          [count(a.approved)],
          [count(a.appliedByPolicy)],
          [count(a.rejected)],
          [triple(a.applied, a.staged, a.applyFailed)],
          [triple(a.executed, a.failed)],
        ],
      };
    }),
  });
}

function outcomeRow(label: string, m: Metrics) {
  return {
    label,
    segments: [m.unchanged, m.lightlyEdited, m.rewritten, m.rejected],
    note: m.decided > 0 ? percent(m.acceptanceRate) : DASH,
  };
}

/**
 * Renders the analytics dashboard into `container` (replacing its content): KPI tiles, trends,
 * outcomes by intent and action type, rejection reasons, time to decision and per-agent adoption.
 * Framework-free DOM and inline SVG, themable through the `--tandem-*` CSS variables.
 */
export function renderDashboard(
  container: HTMLElement,
  data: DashboardData,
  options: RenderOptions = {},
) {
  const doc = options.document ?? container.ownerDocument;
  const days = data.byDay.groups ?? [];
  const labels = days.map((g) => shortDay(g.key));
  const longLabels = days.map((g) => g.key);
  const totals = data.byDay.totals;

  // Both trends plot daily metrics over the same days.
  const dailyTrend = (
    input: Pick<LineChartInput, "title" | "description" | "format" | "yMax">,
    series: (Omit<Series, "values"> & { value: (m: Metrics) => number | null })[],
  ) =>
    lineChart(doc, {
      ...input,
      labels,
      longLabels,
      series: series.map(({ value, ...line }) => ({
        ...line,
        values: days.map((g) => value(g.metrics)),
      })),
      empty: "No decisions in this period yet.",
    });

  const trend = dailyTrend(
    {
      title: "Acceptance and edit rate by day",
      description:
        "Acceptance = (unchanged + lightly edited) ÷ decided. Edit rate = (lightly edited + rewritten) ÷ used.",
      yMax: 1,
      format: (v) => percent(v),
    },
    [
      { name: "Acceptance rate", color: C.unchanged, value: (m) => m.acceptanceRate },
      { name: "Edit rate", color: C.light, value: (m) => m.editRate, dashed: true },
    ],
  );

  const timing = dailyTrend(
    {
      title: "Time to decision",
      description: "From the first time a sidebar showed the draft to the agent's decision.",
      format: (v) => duration(v),
    },
    [
      { name: "Median (p50)", color: C.light, value: (m) => m.timeToDecisionP50Ms },
      { name: "p90", color: C.rewritten, value: (m) => m.timeToDecisionP90Ms, dashed: true },
    ],
  );

  const outcomeParts = [
    { name: "Unchanged", color: C.unchanged },
    { name: "Lightly edited", color: C.light },
    { name: "Rewritten", color: C.rewritten },
    { name: "Rejected", color: C.rejected },
  ];
  const byIntent = stackedBars(doc, {
    title: "Reply outcomes by intent",
    description: "Right: acceptance rate.",
    parts: outcomeParts,
    rows: (data.byIntent.groups ?? []).map((g) => outcomeRow(humanize(g.key), g.metrics)),
    empty: "No decided drafts in this period.",
  });

  const byAction = stackedBars(doc, {
    title: "Actions by type",
    description:
      "Approved, applied by policy or rejected; right: business actions executed / failed. What the helpdesk did with field actions is in the table below.",
    parts: [
      { name: "Approved", color: C.unchanged },
      { name: "Applied by policy", color: C.light },
      { name: "Rejected", color: C.rejected },
      { name: "Not decided", color: C.muted },
    ],
    rows: (data.byActionType.groups ?? []).map((g) => {
      const a = g.metrics.actions;
      const undecided = Math.max(0, a.proposed - a.approved - a.appliedByPolicy - a.rejected);
      return {
        label: humanize(g.key),
        segments: [a.approved, a.appliedByPolicy, a.rejected, undecided],
        note: a.executed + a.failed > 0 ? `${a.executed} ✓ ${a.failed} ✗` : `${a.proposed}`,
      };
    }),
    empty: "No actions proposed in this period.",
  });

  const reasons = stackedBars(doc, {
    title: "Why drafts were rejected",
    parts: [{ name: "Rejected drafts", color: C.rejected }],
    rows: Object.entries(totals.rejectionReasons)
      .filter(([, n]) => (n ?? 0) > 0)
      .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
      .map(([code, n]) => ({ label: REASONS[code] ?? humanize(code), segments: [n ?? 0] })),
    empty: "No rejections in this period.",
  });

  const notes = el(
    doc,
    "section",
    { class: "tandem-notes", "aria-label": "Definitions and assumptions" },
    [
      el(doc, "p", {}, ["Estimated time saved: ", data.byDay.estimatedTimeSaved.assumption]),
      data.byDay.pricing ? el(doc, "p", {}, ["Cost: ", data.byDay.pricing.note]) : null,
      el(doc, "p", {}, [
        `Period ${data.byDay.from.slice(0, 10)} – ${new Date(new Date(data.byDay.to).getTime() - 1).toISOString().slice(0, 10)} (UTC). Edit distance = character Levenshtein distance ÷ longer text (0 unchanged, 1 rewritten); lightly edited < 0.4.`,
      ]),
    ],
  );

  container.replaceChildren(
    tiles(doc, data.byDay),
    el(doc, "div", { class: "tandem-grid" }, [
      trend,
      timing,
      byIntent,
      byAction,
      reasons,
      actionOutcomeTable(doc, data.byActionType),
      agentTable(doc, data.byAgent),
    ]),
    notes,
  );
}
