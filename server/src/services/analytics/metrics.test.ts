import { describe, expect, it } from "vitest";
import { quantile } from "./histograms";
import { emptyPartial, finalize, mergePartial } from "./metrics";

describe("quantile (percentile_cont over a histogram)", () => {
  it("interpolates between ranks like PostgreSQL", () => {
    const hist = { "10": 1, "20": 1, "30": 1, "40": 1 };
    expect(quantile(hist, 0.5)).toBe(25);
    expect(quantile(hist, 0.9)).toBeCloseTo(37, 10);
    expect(quantile({ "0": 3, "0.1": 2, "0.5": 1 }, 0.5)).toBeCloseTo(0.05, 10);
    expect(quantile({}, 0.5)).toBeNull();
    expect(quantile({ "7": 1 }, 0.9)).toBe(7);
  });
});

describe("finalize", () => {
  it("answers null rates when nothing was decided", () => {
    const metrics = finalize(emptyPartial());
    expect(metrics).toMatchObject({ acceptanceRate: null, editRate: null, offlineShare: null });
  });

  it("keeps what the helpdesk did apart from what was approved and what was executed", () => {
    const a = emptyPartial();
    Object.assign(a.actions, { proposed: 4, approved: 3, appliedByPolicy: 1, applied: 1 });
    const b = emptyPartial();
    Object.assign(b.actions, { approved: 1, staged: 2, applyFailed: 1, executed: 1, failed: 1 });
    const { actions } = finalize(mergePartial(mergePartial(emptyPartial(), a), b));
    expect(actions).toEqual({
      proposed: 4,
      approved: 4,
      rejected: 0,
      editedParams: 0,
      appliedByPolicy: 1,
      applied: 1,
      staged: 2,
      applyFailed: 1,
      executed: 1,
      failed: 1,
    });
  });
});
