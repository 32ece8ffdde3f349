import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPayloadSignature } from "../lib/signature";
import { signAgentJwt } from "../test/agent-jwt";
import {
  createTestContext,
  TEST_ADMIN_TOKEN,
  type TestContext,
  type TestInstallation,
} from "../test/app";
import { createDraft, createRefundDraft, refundPolicy, setPolicy } from "../test/factories";
import { type Receiver, startReceiver } from "../test/receiver";
import { agent, decisionBody, postDecision } from "./test/decisions";

let t: TestContext;
let acme: TestInstallation;
let other: TestInstallation;
let receiver: Receiver;

beforeAll(async () => {
  t = await createTestContext({
    jobs: {
      actionExecutor: {
        settings: { maxAttempts: 3, retryDelaySeconds: 0, backoff: false, timeoutMs: 3_000 },
        sweepIntervalMs: 0,
      },
    },
  });
  receiver = await startReceiver();
  acme = await t.install("zendesk");
  other = await t.install("freshdesk");
  await setPolicy(t.database.db, acme.id, refundPolicy(`${receiver.url}/refunds`));
  await setPolicy(t.database.db, other.id, refundPolicy(`${receiver.url}/refunds`));
});

afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

function refundDraft(installationId = acme.id) {
  return createRefundDraft(t.database.db, { installationId });
}

