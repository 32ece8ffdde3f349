import type { DecisionRequestInput, Draft, ProposedAction } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import {
  BOOKING_FIELDS,
  createFakeApi,
  createFakeHost,
  createManualTimers,
  sampleActions,
  sampleDraft,
} from "../testing";
import { canAddActionFor } from "./commitments-state";
import { effectiveParams } from "./decision";
import { createTranslator, type Translator } from "./i18n";
import {
  missingParams,
  missingParamsText,
  type ParamFieldView,
  paramFieldValue,
  paramFieldViews,
} from "./param-fields";
import { createReviewController } from "./review-controller";
import { canApproveAnyway, canDecide, decisionBlocker } from "./review-selectors";

const en = createTranslator("en");
const fieldActions = sampleActions.filter((action) => action.kind === "field");

function setup(draft: Draft, t: Translator = en) {
  const api = createFakeApi({ drafts: [draft] });
  const host = createFakeHost();
  const controller = createReviewController({
    api,
    host,
    t,
    timers: createManualTimers(),
    approvalPollMs: 0,
    newKey: () => "key-1",
  });
  return { api, host, controller };
}

const decisionOf = (api: ReturnType<typeof createFakeApi>) =>
  api.callsOf("decide")[0]?.[1] as DecisionRequestInput;

const PROMISE = "I have moved your booking BK-2210 to 12–15 June.";
/** Tom's draft with the booking promise the agent typed, and no action that does it yet. */
const bookingDraft = (overrides: Partial<Draft> = {}) =>
  sampleDraft({
    reply: { body: `Hi Tom, thanks for your message. ${PROMISE}`, language: "en" },
    actions: fieldActions,
    ...overrides,
  });

const business = (overrides: Partial<ProposedAction>): ProposedAction => ({
  id: "a-biz",
  type: "do_the_thing",
  kind: "business",
  title: "Do the thing",
  params: {},
  rationale: "",
  risk: "high",
  approval: "required",
  targetParams: [],
  addedBy: "drafter",
  fulfils: [],
  paramFields: [],
  ...overrides,
});

describe("promises bind with what the policy said each action backs", () => {
  it("uses the action's fulfils, not its name", async () => {
    const backs = business({ id: "a-move", fulfils: ["booking_change"] });
    const { controller } = setup(bookingDraft({ actions: [...fieldActions, backs] }));
    await controller.start();
    expect(controller.getState().commitments).toEqual([
      expect.objectContaining({ kind: "booking_change", actionId: "a-move" }),
    ]);

    // Named like a booking change, but the policy said it backs no promise.
    const named = business({ id: "a-named", type: "change_booking_dates", fulfils: [] });
    const other = setup(bookingDraft({ actions: [...fieldActions, named] }));
    await other.controller.start();
    expect(other.controller.getState().commitments).toEqual([
      expect.objectContaining({ kind: "booking_change", actionId: null }),
    ]);
    expect(decisionBlocker(other.controller.getState())).toBe("unbacked_commitments");
  });
});

describe("adding an action: only for what the policy can do", () => {
  it("offers it for the kinds the draft says are backable, and never calls the server otherwise", async () => {
    const { api, controller } = setup(bookingDraft({ backableKinds: ["refund"] }));
    await controller.start();
    const state = controller.getState();
    expect(canAddActionFor(state, "booking_change")).toBe(false);
    expect(canAddActionFor(state, "refund")).toBe(true);
    await controller.addActionForCommitment("booking_change");
    expect(api.callsOf("addDraftAction")).toHaveLength(0);
    expect(controller.getState().commitmentAction).toBeNull();
    // The other ways on stay: confirming it unblocks approval.
    controller.acknowledgeCommitments();
    expect(canDecide(controller.getState())).toBe(true);
  });
});

