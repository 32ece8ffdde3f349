import { editDistance } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { signPayload, verifyPayloadSignature } from "../lib/signature";
import {
  CSV_COLUMNS,
  csvCell,
  emptyPartial,
  finalize,
  mergePartial,
  quantile,
  resolveRange,
} from "./analytics";
import { replyEditDistance } from "./decisions";

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

describe("CSV_COLUMNS", () => {
  it("has the helpdesk's results beside the executions", () => {
    const at = (name: string) => CSV_COLUMNS.indexOf(name as (typeof CSV_COLUMNS)[number]);
    expect(at("actions_applied_in_helpdesk")).toBeGreaterThan(at("actions_edited_params"));
    expect(at("actions_staged_in_helpdesk")).toBe(at("actions_applied_in_helpdesk") + 1);
    expect(at("actions_failed_in_helpdesk")).toBe(at("actions_staged_in_helpdesk") + 1);
    expect(at("executions_succeeded")).toBe(at("actions_failed_in_helpdesk") + 1);
  });
});

describe("csvCell", () => {
  it("quotes, doubles quotes and defuses spreadsheet formulas", () => {
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(null)).toBe("");
  });
});

describe("replyEditDistance", () => {
  it("equals the shared definition, also for long texts edited in one place", () => {
    const long = "Lorem ipsum dolor sit amet. ".repeat(700);
    const edited = `${long.slice(0, 9000)}CHANGED${long.slice(9010)}`;
    expect(replyEditDistance(long, edited)).toBeCloseTo(10 / long.length, 12);
    for (const [a, b] of [
      ["abcdefghij", "abcdefghXY"],
      ["kitten", "sitting"],
      ["", "x"],
      ["same", "same"],
    ] as const) {
      expect(replyEditDistance(a, b)).toBeCloseTo(editDistance(a, b), 12);
    }
  });
});

describe("resolveRange", () => {
  it("treats dates as whole UTC days with an inclusive end, and defaults to 30 days", () => {
    const now = new Date("2030-01-10T12:00:00Z");
    expect(resolveRange({ from: "2030-01-01", to: "2030-01-02" }, now)).toEqual({
      from: new Date("2030-01-01T00:00:00Z"),
      to: new Date("2030-01-03T00:00:00Z"),
    });
    const fallback = resolveRange({}, now);
    expect(fallback.to).toEqual(now);
    expect(fallback.from).toEqual(new Date("2029-12-12T00:00:00Z"));
  });
});

describe("outbound signatures", () => {
  it("verify with the secret, within the replay window, and not otherwise", () => {
    const body = '{"executionId":"e1"}';
    const header = signPayload("whsec_a", 1_900_000_000, body);
    const ok = { nowSeconds: 1_900_000_100 };
    expect(verifyPayloadSignature("whsec_a", header, "1900000000", body, ok)).toBe(true);
    expect(verifyPayloadSignature("whsec_b", header, "1900000000", body, ok)).toBe(false);
    expect(verifyPayloadSignature("whsec_a", header, "1900000000", `${body} `, ok)).toBe(false);
    expect(
      verifyPayloadSignature("whsec_a", header, "1900000000", body, { nowSeconds: 1_900_001_000 }),
    ).toBe(false);
    expect(verifyPayloadSignature("whsec_a", `v1=00,${header}`, "1900000000", body, ok)).toBe(true);
  });
});