async function waitForExecution(id: string, done: (status: string) => boolean) {
  for (let i = 0; i < 200; i++) {
    const res = await t.call("GET", `/v1/executions/${id}`, { token: acme.token });
    const body = await res.json();
    if (done(body.status)) return body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("execution did not settle");
}

describe("POST /v1/drafts/:id/decision", () => {
  it("records one decision and one execution for 50 concurrent identical requests", async () => {
    receiver.requests.length = 0;
    const draft = await refundDraft();
    const [status, tags, refund] = draft.actions;
    const body = decisionBody(draft, {
      reply: { outcome: "edited", body: `${draft.replyBody} Best, Ana` },
      actions: [
        { id: status!.id, outcome: "approved" },
        { id: refund!.id, outcome: "approved" },
      ],
    });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.call("POST", `/v1/drafts/${draft.id}/decision`, { token: acme.token, json: body }),
      ),
    );
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);

    const rows = await rowsOf("select id from decisions where draft_id = $1", draft.id);
    expect(rows).toHaveLength(1);
    const executions = await rowsOf(
      "select id from action_executions where decision_id = $1",
      rows[0]!.id as string,
    );
    expect(executions).toHaveLength(1);

    const decision = bodies[0];
    expect(decision.agent).toEqual(agent);
    expect(decision.reply.outcome).toBe("edited");
    expect(decision.reply.editDistance).toBeGreaterThan(0);
    expect(decision.reply.editDistance).toBeLessThan(0.4);
    const outcomes = Object.fromEntries(
      decision.actions.map((a: { id: string; outcome: string }) => [a.id, a.outcome]),
    );
    expect(outcomes).toEqual({
      [status!.id]: "approved",
      [tags!.id]: "applied_by_policy",
      [refund!.id]: "approved",
    });
    expect(decision.executions).toHaveLength(1);

    const settled = await waitForExecution(decision.executions[0].id, (s) => s === "succeeded");
    expect(settled.attempts).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests.filter((r) => r.path === "/refunds")).toHaveLength(1);

    // A replay afterwards answers the same decision, now showing the execution's outcome.
    const replay = await t.call("POST", `/v1/drafts/${draft.id}/decision`, {
      token: acme.token,
      json: body,
    });
    expect(replay.status).toBe(200);
    const replayed = await replay.json();
    expect(replayed.id).toBe(decision.id);
    expect(replayed.executions[0].status).toBe("succeeded");
    expect(receiver.requests.filter((r) => r.path === "/refunds")).toHaveLength(1);

    const audit = await (
      await t.call("GET", `/v1/audit?ticketId=${draft.ticketId}`, { token: acme.token })
    ).json();
    const types = audit.events.map((e: { type: string }) => e.type).sort();
    expect(types).toEqual(
      [
        "action.applied_by_policy",
        "action.approved",
        "action.approved",
        "action.executed",
        "draft.decided",
      ].sort(),
    );
    const decided = audit.events.find((e: { type: string }) => e.type === "draft.decided");
    expect(decided.data).toMatchObject({ model: "gpt-4o-mini", promptVersion: "test-1" });
  });

  it("records nothing for the actions of an 'Insert only' decision, auto ones included", async () => {
    const draft = await refundDraft();
    const res = await postDecision(t, acme.token, draft, {
      actions: [],
      autoActionsApplied: false,
    });
    expect(res.status).toBe(200);
    const decision = await res.json();
    expect(decision.reply.outcome).toBe("accepted");
    expect(decision.actions).toEqual([]);
    expect(decision.executions).toEqual([]);
  });

  it("signs the business-action call so the receiver can verify it", async () => {
    const installation = await t.install("zendesk");
    const secret = installation.webhookSecret;
    const own = await startReceiver((request) => {
      const ok = verifyPayloadSignature(
        secret,
        request.headers["x-tandem-signature"] as string,
        request.headers["x-tandem-timestamp"] as string,
        request.body,
        { nowSeconds: Math.floor(Date.now() / 1000) },
      );
      return { status: ok ? 200 : 401, body: { verified: ok } };
    });
    try {
      await setPolicy(t.database.db, installation.id, refundPolicy(`${own.url}/hook`));
      const draft = await refundDraft(installation.id);
      const refund = draft.actions[2]!;
      const res = await postDecision(t, installation.token, draft, {
        actions: [
          { id: refund.id, outcome: "approved", params: { orderId: "ORD-550871", amount: 50 } },
        ],
      });
      expect(res.status).toBe(200);
      const decision = await res.json();
      expect(decision.actions.find((a: { id: string }) => a.id === refund.id)).toMatchObject({
        paramsEdited: true,
        params: { orderId: "ORD-550871", amount: 50 },
      });
      await own.waitFor(1);
      const request = own.requests[0]!;
      expect(request.headers["idempotency-key"]).toBe(decision.executions[0].id);
      expect(request.headers["x-tandem-signature"]).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(JSON.parse(request.body)).toMatchObject({
        executionId: decision.executions[0].id,
        action: {
          id: refund.id,
          type: "refund_order",
          params: { orderId: "ORD-550871", amount: 50 },
        },
        ticketId: draft.ticketId,
        approvedBy: agent,
      });
      // A wrong secret does not verify.
      expect(
        verifyPayloadSignature(
          "whsec_wrong",
          request.headers["x-tandem-signature"] as string,
          request.headers["x-tandem-timestamp"] as string,
          request.body,
          { nowSeconds: Math.floor(Date.now() / 1000) },
        ),
      ).toBe(false);
      const settled = await waitForExecutionOf(installation.token, decision.executions[0].id);
      expect(settled).toMatchObject({ status: "succeeded", result: { body: { verified: true } } });
    } finally {
      await own.close();
    }
  });

  it("retries a failing endpoint: 500, 500, 200 → executed once after 3 attempts", async () => {
    receiver.requests.length = 0;
    receiver.script.push(500, 500);
    const draft = await refundDraft();
    const res = await postDecision(t, acme.token, draft, {
      actions: [{ id: draft.actions[2]!.id, outcome: "approved" }],
    });
    const decision = await res.json();
    const settled = await waitForExecution(decision.executions[0].id, (s) => s === "succeeded");
    expect(settled.attempts).toBe(3);
    expect(receiver.requests).toHaveLength(3);
    const keys = new Set(receiver.requests.map((r) => r.headers["idempotency-key"]));
    expect(keys.size).toBe(1);
    expect(receiver.requests.map((r) => r.headers["x-tandem-attempt"])).toEqual(["1", "2", "3"]);
  });

  it("fails for good after the attempts run out, and a retry runs it again", async () => {
    receiver.requests.length = 0;
    receiver.script.push(503, 503, 503);
    const draft = await refundDraft();
    const decision = await (
      await postDecision(t, acme.token, draft, {
        actions: [{ id: draft.actions[2]!.id, outcome: "approved" }],
      })
    ).json();
    const id = decision.executions[0].id;
    const failed = await waitForExecution(id, (s) => s === "failed");
    expect(failed).toMatchObject({ attempts: 3, lastError: "endpoint answered HTTP 503" });

    const fromDecision = await (
      await t.call("GET", `/v1/drafts/${draft.id}/decision`, { token: acme.token })
    ).json();
    expect(fromDecision.executions[0].status).toBe("failed");

    const notFailed = await t.call("POST", `/v1/executions/${id}/retry`, { token: other.token });
    expect(notFailed.status).toBe(404);
    const retry = await t.call("POST", `/v1/executions/${id}/retry`, { token: acme.token });
    expect(retry.status).toBe(202);
    const again = await waitForExecution(id, (s) => s === "succeeded");
    expect(again.attempts).toBe(4);
    const conflict = await t.call("POST", `/v1/executions/${id}/retry`, { token: acme.token });
    expect(conflict.status).toBe(409);

    const audit = await (
      await t.call("GET", `/v1/audit?ticketId=${draft.ticketId}`, { token: acme.token })
    ).json();
    const types = audit.events.map((e: { type: string }) => e.type);
    expect(types).toContain("action.failed");
    expect(types).toContain("action.retried");
    expect(types).toContain("action.executed");
  });

  it("answers 409 STALE_DRAFT for another ticket revision, and for a ticket drafted again since", async () => {
    const draft = await refundDraft();
    const stale = await postDecision(t, acme.token, draft, {
      ticketRevision: "some-older-revision",
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe("STALE_DRAFT");

    await createDraft(t.database.db, {
      installationId: acme.id,
      ticketId: draft.ticketId,
      createdAt: new Date(Date.now() + 1000),
    });
    const superseded = await postDecision(t, acme.token, draft);
    expect(superseded.status).toBe(409);
    expect((await superseded.json()).error.code).toBe("STALE_DRAFT");
    const stored = await rowsOf("select id from decisions where draft_id = $1", draft.id);
    expect(stored).toHaveLength(0);
  });

  it("refuses edited params that break the schema with 400, storing nothing", async () => {
    const draft = await refundDraft();
    const base = decisionBody(draft);
    const business = await t.call("POST", `/v1/drafts/${draft.id}/decision`, {
      token: acme.token,
      json: {
        ...base,
        actions: [
          {
            id: draft.actions[2]!.id,
            outcome: "approved",
            params: { orderId: "550871", amount: 5000 },
          },
        ],
      },
    });
    expect(business.status).toBe(400);
    const error = (await business.json()).error;
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(["actions.0.params.orderId", "actions.0.params.amount"]),
    );

    const builtIn = await t.call("POST", `/v1/drafts/${draft.id}/decision`, {
      token: acme.token,
      json: {
        ...base,
        actions: [
          { id: draft.actions[0]!.id, outcome: "approved", params: { status: "archived" } },
        ],
      },
    });
    expect(builtIn.status).toBe(400);
    expect((await builtIn.json()).error.issues[0].path).toBe("actions.0.params.status");

    const foreignAction = await t.call("POST", `/v1/drafts/${draft.id}/decision`, {
      token: acme.token,
      json: { ...base, actions: [{ id: randomUUID(), outcome: "approved" }] },
    });
    expect(foreignAction.status).toBe(400);

    const noReason = await t.call("POST", `/v1/drafts/${draft.id}/decision`, {
      token: acme.token,
      json: { ...base, reply: { outcome: "rejected" } },
    });
    expect(noReason.status).toBe(400);
    const badReason = await t.call("POST", `/v1/drafts/${draft.id}/decision`, {
      token: acme.token,
      json: { ...base, reply: { outcome: "rejected", reason: { code: "because" } } },
    });
    expect(badReason.status).toBe(400);

    const stored = await rowsOf("select id from decisions where draft_id = $1", draft.id);
    expect(stored).toHaveLength(0);
  });

  it("answers 404 for another installation's draft and never leaks it", async () => {
    const draft = await refundDraft();
    const json = decisionBody(draft);
    const res = await t.call("POST", `/v1/drafts/${draft.id}/decision`, {
      token: other.token,
      json,
    });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("NOT_FOUND");
    expect(
      (await t.call("GET", `/v1/drafts/${draft.id}/decision`, { token: other.token })).status,
    ).toBe(404);
    expect(
      (
        await t.call("POST", `/v1/drafts/${draft.id}/sent`, {
          token: other.token,
          json: { body: "x" },
        })
      ).status,
    ).toBe(404);
    const mine = await t.call("POST", `/v1/drafts/${draft.id}/decision`, {
      token: acme.token,
      json,
    });
    expect(mine.status).toBe(200);
    const execution = (await mine.json()).executions;
    expect(execution).toHaveLength(0);
  });

  it("records a rejection with its reason, and a second key on a decided draft is a 409", async () => {
    const draft = await refundDraft();
    const res = await postDecision(t, acme.token, draft, {
      reply: { outcome: "rejected", reason: { code: "wrong_tone", note: "too formal" } },
      actions: [
        { id: draft.actions[1]!.id, outcome: "rejected", reason: { code: "not_relevant" } },
        { id: draft.actions[2]!.id, outcome: "rejected", reason: { code: "policy" } },
      ],
    });
    expect(res.status).toBe(200);
    const decision = await res.json();
    expect(decision.reply).toEqual({
      outcome: "rejected",
      reason: { code: "wrong_tone", note: "too formal" },
    });
    expect(decision.executions).toEqual([]);
    const actionRows = await rowsOf(
      "select type, outcome, reason_code from decision_actions where decision_id = $1",
      decision.id,
    );
    // set_status was not decided; the auto tag was explicitly rejected.
    expect(actionRows.map((r) => [r.type, r.outcome, r.reason_code]).sort()).toEqual([
      ["add_tags", "rejected", "not_relevant"],
      ["refund_order", "rejected", "policy"],
    ]);

    const second = await postDecision(t, acme.token, draft);
    expect(second.status).toBe(409);
    expect((await second.json()).error.code).toBe("CONFLICT");
  });

  it("prefers the agent signed in the Zendesk JWT over the body's agent", async () => {
    const installation = await t.install("zendesk");
    const jwtSecret = "jwt-shared-secret-0123456789abcdef";
    const set = await t.call("PUT", `/v1/admin/installations/${installation.id}/jwt-secret`, {
      token: TEST_ADMIN_TOKEN,
      json: { jwtSecret },
    });
    expect(set.status).toBe(200);
    const draft = await createDraft(t.database.db, { installationId: installation.id });
    const jwt = await signAgentJwt(
      { agent_id: 901, agent_name: "Verified Vera", exp: Math.floor(Date.now() / 1000) + 300 },
      jwtSecret,
    );
    const res = await t.call("POST", `/v1/drafts/${draft.id}/decision`, {
      token: installation.token,
      headers: { "x-tandem-agent-jwt": jwt },
      json: decisionBody(draft, { agent: { id: "spoofed", name: "Someone Else" } }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).agent).toEqual({ id: "901", name: "Verified Vera" });
  });
});

