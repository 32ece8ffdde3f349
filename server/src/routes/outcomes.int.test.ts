import { randomUUID } from "node:crypto";
import { DecisionSchema } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext, type TestInstallation } from "../test/app";
import { createDraft, refundPolicy, setPolicy } from "../test/factories";
import { postDecision } from "./test/decisions";

/** POST /v1/drafts/:id/outcomes: what the helpdesk did after the decision. */
let t: TestContext;
let acme: TestInstallation;
let other: TestInstallation;

beforeAll(async () => {
  // No job queue: the approved refund's execution stays pending, which is all these tests need.
  t = await createTestContext();
  acme = await t.install("zendesk");
  other = await t.install("zendesk");
  await setPolicy(t.database.db, acme.id, refundPolicy("http://127.0.0.1:9/never-called"));
});

afterAll(async () => {
  await t?.close();
});

/** A decided draft: status approved, tag auto, priority rejected, refund (business) approved. */
async function decidedDraft() {
  const draft = await createDraft(t.database.db, {
    installationId: acme.id,
    actions: [
      { type: "set_status", params: { status: "pending" } },
      { type: "add_tags", params: { tags: ["refund"] }, approval: "auto" },
      { type: "set_priority", params: { priority: "high" } },
      {
        type: "refund_order",
        kind: "business",
        params: { orderId: "ORD-550871", amount: 89, currency: "EUR" },
      },
    ],
  });
  const [status, tags, priority, refund] = draft.actions as [
    (typeof draft.actions)[0],
    (typeof draft.actions)[0],
    (typeof draft.actions)[0],
    (typeof draft.actions)[0],
  ];
  const res = await postDecision(t, acme.token, draft, {
    actions: [
      { id: status.id, outcome: "approved" },
      { id: priority.id, outcome: "rejected", reason: { code: "not_relevant" } },
      { id: refund.id, outcome: "approved" },
    ],
  });
  expect(res.status).toBe(200);
  return { draft, status, tags, priority, refund };
}

function report(draftId: string, json: unknown, token = acme.token) {
  return t.call("POST", `/v1/drafts/${draftId}/outcomes`, { token, json });
}

function resultsOf(decision: {
  actions: { id: string; hostResult?: string; hostError?: string }[];
}) {
  return Object.fromEntries(
    decision.actions.map((a) => [a.id, [a.hostResult ?? null, a.hostError ?? null]]),
  );
}

async function auditOf(ticketId: string, type: string) {
  const res = await t.call("GET", `/v1/audit?ticketId=${ticketId}&type=${type}`, {
    token: acme.adminToken,
  });
  expect(res.status).toBe(200);
  return (await res.json()).events as { data: Record<string, unknown>; subjectId: string }[];
}

