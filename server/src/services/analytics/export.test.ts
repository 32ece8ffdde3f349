import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, csvCell } from "./export";

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