describe("param fields: every param the policy declares", () => {
  it("draws the added booking change's fields: its target locked, the dates empty until given", async () => {
    const { controller } = setup(bookingDraft());
    await controller.start();
    await controller.addActionForCommitment("booking_change");
    const state = controller.getState();
    const action = state.draft?.actions.find((a) => a.id === "added-booking_change");
    if (!action) throw new Error("the booking change was not added");
    expect(action.params).toEqual({ bookingId: "BK-2210" });
    const fields = paramFieldViews(
      action,
      effectiveParams(action, state.paramEdits[action.id]),
      en,
    );
    expect(
      fields.map(({ name, label, control, text, required, missing, locked }) => ({
        name,
        label,
        control,
        text,
        required,
        missing,
        locked,
      })),
    ).toEqual([
      // Known params in the agent's language, the others as the policy names them.
      {
        name: "bookingId",
        label: "Booking",
        control: "text",
        text: "BK-2210",
        required: true,
        missing: false,
        locked: true,
      },
      {
        name: "checkIn",
        label: "Check-in",
        control: "date",
        text: "",
        required: true,
        missing: true,
        locked: false,
      },
      {
        name: "checkOut",
        label: "Check-out",
        control: "date",
        text: "",
        required: true,
        missing: true,
        locked: false,
      },
      {
        name: "guests",
        label: "Guests",
        control: "number",
        text: "",
        required: false,
        missing: false,
        locked: false,
      },
      {
        name: "breakfast",
        label: "Breakfast",
        control: "checkbox",
        text: "",
        required: false,
        missing: false,
        locked: false,
      },
    ]);
    expect(fields[3]).toMatchObject({ min: 1, step: "1" });
    expect(fields[3]?.max).toBeUndefined();
  });

  it("keeps approval waiting while a required param of a checked business action is empty", async () => {
    const { api, controller } = setup(bookingDraft());
    await controller.start();
    await controller.addActionForCommitment("booking_change");
    let state = controller.getState();
    expect(state.commitments).toEqual([
      expect.objectContaining({ kind: "booking_change", actionId: "added-booking_change" }),
    ]);
    expect(decisionBlocker(state)).toBe("missing_params");
    expect(canDecide(state)).toBe(false);
    expect(missingParams(state, en).map((item) => item.param)).toEqual(["checkIn", "checkOut"]);
    expect(missingParamsText(state, en)).toBe(
      "Fill in Change booking dates: Check-in, Check-out to approve.",
    );
    await controller.approveAndInsert();
    await controller.insertOnly();
    expect(api.callsOf("decide")).toHaveLength(0);

    controller.setActionParam("added-booking_change", "checkIn", "2027-06-12");
    expect(missingParamsText(controller.getState(), en)).toBe(
      "Fill in Change booking dates: Check-out to approve.",
    );
    controller.setActionParam("added-booking_change", "checkOut", "  ");
    expect(canDecide(controller.getState())).toBe(false);
    controller.setActionParam("added-booking_change", "checkOut", "2027-06-15");
    // The target cannot be re-pointed from the sidebar.
    controller.setActionParam("added-booking_change", "bookingId", "BK-1042");
    state = controller.getState();
    expect(decisionBlocker(state)).toBeNull();
    await controller.approveAndInsert();
    expect(decisionOf(api).actions).toContainEqual({
      id: "added-booking_change",
      outcome: "approved",
      params: { bookingId: "BK-2210", checkIn: "2027-06-12", checkOut: "2027-06-15" },
    });
  });

  it("an emptied field is not given; an unchecked action waits for nothing", async () => {
    const { controller } = setup(
      sampleDraft({
        reply: { body: "Hi Tom, a colleague will look at your dates.", language: "en" },
        actions: [
          ...fieldActions,
          business({
            id: "a-move",
            params: { bookingId: "BK-2210", checkIn: "2027-06-12", checkOut: "2027-06-15" },
            targetParams: ["bookingId"],
            paramFields: BOOKING_FIELDS,
          }),
        ],
      }),
      createTranslator("es"),
    );
    await controller.start();
    expect(canDecide(controller.getState())).toBe(true);
    const es = createTranslator("es");
    const [, checkIn] = paramFieldViews(
      controller.getState().draft?.actions.at(-1) as ProposedAction,
      {},
    ) as [ParamFieldView, ParamFieldView];
    controller.setActionParam("a-move", "checkIn", paramFieldValue(checkIn, ""));
    const state = controller.getState();
    expect(state.paramEdits["a-move"]).toEqual({ checkIn: undefined });
    // The reason in the agent's language, the param as the product names it there.
    expect(missingParamsText(state, es)).toBe(
      es("actions.missing_params", { fields: `Do the thing: ${es("param.checkIn")}` }),
    );
    expect(missingParamsText(state, es)).toMatch(/^Complete Do the thing: .+ para aprobar\.$/);
    expect(canApproveAnyway(state)).toBe(false);
    controller.toggleAction("a-move", false);
    expect(canDecide(controller.getState())).toBe(true);
  });

  it("turns what the agent typed or picked into the param's own type", () => {
    const [amount, currency, level, breakfast, day] = paramFieldViews(
      {
        params: {},
        paramFields: [
          { name: "amount", label: "Amount", type: "number", required: true },
          {
            name: "currency",
            label: "Currency",
            type: "string",
            enum: ["EUR", "USD"],
            required: true,
          },
          { name: "level", label: "Level", type: "integer", enum: [1, 2, 3], required: false },
          { name: "breakfast", label: "Breakfast", type: "boolean", required: false },
          { name: "day", label: "Day", type: "string", format: "date", required: false },
        ],
      },
      {},
    ) as ParamFieldView[] as [
      ParamFieldView,
      ParamFieldView,
      ParamFieldView,
      ParamFieldView,
      ParamFieldView,
    ];
    expect(paramFieldValue(amount, "40.5")).toBe(40.5);
    expect(paramFieldValue(amount, "abc")).toBe("abc");
    expect(paramFieldValue(amount, "")).toBeUndefined();
    expect(paramFieldValue(currency, "USD")).toBe("USD");
    expect(paramFieldValue(level, "2")).toBe(2);
    expect(paramFieldValue(breakfast, true)).toBe(true);
    expect(paramFieldValue(day, "2027-06-12")).toBe("2027-06-12");
  });

  it("without declared fields, draws the scalar params the action carries (bot requests)", () => {
    const fields = paramFieldViews(
      {
        params: { bookingId: "BK-7", checkIn: "2025-02-03", nights: 2, tags: ["x"] },
        targetParams: ["bookingId"],
      },
      { bookingId: "BK-7", checkIn: "2025-02-05", nights: 2 },
      en,
    );
    expect(fields.map((f) => [f.name, f.control, f.text, f.locked, f.required])).toEqual([
      ["bookingId", "text", "BK-7", true, false],
      ["checkIn", "text", "2025-02-05", false, false],
      ["nights", "number", "2", false, false],
    ]);
  });
});
