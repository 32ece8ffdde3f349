import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext, type TestInstallation } from "../test/app";
import { createDraft, refundPolicy, setPolicy } from "../test/factories";

/**
 * A hand-computed fixture: ten drafts of the reply "abcdefghij" (10 characters, so every edit
 * distance is a multiple of 0.1), decided on two settled days, plus two drafts today.
 */
let now = new Date("2030-01-10T12:00:00.000Z");
let t: TestContext;
let acme: TestInstallation;
let other: TestInstallation;
const ids: Record<number, { draftId: string; ticketId: string }> = {};

const A = { id: "agent-a", name: "=Ana" };
const B = { id: "agent-b", name: "Bruno" };
const REPLY = "abcdefghij";

interface Spec {
  n: number;
  day: string;
  intent: string;
  agent?: typeof A;
  mode?: "model" | "offline";
  ttdSeconds?: number;
  shown?: boolean;
  reply?: {
    outcome: "accepted" | "edited" | "rejected";
    body?: string;
    reason?: { code: string; note?: string };
  };
  actions?: {
    type: string;
    kind?: "business" | "field";
    params: Record<string, unknown>;
    approval?: "auto";
  }[];
  decide?: { index: number; outcome: "approved" | "rejected"; params?: Record<string, unknown> }[];
}

const specs: Spec[] = [
  {
    n: 1,
    day: "2030-01-05",
    intent: "refund",
    agent: A,
    ttdSeconds: 10,
    reply: { outcome: "accepted" },
    actions: [
      { type: "set_status", params: { status: "pending" } },
      { type: "refund_order", kind: "business", params: { orderId: "ORD-1", amount: 10 } },
    ],
    decide: [
      { index: 0, outcome: "approved" },
      { index: 1, outcome: "approved" },
    ],
  },
  {
    n: 2,
    day: "2030-01-05",
    intent: "refund",
    agent: A,
    ttdSeconds: 20,
    reply: { outcome: "edited", body: "abcdefghiX" },
  },
  {
    n: 3,
    day: "2030-01-05",
    intent: "refund",
    agent: B,
    ttdSeconds: 30,
    reply: { outcome: "edited", body: "abcdeXXXXX" },
    actions: [
      { type: "add_tags", params: { tags: ["refund"] }, approval: "auto" },
      { type: "set_status", params: { status: "solved" } },
    ],
    decide: [{ index: 1, outcome: "rejected" }],
  },
  {
    n: 4,
    day: "2030-01-05",
    intent: "refund",
    agent: B,
    ttdSeconds: 40,
    reply: { outcome: "rejected", reason: { code: "wrong_facts", note: 'said "refund", twice' } },
  },
  {
    n: 5,
    day: "2030-01-06",
    intent: "shipping",
    agent: A,
    ttdSeconds: 50,
    reply: { outcome: "accepted" },
    actions: [{ type: "refund_order", kind: "business", params: { orderId: "ORD-5", amount: 20 } }],
    decide: [{ index: 0, outcome: "approved", params: { orderId: "ORD-5", amount: 15 } }],
  },
  {
    n: 6,
    day: "2030-01-06",
    intent: "shipping",
    agent: A,
    ttdSeconds: 60,
    reply: { outcome: "edited", body: "abXdefghij" },
  },
  {
    n: 7,
    day: "2030-01-06",
    intent: "shipping",
    agent: B,
    ttdSeconds: 70,
    reply: { outcome: "rejected", reason: { code: "wrong_tone" } },
  },
  {
    n: 8,
    day: "2030-01-06",
    intent: "shipping",
    agent: A,
    mode: "offline",
    ttdSeconds: 80,
    reply: { outcome: "accepted" },
  },
  { n: 9, day: "2030-01-10", intent: "other", mode: "offline", shown: false },
  { n: 10, day: "2030-01-10", intent: "other" },
];