describe("POST /v1/drafts/:id/outcomes", () => {
  it("records the reply and per-action results, idempotently, and audits host failures once", async () => {
    const { draft, status, tags, priority, refund } = await decidedDraft();
    const body = {
      reply: { inserted: true },
      actions: [
        { id: status.id, result: "staged" },
        { id: tags.id, result: "failed", error: "Tag limit reached" },
      ],
    };
    const res = await report(draft.id, body);
    expect(res.status).toBe(200);
    const decision = await res.json();
    expect(DecisionSchema.safeParse(decision).success).toBe(true);
    expect(decision.reply).toMatchObject({ outcome: "accepted", inserted: true });
    expect(decision.reply.insertError).toBeUndefined();
    expect(decision.reply.sent).toBeUndefined();
    expect(resultsOf(decision)).toEqual({
      [status.id]: ["staged", null],
      [tags.id]: ["failed", "Tag limit reached"],
      [priority.id]: [null, null],
      [refund.id]: [null, null],
    });

    const replay = await report(draft.id, body);
    expect(replay.status).toBe(200);
    expect(resultsOf(await replay.json())).toEqual(resultsOf(decision));
    const failures = await auditOf(draft.ticketId, "action.host_failed");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      subjectId: tags.id,
      data: { type: "add_tags", error: "Tag limit reached", decisionId: decision.id },
    });

    // The decision read back shows the same.
    const read = await (
      await t.call("GET", `/v1/drafts/${draft.id}/decision`, { token: acme.token })
    ).json();
    expect(resultsOf(read)).toEqual(resultsOf(decision));
    expect(read.reply.inserted).toBe(true);

    // A retry in the helpdesk worked: failed → applied.
    const retried = await report(draft.id, { actions: [{ id: tags.id, result: "applied" }] });
    expect(resultsOf(await retried.json())[tags.id]).toEqual(["applied", null]);
  });

  it("never turns applied back into staged or failed", async () => {
    const { draft, status } = await decidedDraft();
    expect(
      (await report(draft.id, { actions: [{ id: status.id, result: "applied" }] })).status,
    ).toBe(200);
    for (const result of ["staged", "failed"]) {
      const later = await report(draft.id, {
        actions: [{ id: status.id, result, error: "form reloaded" }],
      });
      expect(later.status).toBe(200);
      expect(resultsOf(await later.json())[status.id]).toEqual(["applied", null]);
    }
    expect(await auditOf(draft.ticketId, "action.host_failed")).toHaveLength(0);
  });

  it("confirms staged actions when the agent submits the ticket (/sent)", async () => {
    const { draft, status, tags } = await decidedDraft();
    await report(draft.id, {
      actions: [
        { id: status.id, result: "staged" },
        { id: tags.id, result: "failed" },
      ],
    });
    const sent = await t.call("POST", `/v1/drafts/${draft.id}/sent`, {
      token: acme.token,
      json: { body: `${draft.replyBody} Best, Ana` },
    });
    expect(sent.status).toBe(200);
    const decision = await sent.json();
    expect(decision.reply.sent).toBe(true);
    // Staged → applied; a failure stays a failure (submitting does not apply what was refused).
    expect(resultsOf(decision)[status.id]).toEqual(["applied", null]);
    expect(resultsOf(decision)[tags.id]).toEqual(["failed", null]);
    const events = await auditOf(draft.ticketId, "draft.sent");
    expect(events[0]?.data).toMatchObject({ confirmedStagedActions: 1 });
  });

  it("records a reply that did not reach the editor, and keeps a later success", async () => {
    const { draft } = await decidedDraft();
    const failed = await report(draft.id, {
      reply: { inserted: false, error: "The editor is read-only" },
    });
    expect((await failed.json()).reply).toMatchObject({
      inserted: false,
      insertError: "The editor is read-only",
    });
    expect(await auditOf(draft.ticketId, "draft.insert_failed")).toHaveLength(1);
    const inserted = await (await report(draft.id, { reply: { inserted: true } })).json();
    expect(inserted.reply.inserted).toBe(true);
    expect(inserted.reply.insertError).toBeUndefined();
    // "Insert again" failing later does not undo that the reply reached the editor.
    const again = await (await report(draft.id, { reply: { inserted: false } })).json();
    expect(again.reply.inserted).toBe(true);
    expect(await auditOf(draft.ticketId, "draft.insert_failed")).toHaveLength(1);
  });

  it("refuses ids that are not approved field actions of the decision, storing nothing", async () => {
    const { draft, status, priority, refund } = await decidedDraft();
    const cases = [
      { id: randomUUID(), message: /not an action of this decision/ },
      { id: refund.id, message: /executed by the server/ },
      { id: priority.id, message: /rejected/ },
    ];
    for (const { id, message } of cases) {
      const res = await report(draft.id, {
        actions: [
          { id: status.id, result: "applied" },
          { id, result: "applied" },
        ],
      });
      expect(res.status).toBe(400);
      const error = (await res.json()).error;
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.issues).toEqual([
        { path: "actions.1.id", message: expect.stringMatching(message) },
      ]);
    }
    const twice = await report(draft.id, {
      actions: [
        { id: status.id, result: "applied" },
        { id: status.id, result: "staged" },
      ],
    });
    expect(twice.status).toBe(400);
    const badResult = await report(draft.id, { actions: [{ id: status.id, result: "done" }] });
    expect(badResult.status).toBe(400);
    const read = await (
      await t.call("GET", `/v1/drafts/${draft.id}/decision`, { token: acme.token })
    ).json();
    expect(resultsOf(read)[status.id]).toEqual([null, null]);
  });

  it("answers 409 before a decision, 404 for another installation, 403 without the app scope", async () => {
    const undecided = await createDraft(t.database.db, {
      installationId: acme.id,
      actions: [{ type: "set_status", params: { status: "pending" } }],
    });
    const early = await report(undecided.id, { reply: { inserted: true } });
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe("CONFLICT");

    const { draft, status } = await decidedDraft();
    const foreign = await report(
      draft.id,
      { actions: [{ id: status.id, result: "applied" }] },
      other.token,
    );
    expect(foreign.status).toBe(404);
    expect((await foreign.json()).error.code).toBe("NOT_FOUND");
    expect((await report(randomUUID(), { reply: { inserted: true } })).status).toBe(404);

    const bot = await t.call("POST", "/v1/tokens", {
      token: acme.adminToken,
      json: { name: "trip bot", scopes: ["bot"] },
    });
    expect(bot.status).toBe(201);
    const botToken = (await bot.json()).token;
    for (const token of [botToken, acme.adminToken]) {
      const res = await report(
        draft.id,
        { actions: [{ id: status.id, result: "applied" }] },
        token,
      );
      expect(res.status).toBe(403);
    }
    expect(
      (
        await t.call("POST", `/v1/drafts/${draft.id}/outcomes`, {
          json: { reply: { inserted: true } },
        })
      ).status,
    ).toBe(401);
    const read = await (
      await t.call("GET", `/v1/drafts/${draft.id}/decision`, { token: acme.token })
    ).json();
    expect(resultsOf(read)[status.id]).toEqual([null, null]);
  });
});
