import { randomUUID } from "node:crypto";
import { DraftSchema, ProposedActionSchema } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDraft,
  createRefundDraft,
  createTestContext,
  type FakeOpenAI,
  makeTicket,
  startFakeOpenAI,
  type TestContext,
  type TestInstallation,
} from "../test";
import { agent, postDecision } from "./test/decisions";
import { putKnowledge } from "./test/knowledge";
import { createModelTestContext } from "./test/model";

/** Every promise is backed by an action: drafts, decisions and adding the action that backs one. */

let t: TestContext;
let acme: TestInstallation;
let other: TestInstallation;
let botToken: string;

const REFUND_ORDER = {
  type: "refund_order",
  title: "Refund order",
  description: "Refunds an order through the shop's API.",
  paramsSchema: {
    type: "object",
    required: ["orderId", "amount"],
    additionalProperties: false,
    properties: {
      orderId: { type: "string", pattern: "^ORD-[0-9]+$" },
      amount: { type: "number", exclusiveMinimum: 0, maximum: 1000 },
      currency: { type: "string", enum: ["EUR", "USD"] },
    },
  },
  endpoint: "https://shop.example.com/hooks/refund",
  risk: "high" as const,
};

const CHANGE_BOOKING_DATES = {
  type: "change_booking_dates",
  title: "Change booking dates",
  description: "Moves a booking to new dates.",
  paramsSchema: {
    type: "object",
    required: ["bookingId", "checkIn", "checkOut"],
    additionalProperties: false,
    properties: {
      bookingId: { type: "string", pattern: "^BK-[0-9]{3,8}$" },
      checkIn: { type: "string", format: "date" },
      checkOut: { type: "string", format: "date" },
    },
  },
  endpoint: "https://booking.example.com/change-dates",
  risk: "high" as const,
};

const CANCEL_ORDER = {
  type: "cancel_order",
  title: "Cancel order",
  paramsSchema: {
    type: "object",
    required: ["orderId"],
    properties: { orderId: { type: "string" } },
  },
  endpoint: "https://shop.example.com/hooks/cancel",
  approval: "blocked" as const,
};

const POLICY = {
  businessActions: [REFUND_ORDER, CHANGE_BOOKING_DATES, CANCEL_ORDER],
  rules: { add_tags: "auto" as const, set_status: "required" as const },
};

const MACROS = [
  {
    externalId: "macro-refund-es",
    title: "Reembolso aprobado",
    locale: "es",
    body: "Hola {{ticket.requester.first_name}}:\n\nSiento mucho que tu pedido llegara dañado. He aprobado el reembolso completo; lo verás en tu método de pago original en 5–7 días hábiles. No hace falta que devuelvas el artículo.\n\nUn saludo,\n{{current_user.name}}",
    actions: [{ type: "add_tags", params: { tags: ["reembolso"] } }],
  },
  {
    externalId: "macro-refund-en",
    title: "Refund approved for broken glasses",
    locale: "en",
    body: "Hi {{ticket.requester.first_name}},\n\nI am sorry the glasses arrived broken. I have approved the full refund for your order.\n\nBest regards,\n{{current_user.name}}",
    actions: [
      { type: "refund_order", params: { orderId: "ORD-1001", amount: 20, currency: "EUR" } },
    ],
  },
  {
    externalId: "macro-booking-en",
    title: "Booking date change requested",
    locale: "en",
    body: "Hi {{ticket.requester.first_name}},\n\nThanks for letting us know. I have asked our travel team to move your booking to the new dates; you will receive an updated voucher by email as soon as the hotel confirms.\n\nBest regards,\n{{current_user.name}}",
    actions: [{ type: "add_tags", params: { tags: ["booking_change"] } }],
  },
];

async function seed(installation: TestInstallation) {
  const policy = await t.call("PUT", "/v1/policy", { token: installation.token, json: POLICY });
  expect(policy.status).toBe(200);
  await putKnowledge(t, installation.token, "macros", MACROS);
}

