import { type Metrics, RejectionReasonCodes } from "@tandem/shared";
import { addCounts, quantile } from "./histograms";

interface ActionCounts {
  proposed: number;
  approved: number;
  rejected: number;
  editedParams: number;
  appliedByPolicy: number;
  /** Field actions the helpdesk reported saved; an approval alone never counts here. */
  applied: number;
  staged: number;
  applyFailed: number;
  /** Business actions, from their executions. */
  executed: number;
  failed: number;
}

/** Additive aggregates: rollups store these, and merging two is a sum. */
export interface PartialMetrics {
  drafts: number;
  shown: number;
  offline: number;
  tokenDrafts: number;
  inputTokens: number;
  outputTokens: number;
  pricedDrafts: number;
  costUsd: number;
  decided: number;
  unchanged: number;
  lightlyEdited: number;
  rewritten: number;
  rejected: number;
  edSum: number;
  edCount: number;
  keptChars: number;
  edHist: Record<string, number>;
  ttdHist: Record<string, number>;
  reasons: Record<string, number>;
  actions: ActionCounts;
  approvals: {
    requested: number;
    approved: number;
    rejected: number;
    expired: number;
    pending: number;
  };
  /** A readable name for the group key (agent or requester name), when the dimension has one. */
  label?: string;
}

export function emptyPartial(): PartialMetrics {
  return {
    drafts: 0,
    shown: 0,
    offline: 0,
    tokenDrafts: 0,
    inputTokens: 0,
    outputTokens: 0,
    pricedDrafts: 0,
    costUsd: 0,
    decided: 0,
    unchanged: 0,
    lightlyEdited: 0,
    rewritten: 0,
    rejected: 0,
    edSum: 0,
    edCount: 0,
    keptChars: 0,
    edHist: {},
    ttdHist: {},
    reasons: {},
    actions: {
      proposed: 0,
      approved: 0,
      rejected: 0,
      editedParams: 0,
      appliedByPolicy: 0,
      applied: 0,
      staged: 0,
      applyFailed: 0,
      executed: 0,
      failed: 0,
    },
    approvals: { requested: 0, approved: 0, rejected: 0, expired: 0, pending: 0 },
  };
}

const SUMMED = [
  "drafts",
  "shown",
  "offline",
  "tokenDrafts",
  "inputTokens",
  "outputTokens",
  "pricedDrafts",
  "costUsd",
  "decided",
  "unchanged",
  "lightlyEdited",
  "rewritten",
  "rejected",
  "edSum",
  "edCount",
  "keptChars",
] as const;

export function mergePartial(target: PartialMetrics, source: PartialMetrics): PartialMetrics {
  for (const key of SUMMED) target[key] += source[key] ?? 0;
  addCounts(target.edHist, source.edHist ?? {});
  addCounts(target.ttdHist, source.ttdHist ?? {});
  addCounts(target.reasons, source.reasons ?? {});
  addCounts(
    target.actions as unknown as Record<string, number>,
    (source.actions ?? {}) as unknown as Record<string, number>,
  );
  addCounts(
    target.approvals as unknown as Record<string, number>,
    (source.approvals ?? {}) as unknown as Record<string, number>,
  );
  if (source.label) target.label = source.label;
  return target;
}

/** Merges maps of partials by id into a new map (the inputs are left as they are). */
export function mergePartialMaps(
  parts: Map<string, PartialMetrics>[],
): Map<string, PartialMetrics> {
  const merged = new Map<string, PartialMetrics>();
  for (const part of parts) {
    for (const [id, partial] of part) {
      const existing = merged.get(id);
      merged.set(
        id,
        existing ? mergePartial(existing, partial) : mergePartial(emptyPartial(), partial),
      );
    }
  }
  return merged;
}

export const round = (value: number, digits = 6) => Math.round(value * 10 ** digits) / 10 ** digits;
const ratio = (a: number, b: number) => (b > 0 ? round(a / b) : null);

/**
 * The public metrics of a partial, defined as in README.md, "Analytics": acceptance rate =
 * (unchanged + lightly edited) / decided; edit rate = (lightly edited + rewritten) / used.
 */
export function finalize(p: PartialMetrics): Metrics {
  const used = p.unchanged + p.lightlyEdited + p.rewritten;
  const medianEd = quantile(p.edHist, 0.5);
  const p50 = quantile(p.ttdHist, 0.5);
  const p90 = quantile(p.ttdHist, 0.9);
  const reasons: Metrics["rejectionReasons"] = {};
  for (const code of RejectionReasonCodes) {
    if (p.reasons[code]) reasons[code] = p.reasons[code];
  }
  return {
    drafts: p.drafts,
    shown: p.shown,
    decided: p.decided,
    unchanged: p.unchanged,
    lightlyEdited: p.lightlyEdited,
    rewritten: p.rewritten,
    rejected: p.rejected,
    acceptanceRate: ratio(p.unchanged + p.lightlyEdited, p.decided),
    editRate: ratio(p.lightlyEdited + p.rewritten, used),
    meanEditDistance: ratio(p.edSum, p.edCount),
    medianEditDistance: medianEd === null ? null : round(medianEd),
    timeToDecisionP50Ms: p50 === null ? null : Math.round(p50),
    timeToDecisionP90Ms: p90 === null ? null : Math.round(p90),
    offlineShare: ratio(p.offline, p.drafts),
    inputTokensPerDraft: p.tokenDrafts > 0 ? round(p.inputTokens / p.tokenDrafts, 1) : null,
    outputTokensPerDraft: p.tokenDrafts > 0 ? round(p.outputTokens / p.tokenDrafts, 1) : null,
    estimatedCostPerDraftUsd: p.pricedDrafts > 0 ? round(p.costUsd / p.pricedDrafts, 8) : null,
    actions: { ...p.actions },
    rejectionReasons: reasons,
    approvals: { ...p.approvals },
  };
}
