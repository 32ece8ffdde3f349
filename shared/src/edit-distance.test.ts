import { describe, expect, it } from "vitest";
import { classifyEdit, editDistance, levenshtein } from "./edit-distance";

describe("editDistance", () => {
  it("is 0 for identical texts and 1 for completely different ones", () => {
    expect(editDistance("hello", "hello")).toBe(0);
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("abc", "xyz")).toBe(1);
    expect(editDistance("", "abc")).toBe(1);
  });

  it("divides by the longer length", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBeCloseTo(3 / 7);
  });

  it("classifies per the analytics definitions", () => {
    expect(classifyEdit(0)).toBe("unchanged");
    expect(classifyEdit(0.39)).toBe("lightly_edited");
    expect(classifyEdit(0.4)).toBe("rewritten");
  });
});