beforeAll(async () => {
  t = await createTestContext({ deps: { clock: { now: () => now } } });
  acme = await t.install("zendesk");
  other = await t.install("zendesk");
  await setPolicy(t.database.db, acme.id, refundPolicy("http://127.0.0.1:9/never-called"));

  for (const spec of specs) {
    const decidedAt = new Date(`${spec.day}T10:00:00.000Z`);
    const shownAt =
      spec.shown === false ? null : new Date(decidedAt.getTime() - (spec.ttdSeconds ?? 5) * 1000);
    const draft = await createDraft(t.database.db, {
      installationId: acme.id,
      intent: spec.intent,
      mode: spec.mode ?? "model",
      replyBody: REPLY,
      createdAt: new Date(decidedAt.getTime() - 3_600_000),
      firstShownAt: shownAt,
      shownById: spec.agent?.id ?? null,
      ...(spec.mode === "offline" ? { inputTokens: null, outputTokens: null } : {}),
      actions: spec.actions ?? [],
    });
    ids[spec.n] = { draftId: draft.id, ticketId: draft.ticketId };
    if (!spec.reply || !spec.agent) continue;
    now = decidedAt;
    const res = await t.call("POST", `/v1/drafts/${draft.id}/decision`, {
      token: acme.token,
      json: {
        idempotencyKey: `fixture-${spec.n}-${randomUUID()}`,
        agent: spec.agent,
        ticketRevision: draft.ticketRevision,
        reply: spec.reply,
        actions: (spec.decide ?? []).map((d) => ({
          id: draft.actions[d.index]!.id,
          outcome: d.outcome,
          ...(d.params ? { params: d.params } : {}),
        })),
      },
    });
    if (res.status !== 200) throw new Error(`fixture ${spec.n}: ${res.status} ${await res.text()}`);
  }
  // No queue runs in this file: settle the two executions by hand, one each way.
  await t.database.sql.executeSql(
    `update action_executions set status = case when params->>'orderId' = 'ORD-1' then 'succeeded' else 'failed' end
     where installation_id = $1`,
    [acme.id],
  );
  now = new Date("2030-01-10T12:00:00.000Z");
});

afterAll(async () => {
  await t?.close();
});

async function summary(query: string, token = acme.token) {
  const res = await t.call("GET", `/v1/analytics/summary?${query}`, { token });
  expect(res.status).toBe(200);
  return res.json();
}

const RANGE = "from=2030-01-01&to=2030-01-10";