beforeAll(async () => {
  t = await createTestContext();
  acme = await t.install("zendesk");
  other = await t.install("freshdesk");
  await seed(acme);
  await seed(other);
  const bot = await t.call("POST", "/v1/tokens", {
    token: acme.adminToken,
    json: { name: "Trip bot", scopes: ["bot"] },
  });
  expect(bot.status).toBe(201);
  botToken = (await bot.json()).token;
});
afterAll(() => t?.close());

async function draftTicket(ticket: ReturnType<typeof makeTicket>, token = acme.token) {
  const res = await t.call("POST", "/v1/drafts", {
    token,
    json: { ticket, agent: { id: "a-1", name: "Lucía Pérez" } },
  });
  expect(res.status).toBe(200);
  return { draft: await res.json(), cache: res.headers.get("x-tandem-draft-cache") };
}

async function rowsOf(text: string, ...values: string[]) {
  return (await t.database.sql.executeSql(text, values)).rows;
}

describe("draft commitments (offline drafter)", () => {
  it("rewrites a macro's refund promise that no proposed action backs", async () => {
    const { draft } = await draftTicket(
      makeTicket({
        subject: "Pedido roto",
        text: "Hola, el pedido llegó roto y quiero el reembolso, por favor.",
        requester: { id: "u-1", name: "Marta García", locale: "es" },
      }),
    );
    expect(draft.citations).toEqual([expect.objectContaining({ id: "macro-refund-es" })]);
    expect(draft.reply.body).not.toContain("He aprobado el reembolso");
    expect(draft.reply.body).toContain(
      "He pasado tu solicitud de reembolso a un compañero, que confirmará si podemos hacerlo.",
    );
    expect(draft.reply.body).toContain("No hace falta que devuelvas el artículo.");
    expect(draft.commitments).toEqual([]);
    expect(draft.rationale.join(" ")).toContain("He aprobado el reembolso completo");
    expect(DraftSchema.safeParse(draft).success).toBe(true);
  });

  it("keeps a macro's promise that its own business action backs, bound to that action", async () => {
    const ticket = makeTicket({
      subject: "Broken glasses refund",
      text: "Hello, the glasses from order ORD-1001 arrived broken. I would like a refund please.",
    });
    const { draft } = await draftTicket(ticket);
    const refund = draft.actions.find((a: { type: string }) => a.type === "refund_order");
    expect(refund).toMatchObject({ kind: "business", approval: "required" });
    expect(draft.reply.body).toContain("I have approved the full refund for your order.");
    expect(draft.commitments).toEqual([
      {
        kind: "refund",
        text: "I have approved the full refund for your order.",
        actionId: refund.id,
      },
    ]);
    // Stored: the latest draft answers the same binding.
    const latest = await t.call("GET", `/v1/tickets/${ticket.id}/draft`, { token: acme.token });
    expect((await latest.json()).commitments).toEqual(draft.commitments);
  });
});

/** The fields the sidebar draws for the sample policy's actions, as the server describes them. */
const REFUND_FIELDS = [
  { name: "orderId", label: "Order id", type: "string", required: true },
  { name: "amount", label: "Amount", type: "number", required: true, maximum: 1000 },
  { name: "currency", label: "Currency", type: "string", enum: ["EUR", "USD"], required: false },
];
const BOOKING_FIELDS = [
  { name: "bookingId", label: "Booking id", type: "string", required: true },
  { name: "checkIn", label: "Check in", type: "string", format: "date", required: true },
  { name: "checkOut", label: "Check out", type: "string", format: "date", required: true },
];

