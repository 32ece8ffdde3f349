import { Limits } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import {
  customFields,
  customFieldValue,
  EPOCH,
  idOf,
  isoDate,
  localeOf,
  requesterOf,
  ticketRef,
  ticketTags,
} from "./common";

describe("ticket-mapping common rules", () => {
  it("turns helpdesk ids into string ids and refuses empty or foreign shapes", () => {
    expect(idOf(42)).toBe("42");
    expect(idOf("abc")).toBe("abc");
    expect(idOf("")).toBeUndefined();
    expect(idOf(null)).toBeUndefined();
    expect(idOf({ id: 1 })).toBeUndefined();
  });

  it("normalizes dates to ISO 8601 and falls back on missing or unparsable ones", () => {
    expect(isoDate("2026-03-01T10:00:00Z", EPOCH)).toBe("2026-03-01T10:00:00.000Z");
    expect(isoDate("2026-03-01T12:00:00+02:00", EPOCH)).toBe("2026-03-01T10:00:00.000Z");
    expect(isoDate("yesterday", EPOCH)).toBe("1970-01-01T00:00:00.000Z");
    expect(isoDate("", "2026-01-01T00:00:00.000Z")).toBe("2026-01-01T00:00:00.000Z");
    expect(isoDate(1_700_000_000, EPOCH)).toBe(EPOCH);
  });

  it("keeps only locale tags, not free text", () => {
    expect(localeOf("es")).toBe("es");
    expect(localeOf("pt-BR")).toBe("pt-BR");
    expect(localeOf("zh_Hant_TW")).toBe("zh_Hant_TW");
    expect(localeOf("Spanish (Spain)")).toBeUndefined();
    expect(localeOf("")).toBeUndefined();
    expect(localeOf(null)).toBeUndefined();
  });

  it("drops empty and non-string tags, clips long ones and caps the count", () => {
    expect(ticketTags(["vip", "", 7, null, "x".repeat(300)])).toEqual([
      "vip",
      "x".repeat(Limits.tagLength),
    ]);
    expect(ticketTags(Array.from({ length: 150 }, (_, i) => `t${i}`))).toHaveLength(
      Limits.tagsPerTicket,
    );
    expect(ticketTags(null)).toEqual([]);
  });

  it("carries custom field values the contract allows, clipped, and skips other shapes", () => {
    expect(customFieldValue(null)).toBeNull();
    expect(customFieldValue(3)).toBe(3);
    expect(customFieldValue(false)).toBe(false);
    expect(customFieldValue("y".repeat(2_500))).toHaveLength(2_000);
    expect(customFieldValue(["a", "b".repeat(300)])).toEqual(["a", "b".repeat(200)]);
    expect(customFieldValue(Array.from({ length: 60 }, () => "v"))).toHaveLength(50);
    expect(customFieldValue([1, 2])).toBeUndefined();
    expect(customFieldValue({ nested: true })).toBeUndefined();
    expect(customFieldValue(undefined)).toBeUndefined();
  });

  it("builds custom fields up to the contract's count, counting only the kept ones", () => {
    const entries: [string, unknown][] = [
      ["skipped", { nested: true }],
      ...Array.from({ length: 120 }, (_, i): [string, unknown] => [`cf_${i}`, i]),
    ];
    const fields = customFields(entries);
    expect(Object.keys(fields ?? {})).toHaveLength(Limits.customFieldsPerTicket);
    expect(fields?.cf_0).toBe(0);
    expect(fields?.skipped).toBeUndefined();
    expect(customFields([["k".repeat(150), "v"]])).toEqual({ ["k".repeat(100)]: "v" });
    expect(customFields([["only", undefined]])).toBeUndefined();
    expect(customFields([])).toBeUndefined();
  });

  it("references a group or assignee only when the ticket has one", () => {
    expect(ticketRef(5, "Tier 1")).toEqual({ id: "5", name: "Tier 1" });
    expect(ticketRef("7")).toEqual({ id: "7" });
    expect(ticketRef(3, "")).toEqual({ id: "3" });
    expect(ticketRef(1, "n".repeat(300))?.name).toHaveLength(Limits.nameLength);
    expect(ticketRef(null, "Tier 1")).toBeNull();
    expect(ticketRef(0)).toBeNull();
    expect(ticketRef(undefined)).toBeNull();
  });

  it("names the requester by name, then email, then the fallback", () => {
    expect(
      requesterOf({ id: "1", name: " Marta ", email: "m@example.com", locale: "es" }, "Customer"),
    ).toEqual({ id: "1", name: "Marta", email: "m@example.com", locale: "es" });
    expect(requesterOf({ id: "2", name: "  ", email: "x@example.com" }, "Customer")).toEqual({
      id: "2",
      name: "x@example.com",
      email: "x@example.com",
    });
    expect(requesterOf({ id: "3", name: null, locale: "Deutsch" }, "#3")).toEqual({
      id: "3",
      name: "#3",
    });
    expect(requesterOf({ id: "4", name: "n".repeat(300) }, "x").name).toHaveLength(
      Limits.nameLength,
    );
  });
});
