import { describe, expect, it } from "vitest";
import { resolveRange } from "./days";

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