describe("GET /v1/analytics/summary", () => {
  it("matches the hand-computed totals, from rollups as from live data", async () => {
    const expected = {
      drafts: 10,
      shown: 9,
      decided: 8,
      unchanged: 3,
      lightlyEdited: 2,
      rewritten: 1,
      rejected: 2,
      acceptanceRate: 0.625,
      editRate: 0.5,
      meanEditDistance: 0.116667,
      medianEditDistance: 0.05,
      timeToDecisionP50Ms: 45_000,
      timeToDecisionP90Ms: 73_000,
      offlineShare: 0.2,
      inputTokensPerDraft: 1000,
      outputTokensPerDraft: 200,
      estimatedCostPerDraftUsd: 0.00027,
      actions: {
        proposed: 5,
        approved: 3,
        rejected: 1,
        editedParams: 1,
        appliedByPolicy: 1,
        // The approved set_status and the auto tag were never reported by the helpdesk.
        applied: 0,
        staged: 0,
        applyFailed: 0,
        executed: 1,
        failed: 1,
      },
      rejectionReasons: { wrong_facts: 1, wrong_tone: 1 },
    };
    const cold = await summary(RANGE);
    expect(cold.totals).toMatchObject(expected);
    expect(cold.from).toBe("2030-01-01T00:00:00.000Z");
    expect(cold.to).toBe("2030-01-11T00:00:00.000Z");
    expect(cold.estimatedTimeSaved.minutes).toBe(0.3); // 53 characters kept ÷ 200 per minute
    expect(cold.estimatedTimeSaved.assumption).toMatch(/200 characters per minute/);

    const rolled = await t.database.sql.executeSql(
      "select count(*)::int as n from analytics_rollups where installation_id = $1 and dim = 'v2:all' and key = ''",
      [acme.id],
    );
    expect(rolled.rows[0]!.n).toBe(8); // 2030-01-01 … 2030-01-08 are settled
    const warm = await summary(RANGE);
    expect(warm.totals).toEqual(cold.totals);

    // Live only (a range of today and yesterday) agrees with the rollup path for its part.
    const live = await summary("from=2030-01-09&to=2030-01-10");
    expect(live.totals).toMatchObject({ drafts: 2, shown: 1, decided: 0, offlineShare: 0.5 });
  });

  it("picks up a late change to a settled day (the sent text) through the triggers", async () => {
    const sent = await t.call("POST", `/v1/drafts/${ids[6]!.draftId}/sent`, {
      token: acme.token,
      json: { body: "abXdefghXX" },
    });
    expect(sent.status).toBe(200);
    const after = await summary(RANGE);
    expect(after.totals).toMatchObject({
      lightlyEdited: 2,
      meanEditDistance: 0.15,
      medianEditDistance: 0.05,
      acceptanceRate: 0.625,
    });
    expect(after.estimatedTimeSaved.minutes).toBe(0.3); // 51 ÷ 200 = 0.255
  });

  it("groups by intent, agent, day, action type, mode and platform", async () => {
    const byIntent = await summary(`${RANGE}&groupBy=intent`);
    const intent = Object.fromEntries(
      byIntent.groups.map((g: { key: string; metrics: unknown }) => [g.key, g.metrics]),
    );
    expect(intent.refund).toMatchObject({
      drafts: 4,
      decided: 4,
      acceptanceRate: 0.5,
      rejected: 1,
    });
    expect(intent.shipping).toMatchObject({
      drafts: 4,
      decided: 4,
      acceptanceRate: 0.75,
      rejected: 1,
    });
    expect(intent.other).toMatchObject({ drafts: 2, decided: 0, acceptanceRate: null });

    const byAgent = await summary(`${RANGE}&groupBy=agent`);
    const agentA = byAgent.groups.find((g: { key: string }) => g.key === "agent-a");
    const agentB = byAgent.groups.find((g: { key: string }) => g.key === "agent-b");
    expect(agentA).toMatchObject({ label: "=Ana", metrics: { decided: 5, acceptanceRate: 1 } });
    expect(agentB).toMatchObject({
      label: "Bruno",
      metrics: { decided: 3, acceptanceRate: 0, rewritten: 1 },
    });

    const byDay = await summary(`${RANGE}&groupBy=day`);
    expect(byDay.groups).toHaveLength(10);
    const days = Object.fromEntries(
      byDay.groups.map((g: { key: string; metrics: { decided: number; drafts: number } }) => [
        g.key,
        g.metrics,
      ]),
    );
    expect(days["2030-01-05"]).toMatchObject({ decided: 4, acceptanceRate: 0.5 });
    expect(days["2030-01-06"]).toMatchObject({ decided: 4, acceptanceRate: 0.75 });
    expect(days["2030-01-07"]).toMatchObject({ decided: 0, drafts: 0 });
    expect(days["2030-01-10"]).toMatchObject({ drafts: 2 });

    const byType = await summary(`${RANGE}&groupBy=actionType`);
    const types = Object.fromEntries(
      byType.groups.map((g: { key: string; metrics: { actions: unknown } }) => [
        g.key,
        g.metrics.actions,
      ]),
    );
    expect(types.set_status).toMatchObject({ proposed: 2, approved: 1, rejected: 1 });
    expect(types.refund_order).toMatchObject({
      proposed: 2,
      approved: 2,
      editedParams: 1,
      executed: 1,
      failed: 1,
    });
    expect(types.add_tags).toMatchObject({ proposed: 1, appliedByPolicy: 1 });

    const byMode = await summary(`${RANGE}&groupBy=mode`);
    const modes = Object.fromEntries(
      byMode.groups.map((g: { key: string; metrics: unknown }) => [g.key, g.metrics]),
    );
    expect(modes.offline).toMatchObject({ drafts: 2, decided: 1 });
    expect(modes.model).toMatchObject({ drafts: 8, decided: 7 });

    const byPlatform = await summary(`${RANGE}&groupBy=platform`);
    expect(byPlatform.groups).toHaveLength(1);
    expect(byPlatform.groups[0]).toMatchObject({ key: "zendesk", metrics: { decided: 8 } });
  });

  it("filters by platform and never shows another installation's data", async () => {
    const freshdesk = await summary(`${RANGE}&platform=freshdesk`);
    expect(freshdesk.totals).toMatchObject({ drafts: 0, decided: 0, acceptanceRate: null });
    const others = await summary(RANGE, other.token);
    expect(others.totals).toMatchObject({ drafts: 0, decided: 0 });
  });

  it("refuses bad input and tokens without the scope", async () => {
    const bad = await t.call("GET", "/v1/analytics/summary?groupBy=colour", { token: acme.token });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("BAD_REQUEST");
    const badDate = await t.call("GET", "/v1/analytics/summary?from=yesterday", {
      token: acme.token,
    });
    expect(badDate.status).toBe(400);
    expect((await t.call("GET", "/v1/analytics/summary")).status).toBe(401);
    const bot = await t.call("POST", "/v1/tokens", {
      token: acme.token,
      json: { name: "trip bot", scopes: ["bot"] },
    });
    expect(bot.status).toBe(201);
    const forbidden = await t.call("GET", "/v1/analytics/summary", {
      token: (await bot.json()).token,
    });
    expect(forbidden.status).toBe(403);
  });
});