describe("bound business actions", () => {
  const decide = (draft: { id: string; ticketRevision: string }, actions: unknown[]) =>
    postDecision(t, acme.token, draft, {
      actions,
    });

  it("answers 409 TARGET_LOCKED when approving re-points the action; other params stay editable", async () => {
    receiver.requests.length = 0;
    const draft = await refundDraft();
    const refund = draft.actions[2]!;
    // The policy declares no target params for refunds: `orderId` is one by its name.
    const repointed = await decide(draft, [
      { id: refund.id, outcome: "approved", params: { ...refund.params, orderId: "ORD-771203" } },
    ]);
    expect(repointed.status).toBe(409);
    const error = (await repointed.json()).error;
    expect(error.code).toBe("TARGET_LOCKED");
    expect(error.message).toContain("orderId");
    expect(error.issues).toEqual([
      expect.objectContaining({ path: "actions.0.params.orderId", params: { field: "orderId" } }),
    ]);
    expect(await rowsOf("select id from decisions where draft_id = $1", draft.id)).toHaveLength(0);
    expect(
      await rowsOf("select id from action_executions where action_id = $1", refund.id),
    ).toHaveLength(0);

    const lowered = await decide(draft, [
      { id: refund.id, outcome: "approved", params: { ...refund.params, amount: 45 } },
    ]);
    expect(lowered.status).toBe(200);
    const decision = await lowered.json();
    expect(decision.actions.find((a: { id: string }) => a.id === refund.id)).toMatchObject({
      outcome: "approved",
      paramsEdited: true,
      params: { orderId: "ORD-550871", amount: 45 },
    });
    await waitForExecution(decision.executions[0].id, (s) => s === "succeeded");
    const sent = receiver.requests.filter((r) => r.path === "/refunds").at(-1);
    expect(JSON.parse(sent!.body).action.params).toMatchObject({
      orderId: "ORD-550871",
      amount: 45,
    });
  });

  it("locks the params the agent saw locked even when the policy no longer names them", async () => {
    const draft = await refundDraft();
    const refund = draft.actions[2]!;
    await rowsOf(
      `update proposed_actions set target_params = '["currency"]'::jsonb where id = $1`,
      refund.id,
    );
    const shown = await (
      await t.call("GET", `/v1/tickets/${draft.ticketId}/draft`, { token: acme.token })
    ).json();
    expect(shown.actions[2]).toMatchObject({ targetParams: ["currency"], addedBy: "drafter" });
    const res = await decide(draft, [
      { id: refund.id, outcome: "approved", params: { ...refund.params, currency: "USD" } },
    ]);
    expect(res.status).toBe(409);
    expect((await res.json()).error.issues[0].path).toBe("actions.0.params.currency");
    // Rejecting is always possible: nothing is approved, so nothing is re-pointed.
    const rejected = await decide(draft, [
      { id: refund.id, outcome: "rejected", reason: { code: "wrong_facts" } },
    ]);
    expect(rejected.status).toBe(200);
  });

  it("fails cross-param checks before anything runs, naming the param", async () => {
    receiver.requests.length = 0;
    const travel = await t.install("zendesk");
    await setPolicy(t.database.db, travel.id, {
      businessActions: [
        {
          type: "change_booking_dates",
          title: "Change booking dates",
          endpoint: `${receiver.url}/bookings`,
          targetParams: ["bookingId"],
          paramsSchema: {
            type: "object",
            required: ["bookingId", "checkIn", "checkOut"],
            properties: {
              bookingId: { type: "string" },
              checkIn: { type: "string", format: "date" },
              checkOut: {
                type: "string",
                format: "date",
                formatExclusiveMinimum: { $data: "1/checkIn" },
              },
              refundAmount: { type: "number", minimum: 0, maximum: { $data: "1/paidAmount" } },
              paidAmount: { type: "number" },
            },
          },
        },
      ],
    });
    const params = { bookingId: "BK-1042", checkIn: "2027-03-03", checkOut: "2027-03-10" };
    const draft = await createDraft(t.database.db, {
      installationId: travel.id,
      actions: [{ type: "change_booking_dates", kind: "business", params, risk: "high" }],
    });
    const action = draft.actions[0]!;
    const call = (edited: Record<string, unknown>) =>
      postDecision(t, travel.token, draft, {
        actions: [{ id: action.id, outcome: "approved", params: edited }],
      });

    const backwards = await call({ ...params, checkOut: "2027-03-01" });
    expect(backwards.status).toBe(400);
    const error = (await backwards.json()).error;
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.issues).toEqual([
      {
        path: "actions.0.params.checkOut",
        message: "must be after checkIn (2027-03-03)",
        keyword: "formatExclusiveMinimum",
        params: { field: "checkIn", limit: "2027-03-03" },
      },
    ]);

    const tooMuch = await call({ ...params, refundAmount: 120, paidAmount: 100 });
    expect(tooMuch.status).toBe(400);
    expect((await tooMuch.json()).error.issues).toEqual([
      expect.objectContaining({
        path: "actions.0.params.refundAmount",
        keyword: "maximum",
        params: { field: "paidAmount", limit: 100 },
      }),
    ]);

    const missing = await call({ bookingId: "BK-1042", checkIn: "2027-03-03" });
    expect((await missing.json()).error.issues).toEqual([
      expect.objectContaining({ path: "actions.0.params.checkOut", keyword: "required" }),
    ]);

    expect(await rowsOf("select id from decisions where draft_id = $1", draft.id)).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.requests.filter((r) => r.path === "/bookings")).toHaveLength(0);

    const fine = await call({ ...params, checkIn: "2027-03-04", checkOut: "2027-03-11" });
    expect(fine.status).toBe(200);
  });
});

