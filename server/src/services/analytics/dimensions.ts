import type { AnalyticsGroupBy } from "@tandem/shared";

/** The dimensions partials are aggregated (and rolled up) by; "all" is the installation's total. */
export type Dim = "all" | "intent" | "mode" | "agent" | "actionType" | "requester";

type Source = "draft" | "proposed" | "decision" | "decisionAction" | "execution" | "approval";

/**
 * Group key of each source per dimension, as SQL over the source's aliases (d = drafts,
 * x = decisions, p = proposed_actions, a = decision_actions, e = action_executions,
 * r = approval_requests); null = this source does not count in that dimension.
 */
export const KEYS: Record<Dim, Record<Source, string | null>> = {
  all: {
    draft: "''",
    proposed: "''",
    decision: "''",
    decisionAction: "''",
    execution: "''",
    approval: "''",
  },
  intent: {
    draft: "d.intent",
    proposed: "d.intent",
    decision: "x.intent",
    decisionAction: "x.intent",
    execution: "x.intent",
    approval: null,
  },
  mode: {
    draft: "d.mode",
    proposed: "d.mode",
    decision: "x.mode",
    decisionAction: "x.mode",
    execution: "x.mode",
    approval: null,
  },
  agent: {
    draft: "coalesce(d.shown_by_id, d.requested_by_id, '(unknown)')",
    proposed: "coalesce(d.shown_by_id, d.requested_by_id, '(unknown)')",
    decision: "x.agent_id",
    decisionAction: "x.agent_id",
    execution: "coalesce(x.agent_id, r.decided_by_id)",
    approval: "r.decided_by_id",
  },
  actionType: {
    draft: null,
    proposed: "p.type",
    decision: null,
    decisionAction: "a.type",
    execution: "e.type",
    approval: "r.action_type",
  },
  requester: {
    draft: null,
    proposed: null,
    decision: null,
    decisionAction: null,
    execution: "r.requested_by_id",
    approval: "r.requested_by_id",
  },
};

export const DIMS = Object.keys(KEYS) as Dim[];

/** The dimension each `groupBy` reads; day and platform group the installation's total. */
export const GROUP_DIM: Record<AnalyticsGroupBy, Dim> = {
  intent: "intent",
  actionType: "actionType",
  agent: "agent",
  day: "all",
  platform: "all",
  mode: "mode",
  requester: "requester",
};