describe("what the helpdesk did with approved field actions", () => {
  it("counts applied, staged and failed apart, from the sidebar's reports only", async () => {
    const shop = await t.install("zendesk");
    await setPolicy(t.database.db, shop.id, refundPolicy("http://127.0.0.1:9/never-called"));
    const decidedAt = new Date("2030-01-05T15:00:00.000Z");
    const drafts = [];
    for (let i = 0; i < 2; i++) {
      drafts.push(
        await createDraft(t.database.db, {
          installationId: shop.id,
          replyBody: REPLY,
          createdAt: new Date(decidedAt.getTime() - 3_600_000),
          firstShownAt: new Date(decidedAt.getTime() - 60_000),
          actions: [
            { type: "set_status", params: { status: "pending" } },
            { type: "add_tags", params: { tags: ["refund"] }, approval: "auto" },
            ...(i === 0
              ? [
                  {
                    type: "refund_order",
                    kind: "business" as const,
                    params: { orderId: "ORD-9", amount: 5 },
                  },
                ]
              : []),
          ],
        }),
      );
    }
    now = decidedAt;
    try {
      for (const draft of drafts) {
        const res = await t.call("POST", `/v1/drafts/${draft.id}/decision`, {
          token: shop.token,
          json: {
            idempotencyKey: `host-${randomUUID()}`,
            agent: A,
            ticketRevision: draft.ticketRevision,
            reply: { outcome: "accepted" },
            actions: draft.actions
              .filter((a) => a.type !== "add_tags")
              .map((a) => ({ id: a.id, outcome: "approved" })),
          },
        });
        expect(res.status).toBe(200);
      }
    } finally {
      now = new Date("2030-01-10T12:00:00.000Z");
    }
    const [first, second] = drafts as [(typeof drafts)[0], (typeof drafts)[0]];
    const report = (draftId: string, actions: unknown[]) =>
      t.call("POST", `/v1/drafts/${draftId}/outcomes`, {
        token: shop.token,
        json: { reply: { inserted: true }, actions },
      });
    expect(
      (
        await report(first.id, [
          { id: first.actions[0]!.id, result: "staged" },
          { id: first.actions[1]!.id, result: "failed", error: "tag limit reached" },
        ])
      ).status,
    ).toBe(200);
    // The second draft's auto tag is never reported: approved is not applied.
    expect(
      (await report(second.id, [{ id: second.actions[0]!.id, result: "applied" }])).status,
    ).toBe(200);

    const byType = async () => {
      const res = await summary(`${RANGE}&groupBy=actionType`, shop.token);
      return Object.fromEntries(
        res.groups.map((g: { key: string; metrics: { actions: unknown } }) => [
          g.key,
          g.metrics.actions,
        ]),
      );
    };
    const before = await byType();
    expect(before.set_status).toMatchObject({
      proposed: 2,
      approved: 2,
      applied: 1,
      staged: 1,
      applyFailed: 0,
    });
    expect(before.add_tags).toMatchObject({
      proposed: 2,
      appliedByPolicy: 2,
      applied: 0,
      staged: 0,
      applyFailed: 1,
    });
    expect(before.refund_order).toMatchObject({
      approved: 1,
      applied: 0,
      staged: 0,
      applyFailed: 0,
    });
    const totals = (await summary(RANGE, shop.token)).totals.actions;
    expect(totals).toMatchObject({ applied: 1, staged: 1, applyFailed: 1 });

    // The agent submits the ticket: the staged status is saved. The settled day's rollup was
    // dropped by the decision_actions trigger, so the counts move.
    const sent = await t.call("POST", `/v1/drafts/${first.id}/sent`, {
      token: shop.token,
      json: { body: REPLY },
    });
    expect(sent.status).toBe(200);
    const after = await byType();
    expect(after.set_status).toMatchObject({ approved: 2, applied: 2, staged: 0 });

    const csv = await (
      await t.call("GET", `/v1/analytics/export.csv?${RANGE}`, { token: shop.token })
    ).text();
    const lines = csv.trimEnd().split("\r\n");
    const header = lines[0]!.split(",");
    const row = lines.find((l) => l.includes(first.id))!.split(",");
    expect(row[header.indexOf("actions_applied_in_helpdesk")]).toBe("1");
    expect(row[header.indexOf("actions_staged_in_helpdesk")]).toBe("0");
    expect(row[header.indexOf("actions_failed_in_helpdesk")]).toBe("1");
  });
});

