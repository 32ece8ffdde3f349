import { describe, expect, it } from "vitest";
import { TandemApiError } from "./api";
import { fieldIssuesFrom, fieldIssueText, paramLabel } from "./field-issues";
import { createTranslator } from "./i18n";

const en = createTranslator("en");
const fr = createTranslator("fr");

const failed = (issues: ConstructorParameters<typeof TandemApiError>[4]) =>
  new TandemApiError("BAD_REQUEST", "Invalid params", 400, "req-1", issues);

describe("field issues", () => {
  it("maps a draft decision's action index to its id and words the rule in the agent's language", () => {
    const issues = fieldIssuesFrom(
      failed([
        {
          path: "actions.1.params.checkOut",
          message: "must not be before checkIn",
          keyword: "formatMinimum",
          params: { field: "checkIn" },
        },
        { path: "actions.0.params.bookingId", message: "is required", keyword: "required" },
        { path: "reply.body", message: "is too long" },
      ]),
      fr,
      { actionIds: ["a-1", "a-2"] },
    );
    expect(issues).toEqual([
      {
        actionId: "a-2",
        param: "checkOut",
        label: "Départ",
        message: "ne doit pas être avant Arrivée",
      },
      { actionId: "a-1", param: "bookingId", label: "Réservation", message: "est obligatoire" },
      { actionId: null, param: null, label: "", message: "is too long" },
    ]);
    expect(issues.map((issue) => fieldIssueText(issue, fr))).toEqual([
      "Départ : ne doit pas être avant Arrivée",
      "Réservation : est obligatoire",
      "is too long",
    ]);
  });

  it("places an approval request's issues (`params.x`, `action.params.x`) on the request", () => {
    const issues = fieldIssuesFrom(
      failed([
        {
          path: "action.params.amount",
          message: "must be at most 100",
          keyword: "maximum",
          params: { limit: 100 },
        },
        { path: "params.nights", message: "odd", keyword: "someNewRule" },
      ]),
      en,
      { actionId: "ap-1" },
    );
    expect(issues).toEqual([
      { actionId: "ap-1", param: "amount", label: "Amount", message: "must be at most 100" },
      { actionId: "ap-1", param: "nights", label: "Nights", message: "odd" },
    ]);
  });

  it("has nothing to say about errors without issues, and humanizes unknown params", () => {
    expect(fieldIssuesFrom(new Error("boom"), en)).toEqual([]);
    expect(fieldIssuesFrom(new TandemApiError("CONFLICT", "decided", 409), en)).toEqual([]);
    expect(paramLabel("returnWindowDays", en)).toBe("Return window days");
    expect(paramLabel("checkIn", createTranslator("de"))).toBe("Anreise");
  });
});