describe("POST /v1/drafts/:id/sent", () => {
  it("replaces the approved text with the sent one for the edit distance", async () => {
    const draft = await createDraft(t.database.db, {
      installationId: acme.id,
      replyBody: "abcdefghij",
    });
    const before = await t.call("POST", `/v1/drafts/${draft.id}/sent`, {
      token: acme.token,
      json: { body: "abcdefghij" },
    });
    expect(before.status).toBe(409);
    const decided = await (await postDecision(t, acme.token, draft)).json();
    expect(decided.reply.editDistance).toBe(0);
    const sent = await t.call("POST", `/v1/drafts/${draft.id}/sent`, {
      token: acme.token,
      json: { body: "abcdefghXY" },
    });
    expect(sent.status).toBe(200);
    const body = await sent.json();
    expect(body.reply.body).toBe("abcdefghXY");
    expect(body.reply.editDistance).toBeCloseTo(0.2, 6);
    const audit = await (
      await t.call("GET", `/v1/audit?ticketId=${draft.ticketId}&type=draft.sent`, {
        token: acme.token,
      })
    ).json();
    expect(audit.events).toHaveLength(1);
    expect(audit.events[0].data).toMatchObject({ editDistance: 0.2, previousEditDistance: 0 });
  });
});

async function waitForExecutionOf(token: string, id: string) {
  for (let i = 0; i < 200; i++) {
    const body = await (await t.call("GET", `/v1/executions/${id}`, { token })).json();
    if (body.status === "succeeded" || body.status === "failed") return body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("execution did not settle");
}

async function rowsOf(text: string, ...values: string[]) {
  return (await t.database.sql.executeSql(text, values)).rows;
}