describe("what a draft tells the sidebar about its actions", () => {
  it("gives a drafted business action its param fields and the promises it backs, field actions none", async () => {
    const ticket = makeTicket({
      subject: "Broken glasses refund",
      text: "Hello, the glasses from order ORD-1001 arrived broken. I would like a refund please.",
    });
    const { draft } = await draftTicket(ticket);
    expect(DraftSchema.safeParse(draft).success).toBe(true);
    const refund = draft.actions.find((a: { type: string }) => a.type === "refund_order");
    expect(refund).toMatchObject({ fulfils: ["refund"], paramFields: REFUND_FIELDS });
    for (const action of draft.actions.filter((a: { kind: string }) => a.kind === "field")) {
      expect(action).toMatchObject({ fulfils: [], paramFields: [] });
    }
    // The cancellation action is blocked: nothing the agent may add does a cancellation.
    expect(draft.backableKinds).toEqual([
      "refund",
      "booking_change",
      "escalation",
      "assignment",
      "handoff",
    ]);
    const latest = await (
      await t.call("GET", `/v1/tickets/${ticket.id}/draft`, { token: acme.token })
    ).json();
    expect(latest.actions).toEqual(draft.actions);
    expect(latest.backableKinds).toEqual(draft.backableKinds);
  });

  it("keeps what the agent saw when the policy changes later, and serves what can be added now", async () => {
    const shop = await t.install("zendesk");
    await t.call("PUT", "/v1/policy", { token: shop.token, json: POLICY });
    // The refund macro only.
    await putKnowledge(t, shop.token, "macros", MACROS.slice(1, 2));
    const ticket = makeTicket({
      subject: "Broken glasses refund",
      text: "Hello, the glasses from order ORD-1001 arrived broken. I would like a refund please.",
    });
    const { draft } = await draftTicket(ticket, shop.token);
    const refund = draft.actions.find((a: { type: string }) => a.type === "refund_order");
    expect(refund.paramFields).toEqual(REFUND_FIELDS);

    // The admin renames the params' labels and blocks escalating to a group or an agent.
    const titled = {
      ...REFUND_ORDER,
      paramsSchema: {
        ...REFUND_ORDER.paramsSchema,
        properties: {
          ...REFUND_ORDER.paramsSchema.properties,
          amount: { type: "number", title: "Amount to refund", minimum: 1, maximum: 500 },
        },
      },
    };
    const changed = await t.call("PUT", "/v1/policy", {
      token: shop.token,
      json: {
        ...POLICY,
        businessActions: [titled, CHANGE_BOOKING_DATES, CANCEL_ORDER],
        rules: { ...POLICY.rules, assign_group: "blocked", assign_agent: "blocked" },
      },
    });
    expect(changed.status).toBe(200);
    const latest = await (
      await t.call("GET", `/v1/tickets/${ticket.id}/draft`, { token: shop.token })
    ).json();
    const stored = latest.actions.find((a: { type: string }) => a.type === "refund_order");
    expect(stored.paramFields).toEqual(REFUND_FIELDS);
    expect(latest.backableKinds).toEqual(["refund", "booking_change"]);

    // An action added now is described as the policy says now.
    const added = await t.call("POST", `/v1/drafts/${draft.id}/actions`, {
      token: shop.token,
      json: { type: "change_booking_dates" },
    });
    expect(added.status).toBe(201);
    expect((await added.json()).paramFields).toEqual(BOOKING_FIELDS);
    const second = await draftTicket(
      makeTicket({ subject: "Refund", text: "Please refund order ORD-1001, it arrived broken." }),
      shop.token,
    );
    const fresh = second.draft.actions.find((a: { type: string }) => a.type === "refund_order");
    expect(fresh.paramFields[1]).toEqual({
      name: "amount",
      label: "Amount to refund",
      type: "number",
      required: true,
      minimum: 1,
      maximum: 500,
    });
  });
});