describe("GET /v1/analytics/export.csv", () => {
  it("exports one escaped row per decision", async () => {
    const res = await t.call("GET", `/v1/analytics/export.csv?${RANGE}`, { token: acme.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(
      /attachment; filename="tandem-decisions-/,
    );
    const text = await res.text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatch(/^decision_id,decided_at,draft_id,/);
    const header = lines[0]!.split(",");
    const rejected = lines.find((l) => l.includes("wrong_facts"))!;
    expect(rejected).toContain('"said ""refund"", twice"');
    const first = lines.find((l) => l.includes(ids[1]!.draftId))!.split(",");
    const cell = (name: string) => first[header.indexOf(name)];
    expect(cell("agent_name")).toBe("'=Ana");
    expect(cell("reply_use")).toBe("unchanged");
    expect(cell("time_to_decision_ms")).toBe("10000");
    expect(cell("actions_approved")).toBe("2");
    expect(cell("executions_succeeded")).toBe("1");
    expect(cell("actions_applied_in_helpdesk")).toBe("0");
    expect(cell("actions_staged_in_helpdesk")).toBe("0");
    expect(cell("actions_failed_in_helpdesk")).toBe("0");
    const sixth = lines.find((l) => l.includes(ids[6]!.draftId))!.split(",");
    expect(sixth[header.indexOf("edit_distance")]).toBe("0.3");
    expect(sixth[header.indexOf("reply_use")]).toBe("lightly_edited");

    const empty = await (
      await t.call("GET", `/v1/analytics/export.csv?${RANGE}`, { token: other.token })
    ).text();
    expect(empty.trimEnd().split("\r\n")).toHaveLength(1);
  });
});

describe("GET /dashboard", () => {
  it("serves the page and the bundled dashboard component", async () => {
    const page = await t.call("GET", "/dashboard");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/dashboard/app.js">');
    const script = await t.call("GET", "/dashboard/app.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    const js = await script.text();
    expect(js).toContain("tandem-dashboard");
    expect(js).toContain("/v1/analytics/summary");
  });
});
