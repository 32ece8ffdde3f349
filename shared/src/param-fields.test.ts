import { describe, expect, it } from "vitest";
import { Limits } from "./limits";
import { humanizeParamName, paramFieldsOf } from "./param-fields";
import { ProposedActionSchema } from "./schemas/actions";

describe("paramFieldsOf", () => {
  it("describes every scalar param, required ones first in the order `required` lists them", () => {
    const fields = paramFieldsOf({
      type: "object",
      // As jsonb hands a stored policy back: object keys reordered, arrays kept.
      required: ["bookingId", "checkIn", "checkOut"],
      properties: {
        guests: { type: "integer", minimum: 1, maximum: 8 },
        checkIn: { type: "string", format: "date" },
        checkOut: {
          type: "string",
          format: "date",
          formatExclusiveMinimum: { $data: "1/checkIn" },
        },
        bookingId: { type: "string", pattern: "^BK-[0-9]{3,8}$", title: "Booking reference" },
        room: { type: "string", enum: ["single", "double", 3] },
        breakfast: { type: ["boolean", "null"] },
        email: { type: "string", format: "email" },
        pace: { type: "string", format: "hostname" },
      },
    });
    expect(fields).toEqual([
      { name: "bookingId", label: "Booking reference", type: "string", required: true },
      { name: "checkIn", label: "Check in", type: "string", format: "date", required: true },
      { name: "checkOut", label: "Check out", type: "string", format: "date", required: true },
      { name: "guests", label: "Guests", type: "integer", required: false, minimum: 1, maximum: 8 },
      { name: "room", label: "Room", type: "string", enum: ["single", "double"], required: false },
      { name: "breakfast", label: "Breakfast", type: "boolean", required: false },
      { name: "email", label: "Email", type: "string", format: "email", required: false },
      // A format no input draws is plain text.
      { name: "pace", label: "Pace", type: "string", required: false },
    ]);
  });

  it("leaves out what no field can edit, and what the schema does not declare", () => {
    expect(
      paramFieldsOf({
        type: "object",
        required: ["items", "ghost"],
        properties: {
          items: { type: "array", items: { type: "string" } },
          address: { type: "object" },
          either: { type: ["string", "number"] },
          free: {},
          broken: "not a schema",
          level: { enum: [1, 2, 3] },
        },
      }),
    ).toEqual([
      { name: "level", label: "Level", type: "number", enum: [1, 2, 3], required: false },
    ]);
    expect(paramFieldsOf({ type: "object" })).toEqual([]);
    expect(paramFieldsOf({ type: "object", properties: ["a"] })).toEqual([]);
  });

  it("stays within the contract's bounds, whatever the policy says", () => {
    const properties = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [
        `p${i}`,
        {
          type: "string",
          title: "x".repeat(500),
          enum: Array.from({ length: 80 }, (_, j) => `v${j}`),
        },
      ]),
    );
    const fields = paramFieldsOf({ type: "object", properties });
    expect(fields).toHaveLength(Limits.paramFieldsPerAction);
    expect(fields[0]?.label).toHaveLength(Limits.nameLength);
    expect(fields[0]?.enum).toHaveLength(Limits.paramFieldOptions);
    const action = {
      id: "a-1",
      type: "change_booking_dates",
      kind: "business",
      params: {},
      rationale: "",
      risk: "high",
      approval: "required",
      paramFields: fields,
    };
    expect(ProposedActionSchema.parse(action)).toMatchObject({ fulfils: [], targetParams: [] });
  });

  it("humanises param names", () => {
    expect(humanizeParamName("checkOut")).toBe("Check out");
    expect(humanizeParamName("booking_ref")).toBe("Booking ref");
    expect(humanizeParamName("orderID")).toBe("Order id");
  });
});
