import { describe, expect, it } from "vitest";
import { parseModelDraft } from "./parse-draft";

const valid = {
  language: "pt",
  reply: "Olá, Marta! Enviamos a segunda via da fatura hoje.",
  summary: "Pede a segunda via da fatura.",
  triage: { intent: "billing", sentiment: "neutral", urgency: "normal", confidence: 0.8 },
  rationale: ["Grounded in S1."],
  citations: ["S1"],
  actions: [{ type: "add_tags", paramsJson: '{"tags":["fatura"]}', rationale: "Invoice" }],
};

describe("parseModelDraft", () => {
  it("takes a valid answer as it is, with no notes", () => {
    expect(parseModelDraft(JSON.stringify(valid))).toEqual({ output: valid, notes: [] });
  });

  it("drops a bad action, a non-string citation and defaults a wrong enum, with notes", () => {
    const parsed = parseModelDraft(
      JSON.stringify({
        ...valid,
        triage: { ...valid.triage, sentiment: "neutro", confidence: "0.7" },
        citations: ["S1", 7],
        actions: [
          { type: "add_tags", params: { tags: ["fatura"] } },
          { tipo: "reenviar_fatura", paramsJson: "{}" },
          "send the invoice",
        ],
        extra: "ignored",
      }),
    );
    if (!("output" in parsed)) throw new Error("expected a usable answer");
    expect(parsed.output.triage).toEqual({ ...valid.triage, confidence: 0.7 });
    expect(parsed.output.citations).toEqual(["S1"]);
    expect(parsed.output.actions).toEqual([
      { type: "add_tags", paramsJson: '{"tags":["fatura"]}', rationale: "" },
    ]);
    expect(parsed.output).not.toHaveProperty("extra");
    expect(parsed.notes).toEqual([
      'The model\'s triage had an invalid sentiment "neutro" (set to neutral).',
      "Dropped citations the model wrote in a broken form.",
      'Not proposed (not a valid action): one without a type, "send the invoice".',
    ]);
  });

  it("asks again when the answer is not JSON, has no reply or ignores the schema", () => {
    expect(parseModelDraft("not json {")).toHaveProperty("correction");
    expect(parseModelDraft('{"reply": "x', "length")).toEqual({
      correction: "Your answer was cut off. Answer again, more briefly, as complete JSON.",
    });
    expect(parseModelDraft(JSON.stringify({ ...valid, reply: "  " }))).toHaveProperty("correction");
    expect(parseModelDraft(JSON.stringify({ reply: "missing fields" }))).toHaveProperty(
      "correction",
    );
  });
});