describe("POST /v1/drafts/:id/decision with commitments", () => {
  const reply = "Hi Marta,\n\nI have approved the full refund for your order.\n\nBest,\nAna";

  function refundDraft(installationId = acme.id) {
    return createRefundDraft(t.database.db, {
      installationId,
      replyBody: "Hi Marta, I am sorry about the trouble with your order.",
    });
  }

  function decide(
    draft: Awaited<ReturnType<typeof refundDraft>>,
    body: Record<string, unknown>,
    token = acme.token,
  ) {
    return postDecision(t, token, draft, {
      reply: { outcome: "edited", body: reply },
      actions: [],
      ...body,
    });
  }

  it("refuses an edited reply that promises a refund no approved action does (409 UNBACKED_COMMITMENT)", async () => {
    const draft = await refundDraft();
    const [status] = draft.actions;
    const res = await decide(draft, { actions: [{ id: status?.id, outcome: "approved" }] });
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.error.code).toBe("UNBACKED_COMMITMENT");
    expect(body.error.message).toContain('"I have approved the full refund for your order."');
    expect(body.error.issues).toEqual([
      expect.objectContaining({
        path: "reply.body",
        keyword: "commitment",
        params: expect.objectContaining({ kind: "refund" }),
      }),
    ]);
    expect(await rowsOf("select id from decisions where draft_id = $1", draft.id)).toHaveLength(0);
  });

  it("accepts it when the agent acknowledges the promise: recorded and audited", async () => {
    const draft = await refundDraft();
    const request = {
      idempotencyKey: `idem-${randomUUID()}`,
      acknowledgeCommitments: true,
    };
    const res = await decide(draft, request);
    expect(res.status).toBe(200);
    const decision = await res.json();
    expect(decision.acknowledgedCommitments).toBe(true);
    const rows = await rowsOf(
      "select acknowledged_commitments from decisions where draft_id = $1",
      draft.id,
    );
    expect(rows).toEqual([{ acknowledged_commitments: true }]);
    const audit = await t.call("GET", `/v1/audit?ticketId=${draft.ticketId}`, {
      token: acme.adminToken,
    });
    expect(audit.status).toBe(200);
    const events = (await audit.json()).events as Array<{
      type: string;
      actor: { id: string };
      data: Record<string, unknown>;
    }>;
    const acknowledged = events.filter((e) => e.type === "draft.commitments_acknowledged");
    expect(acknowledged).toHaveLength(1);
    expect(acknowledged[0]?.actor.id).toBe(agent.id);
    expect(acknowledged[0]?.data).toMatchObject({
      decisionId: decision.id,
      commitments: [{ kind: "refund", text: "I have approved the full refund for your order." }],
    });

    // A replay of the same key answers the same decision, acknowledgement or not.
    const replay = await decide(draft, {
      idempotencyKey: request.idempotencyKey,
      acknowledgeCommitments: false,
    });
    expect(replay.status).toBe(200);
    expect((await replay.json()).id).toBe(decision.id);
  });

  it("needs no acknowledgement when the refund action is approved in the same decision", async () => {
    const draft = await refundDraft();
    const refund = draft.actions.find((a) => a.type === "refund_order");
    const res = await decide(draft, { actions: [{ id: refund?.id, outcome: "approved" }] });
    expect(res.status).toBe(200);
    const decision = await res.json();
    expect(decision.acknowledgedCommitments).toBe(false);
    const events = await rowsOf(
      "select id from audit_events where type = 'draft.commitments_acknowledged' and subject_id = $1",
      draft.id,
    );
    expect(events).toHaveLength(0);
  });

  it("is unbacked again when that action is rejected in the same decision", async () => {
    const draft = await refundDraft();
    const refund = draft.actions.find((a) => a.type === "refund_order");
    const res = await decide(draft, {
      actions: [{ id: refund?.id, outcome: "rejected", reason: { code: "policy" } }],
    });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("UNBACKED_COMMITMENT");
  });

  it("checks the draft's own reply when it is accepted as drafted", async () => {
    const draft = await createDraft(t.database.db, {
      installationId: acme.id,
      replyBody: reply,
      actions: [{ type: "set_status", params: { status: "pending" } }],
    });
    const res = await decide(draft, { reply: { outcome: "accepted" } });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("UNBACKED_COMMITMENT");
  });

  it("never needs it for a rejected reply, nor for a reply that promises nothing", async () => {
    const rejected = await decide(await refundDraft(), {
      reply: { outcome: "rejected", reason: { code: "wrong_tone" } },
    });
    expect(rejected.status).toBe(200);
    expect((await rejected.json()).acknowledgedCommitments).toBe(false);
    const plain = await decide(await refundDraft(), {
      reply: {
        outcome: "edited",
        body: "Hi Marta, a colleague will confirm whether we can refund you.",
      },
    });
    expect(plain.status).toBe(200);
  });
});

