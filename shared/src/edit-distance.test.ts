import { describe, expect, it } from "vitest";
import { classifyEdit, editDistance } from "./edit-distance";

describe("editDistance", () => {
  it("is 0 for identical texts and 1 for completely different ones", () => {
    expect(editDistance("hello", "hello")).toBe(0);
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("abc", "xyz")).toBe(1);
    expect(editDistance("", "abc")).toBe(1);
  });

  it("divides the Levenshtein distance by the longer length", () => {
    expect(editDistance("kitten", "sitting")).toBeCloseTo(3 / 7);
    expect(editDistance("abcdefghij", "abcdefghXY")).toBeCloseTo(2 / 10);
    expect(editDistance("", "x")).toBe(1);
  });

  it("compares composed and decomposed accents as the same text", () => {
    expect(editDistance("café", "cafe\u0301")).toBe(0);
  });

  it("stays exact and fast on a long reply edited in one place", () => {
    const long = "Lorem ipsum dolor sit amet. ".repeat(700);
    const edited = `${long.slice(0, 9000)}CHANGED${long.slice(9010)}`;
    expect(editDistance(long, edited)).toBeCloseTo(10 / long.length, 12);
  });

  it("classifies per the analytics definitions", () => {
    expect(classifyEdit(0)).toBe("unchanged");
    expect(classifyEdit(0.39)).toBe("lightly_edited");
    expect(classifyEdit(0.4)).toBe("rewritten");
  });
});
