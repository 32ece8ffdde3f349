import { describe, expect, it } from "vitest";
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

describe("dashboard formatting", () => {
  it("reads nulls as a dash", () => {
    for (const format of [percent, decimal, count, duration, usd]) expect(format(null)).toBe(DASH);
  });

  it("formats rates, durations, money and minutes saved", () => {
    expect(percent(0.756)).toBe("76 %");
    expect(decimal(0.1234)).toBe("0.12");
    expect(count(12345)).toBe("12,345");
    expect([0, 450, 4_500, 45_000, 270_000, 1_500_000, 5_400_000].map(duration)).toEqual([
      "0",
      "450 ms",
      "4.5 s",
      "45 s",
      "4.5 min",
      "25 min",
      "1.5 h",
    ]);
    expect(duration(43_200_000)).toBe("12 h");
    expect([0, 0.004, 0.5].map(usd)).toEqual(["$0", "$0.00400", "$0.50"]);
    expect([4.5, 25, 90].map(minutesSaved)).toEqual(["4.5 min", "25 min", "1.5 h"]);
  });

  it("names analytics days and keys for people", () => {
    expect(shortDay("2030-01-05")).toBe("Jan 5");
    expect(shortDay("not a day")).toBe("not a day");
    expect(humanize("wrong_facts")).toBe("Wrong facts");
  });
});
