import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_JWT_LIFETIME_SECONDS } from "./lib/jwt";
import {
  createDraft,
  createTestContext,
  signAgentJwt,
  TEST_ADMIN_TOKEN,
  type TestContext,
  type TestInstallation,
} from "./test";

/**
 * The agent the helpdesk app names is recorded as asserted, never verified: the Zendesk proxy
 * signs the JWT, but the app's own code writes its claims. The JWT still binds the app token to
 * the Zendesk proxy, so it must carry a short `exp`.
 */
let t: TestContext;
let zendesk: TestInstallation;
let nowMs = Date.now();
const secret = "jwt-shared-secret-0123456789abcdef";
const nowSeconds = () => Math.floor(nowMs / 1000);
const jwt = (claims: Record<string, unknown>, key = secret) => signAgentJwt(claims, key);

beforeAll(async () => {
  t = await createTestContext({ deps: { clock: { now: () => new Date(nowMs) } } });
  zendesk = await t.install("zendesk");
  const set = await t.call("PUT", `/v1/admin/installations/${zendesk.id}/jwt-secret`, {
    token: TEST_ADMIN_TOKEN,
    json: { jwtSecret: secret },
  });
  expect(set.status).toBe(200);
});
afterAll(() => t.close());

const whoami = (headers: Record<string, string> = {}, token = zendesk.appToken) =>
  t.call("GET", "/v1/installation", { token, headers });

describe("the agent JWT", () => {
  it("is refused without exp, expired, or with an exp too far ahead", async () => {
    const refused = {
      "no exp": jwt({ agent_id: 7, agent_name: "Ana" }),
      "exp not a number": jwt({ agent_id: 7, exp: String(nowSeconds() + 60) }),
      expired: jwt({ agent_id: 7, exp: nowSeconds() - 3600 }),
      "a day ahead": jwt({ agent_id: 7, exp: nowSeconds() + 86_400 }),
      "just over the bound": jwt({
        agent_id: 7,
        exp: nowSeconds() + MAX_JWT_LIFETIME_SECONDS + 120,
      }),
      "another secret": jwt(
        { agent_id: 7, exp: nowSeconds() + 300 },
        "another-secret-0123456789abcdef",
      ),
    };
    for (const [what, token] of Object.entries(refused)) {
      const res = await whoami({ "x-tandem-agent-jwt": await token });
      expect(res.status, what).toBe(401);
      expect((await res.json()).error.code, what).toBe("UNAUTHORIZED");
    }
    const missing = await whoami();
    expect(missing.status).toBe(401);
  });

  it("is accepted with a short exp, and names an asserted agent", async () => {
    for (const exp of [nowSeconds() + 300, nowSeconds() + MAX_JWT_LIFETIME_SECONDS]) {
      const res = await whoami({
        "x-tandem-agent-jwt": await jwt({ agent_id: 7, agent_name: "Ana", exp }),
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.agent).toEqual({ id: "7", name: "Ana", identity: "asserted" });
      expect(body.scopes).toEqual(["app"]);
    }
  });

  it("is not asked of the admin token, which names no agent", async () => {
    const res = await whoami({}, zendesk.adminToken);
    expect(res.status).toBe(200);
    expect((await res.json()).agent).toBeNull();
  });
});

describe("decisions", () => {
  it("record the JWT's agent as asserted, never verified", async () => {
    const draft = await createDraft(t.database.db, { installationId: zendesk.id });
    const res = await t.call("POST", `/v1/drafts/${draft.id}/decision`, {
      token: zendesk.appToken,
      headers: {
        "x-tandem-agent-jwt": await jwt({
          agent_id: 901,
          agent_name: "Vera",
          exp: nowSeconds() + 300,
        }),
      },
      json: {
        idempotencyKey: `idem-${randomUUID()}`,
        agent: { id: "spoofed", name: "Someone Else" },
        ticketRevision: draft.ticketRevision,
        reply: { outcome: "accepted" },
        actions: [],
      },
    });
    expect(res.status).toBe(200);
    const decision = await res.json();
    expect(decision.agent).toEqual({ id: "901", name: "Vera" });
    expect(decision.agentIdentity).toBe("asserted");

    const audit = await (
      await t.call("GET", `/v1/audit?ticketId=${draft.ticketId}`, { token: zendesk.adminToken })
    ).json();
    const decided = audit.events.find((e: { type: string }) => e.type === "draft.decided");
    expect(decided.data.agentIdentity).toBe("asserted");
    expect(JSON.stringify(audit)).not.toContain('"verified');
  });

  it("record the body's agent as asserted without a JWT secret", async () => {
    const freshdesk = await t.install("freshdesk");
    const draft = await createDraft(t.database.db, {
      installationId: freshdesk.id,
      platform: "freshdesk",
    });
    const res = await t.call("POST", `/v1/drafts/${draft.id}/decision`, {
      token: freshdesk.appToken,
      json: {
        idempotencyKey: `idem-${randomUUID()}`,
        agent: { id: "fd-3", name: "Lia" },
        ticketRevision: draft.ticketRevision,
        reply: { outcome: "accepted" },
        actions: [],
      },
    });
    expect(res.status).toBe(200);
    const decision = await res.json();
    expect(decision.agent).toEqual({ id: "fd-3", name: "Lia" });
    expect(decision.agentIdentity).toBe("asserted");
    const read = await (
      await t.call("GET", `/v1/drafts/${draft.id}/decision`, { token: freshdesk.adminToken })
    ).json();
    expect(read.agentIdentity).toBe("asserted");
  });

  it("on a bot's request record the JWT's agent as asserted", async () => {
    const bot = await (
      await t.call("POST", "/v1/tokens", {
        token: zendesk.adminToken,
        json: { name: "bot", scopes: ["bot"] },
      })
    ).json();
    const approval = await (
      await t.call("POST", "/v1/approvals", {
        token: bot.token,
        json: {
          ticketId: "T-77",
          action: { type: "add_tags", params: { tags: ["vip"] } },
          summary: "Tag as VIP",
          requestedBy: { id: "bot", name: "Bot" },
        },
      })
    ).json();
    const res = await t.call("POST", `/v1/approvals/${approval.id}/decision`, {
      token: zendesk.appToken,
      headers: {
        "x-tandem-agent-jwt": await jwt({
          agent_id: 902,
          agent_name: "Noa",
          exp: nowSeconds() + 300,
        }),
      },
      json: {
        idempotencyKey: `approve-${randomUUID()}`,
        agent: { id: "spoofed", name: "Someone Else" },
        outcome: "approved",
      },
    });
    expect(res.status).toBe(200);
    const decided = await res.json();
    expect(decided.decision.agent).toEqual({ id: "902", name: "Noa" });
    expect(decided.decision.agentIdentity).toBe("asserted");
  });
});

describe("the clock", () => {
  it("moves: a token valid now is refused once expired", async () => {
    const token = await jwt({ agent_id: 7, exp: nowSeconds() + 120 });
    expect((await whoami({ "x-tandem-agent-jwt": token })).status).toBe(200);
    nowMs += 10 * 60_000;
    expect((await whoami({ "x-tandem-agent-jwt": token })).status).toBe(401);
  });
});
