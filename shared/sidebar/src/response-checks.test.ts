import { describe, expect, it } from "vitest";
import { sampleAddedAction, sampleDraft } from "../testing";
import { DraftResponse, ExecutionResponse, ProposedActionResponse } from "./response-checks";

describe("response checks", () => {
  it("accepts a draft of the contract and keeps every field", () => {
    const draft = sampleDraft();
    expect(DraftResponse.parse(draft)).toEqual(draft);
  });

  it("fills in the contract's defaults (an older server leaves them out)", () => {
    const { targetParams, addedBy, fulfils, paramFields, ...older } = sampleAddedAction("refund");
    expect(ProposedActionResponse.parse(older)).toMatchObject({
      targetParams: [],
      addedBy: "drafter",
      fulfils: [],
      paramFields: [],
    });
    const { backableKinds, ...olderDraft } = sampleDraft();
    expect(DraftResponse.parse(olderDraft).backableKinds).toEqual([]);
  });

  it("names the first field that breaks the shape", () => {
    const draft = sampleDraft();
    const broken = { ...draft, actions: [{ ...draft.actions[0], risk: "extreme" }] };
    expect(() => DraftResponse.parse(broken)).toThrow(/actions\.0\.risk: expected one of low/);
    expect(() => ExecutionResponse.parse({ id: "e" })).toThrow(/actionId: expected a string/);
    expect(() => DraftResponse.parse("<html>")).toThrow(/body: expected an object/);
  });
});