describe("POST /v1/drafts/:id/actions", () => {
  const ticketText =
    "Hello, my order ORD-550871 arrived broken. I paid 89 EUR and would like my money back.";

  async function promisingDraft(installationId = acme.id) {
    const ticketId = `T-${randomUUID().slice(0, 8)}`;
    const draft = await createDraft(t.database.db, {
      installationId,
      ticketId,
      replyBody: "Hi Marta,\n\nI have approved the full refund for your order.\n\nBest,\nAna",
      actions: [{ type: "set_status", params: { status: "pending" } }],
    });
    const ticket = makeTicket({ id: ticketId, subject: "Broken order", text: ticketText });
    return { draft, ticket };
  }

  function add(draftId: string, json: unknown, token = acme.token) {
    return t.call("POST", `/v1/drafts/${draftId}/actions`, { token, json });
  }

  it("adds the policy's refund action, pre-filled from the ticket, and binds the promise to it", async () => {
    const { draft, ticket } = await promisingDraft();
    const res = await add(draft.id, { commitmentKind: "refund", ticket });
    expect(res.status).toBe(201);
    const action = await res.json();
    expect(ProposedActionSchema.safeParse(action).success).toBe(true);
    expect(action).toMatchObject({
      type: "refund_order",
      kind: "business",
      title: "Refund order",
      params: { orderId: "ORD-550871", currency: "EUR" },
      risk: "high",
      approval: "required",
      targetParams: ["orderId"],
      addedBy: "agent",
    });

    const latest = await (
      await t.call("GET", `/v1/tickets/${draft.ticketId}/draft`, { token: acme.token })
    ).json();
    expect(latest.actions.map((a: { id: string }) => a.id)).toContain(action.id);
    expect(latest.commitments).toEqual([
      {
        kind: "refund",
        text: "I have approved the full refund for your order.",
        actionId: action.id,
      },
    ]);
    const events = await rowsOf(
      "select data from audit_events where type = 'draft.action_added' and subject_id = $1",
      action.id,
    );
    expect(events[0]?.data).toMatchObject({ commitmentKind: "refund", type: "refund_order" });

    // The agent completes the amount and approves: the promise is kept, no acknowledgement.
    const decision = await postDecision(t, acme.token, draft, {
      actions: [
        {
          id: action.id,
          outcome: "approved",
          params: { orderId: "ORD-550871", amount: 89, currency: "EUR" },
        },
      ],
    });
    expect(decision.status).toBe(200);
    expect((await decision.json()).acknowledgedCommitments).toBe(false);
  });

  it("adds an action by type, with its params left for the agent when the ticket says nothing", async () => {
    const { draft } = await promisingDraft();
    const res = await add(draft.id, { type: "change_booking_dates" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      type: "change_booking_dates",
      params: {},
      targetParams: ["bookingId"],
      addedBy: "agent",
      fulfils: ["booking_change"],
      // A field for every param, so the agent can give what the ticket did not.
      paramFields: BOOKING_FIELDS,
    });
  });

  it("describes every param of a booking change the ticket only half names, stored with the draft", async () => {
    const ticketId = `T-${randomUUID().slice(0, 8)}`;
    const draft = await createDraft(t.database.db, {
      installationId: acme.id,
      ticketId,
      replyBody: "Hi Tom,\n\nI have moved your booking BK-2210 to 12–15 June.\n\nBest,\nAna",
      actions: [{ type: "add_tags", params: { tags: ["booking"] } }],
    });
    const ticket = makeTicket({
      id: ticketId,
      subject: "Change dates BK-2210",
      text: "Hi, could you move my booking BK-2210 by one day, to June?",
    });
    const res = await add(draft.id, { commitmentKind: "booking_change", ticket });
    expect(res.status).toBe(201);
    const action = await res.json();
    expect(ProposedActionSchema.parse(action)).toMatchObject({
      type: "change_booking_dates",
      params: { bookingId: "BK-2210" },
      targetParams: ["bookingId"],
      fulfils: ["booking_change"],
      paramFields: BOOKING_FIELDS,
    });
    const latest = await (
      await t.call("GET", `/v1/tickets/${ticketId}/draft`, { token: acme.token })
    ).json();
    expect(DraftSchema.parse(latest).actions.at(-1)).toEqual(action);
    expect(latest.commitments).toEqual([
      { kind: "booking_change", text: expect.stringContaining("BK-2210"), actionId: action.id },
    ]);
    const rows = await rowsOf(
      "select fulfils, param_fields from proposed_actions where id = $1",
      action.id,
    );
    expect(rows[0]).toEqual({ fulfils: ["booking_change"], param_fields: BOOKING_FIELDS });

    // The agent fills in the dates: approving sends them and keeps the promise.
    const decision = await postDecision(t, acme.token, draft, {
      actions: [
        { id: draft.actions[0]?.id, outcome: "approved" },
        {
          id: action.id,
          outcome: "approved",
          params: { bookingId: "BK-2210", checkIn: "2027-06-12", checkOut: "2027-06-15" },
        },
      ],
    });
    expect(decision.status).toBe(200);
    expect((await decision.json()).acknowledgedCommitments).toBe(false);
  });

  it("answers 404 for another installation's draft", async () => {
    const { draft, ticket } = await promisingDraft(other.id);
    const res = await add(draft.id, { commitmentKind: "refund", ticket });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("NOT_FOUND");
    const unknown = await add(randomUUID(), { commitmentKind: "refund" });
    expect(unknown.status).toBe(404);
  });

  it("rejects bad input with a clear code", async () => {
    const { draft, ticket } = await promisingDraft();
    const cases: Array<[unknown, number, string, string?]> = [
      [{}, 400, "BAD_REQUEST"],
      [{ commitmentKind: "bogus" }, 400, "BAD_REQUEST"],
      [{ type: "Not A Type" }, 400, "BAD_REQUEST"],
      [{ type: "ship_rocket" }, 400, "BAD_REQUEST", "type"],
      [{ commitmentKind: "replacement" }, 400, "BAD_REQUEST", "commitmentKind"],
      [{ type: "change_booking_dates", commitmentKind: "refund" }, 400, "BAD_REQUEST", "type"],
      [{ commitmentKind: "refund", params: { amount: -5 } }, 400, "BAD_REQUEST", "params.amount"],
      [{ commitmentKind: "refund", params: { note: "x" } }, 400, "BAD_REQUEST", "params.note"],
      [{ commitmentKind: "refund", ticket: { ...ticket, id: "T-other" } }, 400, "BAD_REQUEST"],
      [{ type: "cancel_order" }, 403, "FORBIDDEN"],
      [{ commitmentKind: "cancellation" }, 403, "FORBIDDEN"],
    ];
    for (const [json, status, code, path] of cases) {
      const res = await add(draft.id, json);
      const body = await res.json();
      expect({ json, status: res.status, code: body.error?.code }).toEqual({ json, status, code });
      if (path) {
        expect(body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
      }
    }
    // Nothing was added by any of them.
    const latest = await (
      await t.call("GET", `/v1/tickets/${draft.ticketId}/draft`, { token: acme.token })
    ).json();
    expect(latest.actions.map((a: { type: string }) => a.type)).toEqual(["set_status"]);
  });

  it("refuses a second copy of an action and any change to a decided draft (409)", async () => {
    const { draft, ticket } = await promisingDraft();
    expect((await add(draft.id, { commitmentKind: "refund", ticket })).status).toBe(201);
    const again = await add(draft.id, { commitmentKind: "refund", ticket });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("CONFLICT");

    const decided = await promisingDraft();
    const decision = await postDecision(t, acme.token, decided.draft, {
      reply: { outcome: "rejected", reason: { code: "other" } },
      actions: [],
    });
    expect(decision.status).toBe(200);
    const late = await add(decided.draft.id, { commitmentKind: "refund", ticket: decided.ticket });
    expect(late.status).toBe(409);
    expect((await late.json()).error.code).toBe("CONFLICT");
  });

  it("is the helpdesk app's: an admin-only token is refused", async () => {
    const { draft, ticket } = await promisingDraft();
    const res = await add(draft.id, { commitmentKind: "refund", ticket }, acme.adminToken);
    expect(res.status).toBe(403);
  });

  it("is documented in /openapi.json", async () => {
    const res = await t.call("GET", "/openapi.json");
    const doc = await res.json();
    expect(doc.paths["/v1/drafts/{id}/actions"]?.post?.responses?.["201"]).toBeDefined();
  });
});

describe("a change awaiting approval on the ticket", () => {
  const bookingTicket = () =>
    makeTicket({
      subject: "Move my booking dates",
      text: "Hi, could you move my booking BK-1042 to new dates, 10 to 17 March? Thanks, Emma",
    });

  /** The trip bot asks for a human's approval to move the ticket's booking to 10–17 March. */
  async function requestBookingChange(ticketId: string) {
    const created = await t.call("POST", "/v1/approvals", {
      token: botToken,
      json: {
        ticketId,
        action: {
          type: "change_booking_dates",
          params: { bookingId: "BK-1042", checkIn: "2027-03-10", checkOut: "2027-03-17" },
        },
        summary: "Move BK-1042 to 10–17 March",
        requestedBy: { id: "trip-bot", name: "Trip bot", kind: "bot" },
      },
    });
    expect(created.status).toBe(201);
  }

  it("drafts again when a bot's request arrives, and says a colleague is confirming it", async () => {
    const ticket = bookingTicket();
    const before = await draftTicket(ticket);
    expect(before.cache).toBe("miss");

    await requestBookingChange(ticket.id);

    // Same revision, but the draft was written before the request existed: not served as-is.
    const after = await draftTicket(ticket);
    expect(after.cache).toBe("miss");
    expect(after.draft.id).not.toBe(before.draft.id);
    expect(after.draft.reply.body).toContain(
      "A colleague is confirming the change you asked for, and I will let you know as soon as it is settled.",
    );
    expect(after.draft.reply.body).not.toMatch(/asked our travel team|moved|have changed/i);
    expect(after.draft.actions.map((a: { type: string }) => a.type)).not.toContain(
      "change_booking_dates",
    );
    expect(after.draft.commitments).toEqual([]);
    expect(after.draft.rationale.join(" ")).toContain("awaits approval");

    // Drafted after the request: served from storage from now on.
    const again = await draftTicket(ticket);
    expect(again.cache).toBe("hit");
    expect(again.draft.id).toBe(after.draft.id);
  });

  it("does not look at another installation's requests", async () => {
    const ticket = bookingTicket();
    await requestBookingChange(ticket.id);
    const { draft } = await draftTicket({ ...ticket, platform: "freshdesk" }, other.token);
    expect(draft.reply.body).not.toContain("A colleague is confirming");
  });
});

describe("model drafts", () => {
  let m: TestContext;
  let fake: FakeOpenAI;
  let shop: TestInstallation;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    m = await createModelTestContext(fake, { timeoutMs: 2_000, maxRetries: 0 });
    shop = await m.install();
    const policy = await m.call("PUT", "/v1/policy", { token: shop.token, json: POLICY });
    expect(policy.status).toBe(200);
  });
  afterAll(async () => {
    await m?.close();
    await fake?.close();
  });

  it("keeps a promise no proposed action does, recorded unbacked and named in the rationale", async () => {
    fake.script({
      draft: {
        language: "en",
        reply: "Hi Tom,\n\nI have changed your booking to 12–15 June.\n\nBest regards,\nAna",
        actions: [],
      },
    });
    const res = await m.call("POST", "/v1/drafts", {
      token: shop.token,
      json: {
        ticket: makeTicket({
          subject: "Move booking BK-2210",
          text: "Could you change booking BK-2210 to 12–15 June?",
        }),
      },
    });
    expect(res.status).toBe(200);
    const draft = await res.json();
    expect(draft.mode).toBe("model");
    expect(draft.reply.body).toContain("I have changed your booking to 12–15 June.");
    expect(draft.commitments).toEqual([
      {
        kind: "booking_change",
        text: "I have changed your booking to 12–15 June.",
        actionId: null,
      },
    ]);
    expect(draft.rationale.join(" ")).toContain("Unbacked promise");
    // The prompt asks for no promise that no proposed action keeps, and says what backs what.
    const messages = fake.chatRequests().at(-1)?.body?.messages as unknown[] | undefined;
    const system = JSON.stringify(messages?.[0]);
    expect(system).toContain("Never write that an action was done");
    expect(system).toContain("backs: booking_change");
  });

  it("binds a promise to the action the model proposes with it", async () => {
    fake.script({
      draft: {
        language: "en",
        reply: "Hi Tom,\n\nI have changed your booking to 12–15 June.\n\nBest regards,\nAna",
        actions: [
          {
            type: "change_booking_dates",
            paramsJson: JSON.stringify({
              bookingId: "BK-2210",
              checkIn: "2027-06-12",
              checkOut: "2027-06-15",
            }),
            rationale: "The customer asks for new dates.",
          },
        ],
      },
    });
    const res = await m.call("POST", "/v1/drafts", {
      token: shop.token,
      json: {
        ticket: makeTicket({
          subject: "Move booking BK-2210",
          text: "Could you change booking BK-2210 to 12–15 June?",
        }),
      },
    });
    const draft = await res.json();
    const action = draft.actions.find((a: { type: string }) => a.type === "change_booking_dates");
    expect(draft.commitments).toEqual([
      { kind: "booking_change", text: expect.any(String), actionId: action.id },
    ]);
  });

  it("while a bot's request waits, does not propose it again and flags a reply saying it is done", async () => {
    const bot = await m.call("POST", "/v1/tokens", {
      token: shop.adminToken,
      json: { name: "Trip bot", scopes: ["bot"] },
    });
    const ticket = makeTicket({
      subject: "Move booking BK-2210",
      text: "Could you change booking BK-2210 to 12–15 June?",
    });
    const params = { bookingId: "BK-2210", checkIn: "2027-06-12", checkOut: "2027-06-15" };
    const created = await m.call("POST", "/v1/approvals", {
      token: (await bot.json()).token,
      json: {
        ticketId: ticket.id,
        action: { type: "change_booking_dates", params },
        summary: "Move BK-2210",
        requestedBy: { id: "trip-bot", name: "Trip bot", kind: "bot" },
      },
    });
    expect(created.status).toBe(201);
    fake.script({
      draft: {
        language: "en",
        reply: "Hi Tom,\n\nI have changed your booking to 12–15 June.\n\nBest regards,\nAna",
        actions: [
          {
            type: "change_booking_dates",
            paramsJson: JSON.stringify(params),
            rationale: "The customer asks for new dates.",
          },
        ],
      },
    });
    const res = await m.call("POST", "/v1/drafts", { token: shop.token, json: { ticket } });
    const draft = await res.json();
    expect(JSON.stringify(fake.chatRequests().at(-1)?.body?.messages)).toContain(
      "PENDING APPROVAL",
    );
    expect(draft.actions.map((a: { type: string }) => a.type)).not.toContain(
      "change_booking_dates",
    );
    expect(draft.commitments).toEqual([
      { kind: "booking_change", text: expect.any(String), actionId: null },
    ]);
    expect(draft.rationale.join(" ")).toContain("awaits approval");
  });
});
