import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiOperations } from "./app";
import type { TestInstallation } from "./test";
import { createTestContext, TEST_ADMIN_TOKEN, type TestContext } from "./test";

/**
 * Every installation-scoped route, called with installation B's token on installation A's ids,
 * must neither show nor change A's data: 404 (or 400 for a malformed id), never a 2xx carrying
 * A's content, never a 5xx.
 */
let t: TestContext;
let a: TestInstallation;
let b: TestInstallation;
const seeded: Record<string, string> = {};
const secrets: string[] = [];

const ticket = (id: string, body: string) => ({
  platform: "zendesk",
  id,
  subject: "Refund for order ORD-550871",
  status: "open",
  tags: ["vip"],
  requester: { id: "u-1", name: "Marta Ruiz", email: "marta@example.com", locale: "es" },
  messages: [
    { id: "m1", author: "customer", public: true, body, createdAt: "2026-11-20T10:00:00Z" },
  ],
});

beforeAll(async () => {
  t = await createTestContext();
  a = await t.install("zendesk");
  b = await t.install("zendesk");
  const as = (method: string, path: string, json?: unknown) =>
    t.call(method, path, { token: a.token, json });

  expect(
    (
      await as("PUT", "/v1/knowledge/articles/a-secret-article", {
        title: "Tenant A internal refund exceptions",
        body: "TENANT-A-ARTICLE-SECRET: refunds over 500 EUR need Olga's approval.",
        visibility: "internal",
        locale: "en",
      })
    ).status,
  ).toBeLessThan(300);
  expect(
    (
      await as("PUT", "/v1/knowledge/macros/a-secret-macro", {
        title: "Tenant A refund macro",
        body: "TENANT-A-MACRO-SECRET",
        actions: [{ type: "add_tags", params: { tags: ["refund"] } }],
      })
    ).status,
  ).toBeLessThan(300);
  const draft = await (
    await as("POST", "/v1/drafts", {
      ticket: ticket("A-T1", "TENANT-A-TICKET-SECRET quiero un reembolso"),
    })
  ).json();
  seeded.draftId = draft.id;
  seeded.revision = draft.ticketRevision;
  // Only a bot token asks for approvals.
  const bot = await (await as("POST", "/v1/tokens", { name: "A's bot", scopes: ["bot"] })).json();
  const approval = await (
    await t.call("POST", "/v1/approvals", {
      token: bot.token,
      json: {
        ticketId: "A-T1",
        action: { type: "add_tags", params: { tags: ["vip"] } },
        summary: "TENANT-A-APPROVAL-SECRET",
        requestedBy: { id: "bot", name: "Bot" },
      },
    })
  ).json();
  seeded.approvalId = approval.id;
  secrets.push(
    "TENANT-A-ARTICLE-SECRET",
    "TENANT-A-MACRO-SECRET",
    "TENANT-A-TICKET-SECRET",
    "TENANT-A-APPROVAL-SECRET",
    a.id,
    a.tokenId,
    draft.id,
    approval.id,
  );
}, 60_000);
afterAll(() => t.close());

const validBodies: Record<string, () => unknown> = {
  "post /v1/drafts/{id}/decision": () => ({
    idempotencyKey: "cross-tenant-decision-1",
    agent: { id: "evil", name: "Evil" },
    ticketRevision: seeded.revision,
    reply: { outcome: "accepted" },
    actions: [],
  }),
  "post /v1/drafts/{id}/sent": () => ({ body: "hello" }),
  "post /v1/drafts/{id}/shown": () => ({}),
  "post /v1/approvals/{id}/decision": () => ({
    idempotencyKey: "cross-tenant-approval-1",
    agent: { id: "evil", name: "Evil" },
    outcome: "approved",
  }),
};

function fill(path: string, idValue: string): string {
  return path
    .replace("{id}", idValue)
    .replace("{ticketId}", "A-T1")
    .replace("{externalId}", path.includes("macros") ? "a-secret-macro" : "a-secret-article")
    .replace("{tokenId}", a.tokenId);
}

describe("another installation's data", () => {
  it("is never visible or changeable through any installation route", async () => {
    const operations = apiOperations().filter(
      (op) =>
        op.security === "installation" &&
        op.path.startsWith("/v1/") &&
        !op.path.startsWith("/v1/webhooks"),
    );
    expect(operations.length).toBeGreaterThan(20);
    const checked: string[] = [];
    for (const op of operations) {
      const key = `${op.method} ${op.path}`;
      // Mutations that create B's own objects (PUT article, POST drafts…) are fine; reads of
      // collections must not include A's rows.
      const ids = op.path.includes("{id}") ? [seeded.draftId, seeded.approvalId] : ["-"];
      for (const id of ids) {
        const path = fill(op.path, id as string);
        const body =
          validBodies[key]?.() ?? (op.method === "get" || op.method === "delete" ? undefined : {});
        const res = await t.call(op.method.toUpperCase(), path, { token: b.token, json: body });
        const text = await res.text();
        checked.push(`${key} → ${res.status}`);
        expect(res.status, `${key} answered ${res.status}`).toBeLessThan(500);
        for (const secret of secrets) {
          expect(text.includes(secret), `${key} leaked ${secret}`).toBe(false);
        }
        if (op.path.match(/\{(id|externalId|tokenId)\}/) && op.method !== "put") {
          expect([400, 403, 404], `${key} answered ${res.status}`).toContain(res.status);
        }
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(operations.length);
    if (process.env.TANDEM_PRINT_SWEEP) console.log(checked.join("\n"));
  });

  it("left installation A's objects untouched", async () => {
    const draft = await t.call("GET", "/v1/tickets/A-T1/draft", { token: a.token });
    expect(draft.status).toBe(200);
    expect((await draft.json()).id).toBe(seeded.draftId);
    const approval = await (
      await t.call("GET", `/v1/approvals/${seeded.approvalId}`, { token: a.token })
    ).json();
    expect(approval.status).toBe("pending");
    const article = await t.call("GET", "/v1/knowledge/articles/a-secret-article", {
      token: a.token,
    });
    expect(article.status).toBe(200);
    const who = await t.call("GET", "/v1/installation", { token: a.token });
    expect(who.status).toBe(200);
    const tokens = await (
      await t.call("GET", `/v1/admin/installations/${a.id}/tokens`, { token: TEST_ADMIN_TOKEN })
    ).json();
    expect(tokens.tokens[0].revokedAt).toBeNull();
  });
});
