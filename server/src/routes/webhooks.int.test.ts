import type { InstallationCreated, TicketContext } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobTenant, withTenant } from "../context";
import { slotJobId } from "../jobs/knowledge-sync";
import { setWebhookSecret } from "../services/helpdesk-connections";
import {
  defaultKnowledgeSyncSettings,
  dueForSync,
  KNOWLEDGE_SYNC_QUEUE,
} from "../services/knowledge-sync";
import { ZENDESK_TEST_SIGNING_SECRET, zendeskSignature } from "../services/webhooks";
import {
  createTestContext,
  type FakeHelpdesk,
  type FakeOpenAI,
  startFakeHelpdesk,
  startFakeOpenAI,
  TEST_ADMIN_TOKEN,
  type TestContext,
  zendeskSidebarContext,
} from "../test";

let t: TestContext;
let helpdesk: FakeHelpdesk;
let openai: FakeOpenAI;
let clockOverride: Date | null = null;

beforeAll(async () => {
  helpdesk = await startFakeHelpdesk();
  openai = await startFakeOpenAI();
  t = await createTestContext({
    config: { openai: { apiKey: "sk-test", baseUrl: openai.url, model: "gpt-4o-mini" } },
    deps: { clock: { now: () => clockOverride ?? new Date() } },
    jobs: {
      predraft: { retryDelaySeconds: 1, retryLimit: 1 },
      knowledgeSync: { scanIntervalMs: 0 },
    },
  });
});

afterAll(async () => {
  await t?.close();
  await helpdesk?.close();
  await openai?.close();
});

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  ms = 15_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function zendeskHeaders(secret: string, body: string, timestamp = new Date().toISOString()) {
  return {
    "content-type": "application/json",
    "x-zendesk-webhook-signature": zendeskSignature(secret, timestamp, Buffer.from(body)),
    "x-zendesk-webhook-signature-timestamp": timestamp,
  };
}

async function connectZendesk(installation: InstallationCreated) {
  const res = await t.call(
    "PUT",
    `/v1/admin/installations/${installation.id}/helpdesk-connection`,
    {
      token: TEST_ADMIN_TOKEN,
      json: {
        authType: "api_token",
        email: helpdesk.zendesk.email,
        token: helpdesk.zendesk.token,
        baseUrl: helpdesk.url,
        knowledgeSync: true,
      },
    },
  );
  expect(res.status).toBe(200);
  return res.json();
}

async function draftsOf(installationId: string, ticketId: string) {
  const { rows } = await t.database.sql.executeSql(
    "select id, origin, mode, ticket_revision from drafts where installation_id = $1 and ticket_id = $2",
    [installationId, ticketId],
  );
  return rows as { id: string; origin: string; mode: string; ticket_revision: string }[];
}

interface ArticleRow {
  externalId: string;
  visibility: string;
  source: string;
  body: string;
}

async function articlesOf(installationId: string): Promise<ArticleRow[]> {
  const { rows } = await t.database.sql.executeSql(
    `select external_id as "externalId", visibility, source, body from knowledge_articles
     where installation_id = $1 order by external_id`,
    [installationId],
  );
  return rows as unknown as ArticleRow[];
}

function sidebarContext(ticketId: number): TicketContext {
  return zendeskSidebarContext(helpdesk, ticketId);
}

describe("POST /v1/webhooks/zendesk", () => {
  it("verifies the documented vectors, refuses stale timestamps and bad signatures", async () => {
    const installation = await t.install("zendesk");
    await setWebhookSecret({
      ctx: withTenant(t.ctx, jobTenant(installation)),
      input: { webhookSecret: ZENDESK_TEST_SIGNING_SECRET },
    });
    const path = `/v1/webhooks/zendesk?installation=${installation.id}`;
    const vector = {
      "x-zendesk-webhook-signature": "gf3v0LzLRHPUnIdhbvwRDVEvzSb07/QN0GYjSNlkBT0=",
      "x-zendesk-webhook-signature-timestamp": "2021-07-25T10:00:00Z",
      "content-type": "application/json",
    };

    // Today the 2021 timestamp is a replay.
    const stale = await t.call("POST", path, { headers: vector, body: '{"say": "hello"}' });
    expect(stale.status).toBe(401);
    const staleError = (await stale.json()).error;
    expect(staleError.code).toBe("UNAUTHORIZED");
    expect(staleError.message).toContain("replay window");

    clockOverride = new Date("2021-07-25T10:02:00Z");
    try {
      const ok = await t.call("POST", path, { headers: vector, body: '{"say": "hello"}' });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ accepted: true, outcome: "skipped", ticketId: null });

      const empty = await t.call("POST", path, {
        headers: {
          ...vector,
          "x-zendesk-webhook-signature": "Quv38XAfu9ZaMGBsk0NSntquALrZBp815j0203kelQA=",
        },
        body: "",
      });
      // The signature of the empty body is right; an empty body is still not an event.
      expect(empty.status).toBe(400);
      expect((await empty.json()).error.code).toBe("BAD_REQUEST");

      const tampered = await t.call("POST", path, { headers: vector, body: '{"say": "hellO"}' });
      expect(tampered.status).toBe(401);
    } finally {
      clockOverride = null;
    }

    const third = "2021-03-25T05:09:27Z";
    clockOverride = new Date(third);
    try {
      const res = await t.call("POST", `/v1/webhooks/zendesk/${installation.id}`, {
        headers: {
          "x-zendesk-webhook-signature": "S/RDdU2ERmj7LHDDoWJ2onPYH+t7/f2+LTM4dL7UiLM=",
          "x-zendesk-webhook-signature-timestamp": third,
        },
        body: '{"event":"ticket.updated","id":123}',
      });
      expect(res.status).toBe(200);
    } finally {
      clockOverride = null;
    }
  });

  it("answers 401 for unknown, malformed or other-platform installations and missing headers", async () => {
    const zendesk = await t.install("zendesk");
    const freshdesk = await t.install("freshdesk");
    const body = '{"ticket_id":"1"}';
    const headers = zendeskHeaders(zendesk.webhookSecret, body);
    for (const path of [
      "/v1/webhooks/zendesk",
      "/v1/webhooks/zendesk?installation=not-a-uuid",
      "/v1/webhooks/zendesk?installation=00000000-0000-4000-8000-000000000000",
      `/v1/webhooks/zendesk?installation=${freshdesk.id}`,
    ]) {
      const res = await t.call("POST", path, { headers, body });
      expect(res.status, path).toBe(401);
    }
    const missing = await t.call("POST", `/v1/webhooks/zendesk?installation=${zendesk.id}`, {
      body,
    });
    expect(missing.status).toBe(401);
    // Signed with another installation's secret.
    const other = await t.call("POST", `/v1/webhooks/zendesk?installation=${zendesk.id}`, {
      headers: zendeskHeaders(freshdesk.webhookSecret, body),
      body,
    });
    expect(other.status).toBe(401);
    // The installation may also be named by header.
    const byHeader = await t.call("POST", "/v1/webhooks/zendesk", {
      headers: { ...headers, "x-tandem-installation": zendesk.id },
      body,
    });
    expect(byHeader.status).toBe(200);
    // No credentials yet: accepted, nothing queued, and the reason says why.
    expect(await byHeader.json()).toMatchObject({ outcome: "skipped", ticketId: "1" });
  });

  it("rejects malformed JSON after a valid signature with 400", async () => {
    const installation = await t.install("zendesk");
    const body = "{not json";
    const res = await t.call("POST", `/v1/webhooks/zendesk?installation=${installation.id}`, {
      headers: zendeskHeaders(installation.webhookSecret, body),
      body,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("BAD_REQUEST");
  });

  it("acknowledges Zendesk's test deliveries without acting on them", async () => {
    const installation = await t.install("zendesk");
    const body = '{"ticket_id":"{{ticket.id}}"}';
    const res = await t.call("POST", `/v1/webhooks/zendesk?installation=${installation.id}`, {
      headers: zendeskHeaders(ZENDESK_TEST_SIGNING_SECRET, body),
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: "skipped", ticketId: null });
  });
});

describe("pre-drafting end to end (Zendesk)", () => {
  it("webhook → job → draft stored; the sidebar's first request is served from storage", async () => {
    const installation = await t.install("zendesk");
    const connection = await connectZendesk(installation);
    expect(JSON.stringify(connection)).not.toContain(helpdesk.zendesk.token);
    expect(connection.secretHint).toBe(`…${helpdesk.zendesk.token.slice(-4)}`);

    const ticketId = helpdesk.addZendeskTicket({
      subject: "Where is my order?",
      body: "Hi, my order ORD-1234 has not arrived yet. Can you check the delivery status?",
    });
    const body = JSON.stringify({
      ticket_id: String(ticketId),
      updated_at: helpdesk.zendesk.tickets.get(ticketId)?.updated_at,
      event: "ticket.customer_message",
    });
    const headers = zendeskHeaders(installation.webhookSecret, body);
    const before = openai.chatRequests().length;
    const res = await t.call("POST", `/v1/webhooks/zendesk?installation=${installation.id}`, {
      headers,
      body,
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      accepted: true,
      outcome: "queued",
      ticketId: String(ticketId),
    });

    // The helpdesk redelivers the same event: ignored.
    const again = await t.call("POST", `/v1/webhooks/zendesk?installation=${installation.id}`, {
      headers,
      body,
    });
    expect(again.status).toBe(200);
    expect((await again.json()).outcome).toBe("duplicate");

    const [stored] = await waitFor("the pre-draft", async () => {
      const rows = await draftsOf(installation.id, String(ticketId));
      return rows.length > 0 ? rows : null;
    });
    expect(stored).toMatchObject({ origin: "webhook", mode: "model" });
    const modelCalls = openai.chatRequests().length;
    expect(modelCalls).toBe(before + 1);

    // The sidebar opens the ticket: its first request answers from storage, no model call.
    const sidebar = await t.call("POST", "/v1/drafts", {
      token: installation.token,
      json: { ticket: sidebarContext(ticketId) },
    });
    expect(sidebar.status).toBe(200);
    expect(sidebar.headers.get("x-tandem-draft-cache")).toBe("hit");
    expect((await sidebar.json()).id).toBe(stored?.id);
    expect(openai.chatRequests().length).toBe(modelCalls);
    const latest = await t.call("GET", `/v1/tickets/${ticketId}/draft`, {
      token: installation.token,
    });
    expect((await latest.json()).id).toBe(stored?.id);

    // A customer reply makes a new revision: a new pre-draft, again served without a model call.
    helpdesk.addZendeskComment(ticketId, { body: "Any news? It is for a birthday on Friday." });
    const replyBody = JSON.stringify({
      ticket_id: String(ticketId),
      updated_at: helpdesk.zendesk.tickets.get(ticketId)?.updated_at,
    });
    const reply = await t.call("POST", `/v1/webhooks/zendesk?installation=${installation.id}`, {
      headers: zendeskHeaders(installation.webhookSecret, replyBody),
      body: replyBody,
    });
    expect(reply.status).toBe(202);
    await waitFor(
      "the second pre-draft",
      async () => (await draftsOf(installation.id, String(ticketId))).length === 2,
    );
    const calls = openai.chatRequests().length;
    const second = await t.call("POST", "/v1/drafts", {
      token: installation.token,
      json: { ticket: sidebarContext(ticketId) },
    });
    expect(second.headers.get("x-tandem-draft-cache")).toBe("hit");
    expect((await second.json()).ticketRevision).not.toBe(stored?.ticket_revision);
    expect(openai.chatRequests().length).toBe(calls);

    // Another installation sees none of it.
    const stranger = await t.install("zendesk");
    const hidden = await t.call("GET", `/v1/tickets/${ticketId}/draft`, { token: stranger.token });
    expect(hidden.status).toBe(404);
  });

  it("skips tickets whose newest public message is the agent's", async () => {
    const installation = await t.install("zendesk");
    await connectZendesk(installation);
    const ticketId = helpdesk.addZendeskTicket({ subject: "Thanks", body: "Thanks for the help!" });
    helpdesk.addZendeskComment(ticketId, { body: "You're welcome!", authorId: 900 });
    const body = JSON.stringify({ ticket_id: String(ticketId), updated_at: "x1" });
    const res = await t.call("POST", `/v1/webhooks/zendesk?installation=${installation.id}`, {
      headers: zendeskHeaders(installation.webhookSecret, body),
      body,
    });
    expect(res.status).toBe(202);
    await waitFor("the job to read the ticket", async () =>
      helpdesk.requests.some((r) => r.path.startsWith(`/api/v2/tickets/${ticketId}/comments`)),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(await draftsOf(installation.id, String(ticketId))).toHaveLength(0);
  });

  it("waits out a 429 with Retry-After, then drafts", async () => {
    const installation = await t.install("zendesk");
    await connectZendesk(installation);
    const ticketId = helpdesk.addZendeskTicket({
      subject: "Refund",
      body: "I would like a refund for my last invoice.",
    });
    helpdesk.failNext(new RegExp(`^/api/v2/tickets/${ticketId}\\.json$`), 429, {
      "retry-after": "1",
    });
    const body = JSON.stringify({ ticket_id: String(ticketId), updated_at: "x2" });
    const res = await t.call("POST", `/v1/webhooks/zendesk?installation=${installation.id}`, {
      headers: zendeskHeaders(installation.webhookSecret, body),
      body,
    });
    expect(res.status).toBe(202);
    await waitFor(
      "the draft after the 429",
      async () => (await draftsOf(installation.id, String(ticketId))).length > 0,
    );
    const hits = helpdesk.requests.filter((r) => r.path === `/api/v2/tickets/${ticketId}.json`);
    expect(hits.length).toBe(2);
  });
});

describe("pre-draft job failures", () => {
  it("retries a helpdesk outage with backoff, then dead-letters it with the reason", async () => {
    const installation = await t.install("zendesk");
    await connectZendesk(installation);
    const ticketId = helpdesk.addZendeskTicket({ subject: "Outage", body: "Nothing works today." });
    const path = new RegExp(`^/api/v2/tickets/${ticketId}\\.json$`);
    helpdesk.failNext(path, 503);
    helpdesk.failNext(path, 502);
    const body = JSON.stringify({ ticket_id: String(ticketId), updated_at: "x3" });
    const res = await t.call("POST", `/v1/webhooks/zendesk?installation=${installation.id}`, {
      headers: zendeskHeaders(installation.webhookSecret, body),
      body,
    });
    expect(res.status).toBe(202);
    const [failure] = await waitFor("the exhausted job", async () => {
      const json = await (
        await t.call("GET", "/v1/jobs/failed", { token: installation.token })
      ).json();
      return json.failures.length > 0 ? json.failures : null;
    });
    expect(failure).toMatchObject({
      kind: "helpdesk_unavailable",
      attempts: 2,
      ticketId: String(ticketId),
    });
    expect(failure.reason).toContain("gave up after 2 attempts");
    const hits = helpdesk.requests.filter((r) => r.path === `/api/v2/tickets/${ticketId}.json`);
    expect(hits).toHaveLength(2);

    // Retrying from the admin API drafts it now that Zendesk is back.
    const retry = await t.call("POST", `/v1/jobs/failed/${failure.id}/retry`, {
      token: installation.token,
    });
    expect(retry.status).toBe(202);
    await waitFor(
      "the retried draft",
      async () => (await draftsOf(installation.id, String(ticketId))).length > 0,
    );
  });
});

describe("Freshdesk webhooks", () => {
  it("checks the secret header (or Basic auth), then pre-drafts from the REST ticket", async () => {
    const installation = await t.install("freshdesk");
    const put = await t.call(
      "PUT",
      `/v1/admin/installations/${installation.id}/helpdesk-connection`,
      {
        token: TEST_ADMIN_TOKEN,
        json: { authType: "api_key", apiKey: helpdesk.freshdesk.apiKey, baseUrl: helpdesk.url },
      },
    );
    expect(put.status).toBe(200);
    const ticketId = helpdesk.addFreshdeskTicket({
      subject: "Cannot log in",
      body: "I forgot my password and the reset e-mail never arrives.",
    });
    const body = JSON.stringify({
      ticket_id: String(ticketId),
      event: "{ticket_action:created}",
      latest_comment: "",
    });
    const path = `/v1/webhooks/freshdesk?installation=${installation.id}`;

    const wrong = await t.call("POST", path, {
      headers: { "content-type": "application/json", "x-tandem-webhook-secret": "whsec_wrong" },
      body,
    });
    expect(wrong.status).toBe(401);
    const none = await t.call("POST", path, {
      headers: { "content-type": "application/json" },
      body,
    });
    expect(none.status).toBe(401);

    const ok = await t.call("POST", path, {
      headers: {
        "content-type": "application/json",
        "x-tandem-webhook-secret": installation.webhookSecret,
      },
      body,
    });
    expect(ok.status).toBe(202);
    // Basic auth (installation id : secret) identifies the installation by itself.
    const basic = Buffer.from(`${installation.id}:${installation.webhookSecret}`).toString(
      "base64",
    );
    const dup = await t.call("POST", "/v1/webhooks/freshdesk", {
      headers: { "content-type": "application/json", authorization: `Basic ${basic}` },
      body,
    });
    expect(dup.status).toBe(200);
    expect((await dup.json()).outcome).toBe("duplicate");

    const [stored] = await waitFor("the Freshdesk pre-draft", async () => {
      const rows = await draftsOf(installation.id, String(ticketId));
      return rows.length > 0 ? rows : null;
    });
    expect(stored?.origin).toBe("webhook");
  });

  it("dead-letters a permanent failure with its reason, visible only to this installation's admins", async () => {
    const installation = await t.install("freshdesk");
    await t.call("PUT", `/v1/admin/installations/${installation.id}/helpdesk-connection`, {
      token: TEST_ADMIN_TOKEN,
      json: { authType: "api_key", apiKey: "fd-wrong-key-000000", baseUrl: helpdesk.url },
    });
    const ticketId = helpdesk.addFreshdeskTicket({ subject: "Hello", body: "Where is my parcel?" });
    const body = JSON.stringify({ ticket_id: String(ticketId) });
    const res = await t.call("POST", `/v1/webhooks/freshdesk?installation=${installation.id}`, {
      headers: {
        "content-type": "application/json",
        "x-tandem-webhook-secret": installation.webhookSecret,
      },
      body,
    });
    expect(res.status).toBe(202);
    const failures = await waitFor("the dead letter", async () => {
      const list = await t.call("GET", "/v1/jobs/failed", { token: installation.token });
      const json = await list.json();
      return json.failures.length > 0 ? json.failures : null;
    });
    expect(failures[0]).toMatchObject({
      queue: "predraft",
      ticketId: String(ticketId),
      kind: "helpdesk_auth",
      attempts: 1,
    });
    expect(failures[0].reason).toContain("credentials");

    const stranger = await t.install("freshdesk");
    const theirs = await t.call("GET", "/v1/jobs/failed", { token: stranger.token });
    expect((await theirs.json()).failures).toEqual([]);
    const retryOther = await t.call("POST", `/v1/jobs/failed/${failures[0].id}/retry`, {
      token: stranger.token,
    });
    expect(retryOther.status).toBe(404);

    const retry = await t.call("POST", `/v1/jobs/failed/${failures[0].id}/retry`, {
      token: installation.token,
    });
    expect(retry.status).toBe(202);
    expect((await retry.json()).retriedAt).not.toBeNull();
  });
});

describe("helpdesk connection admin API", () => {
  it("stores credentials encrypted, never answers them, and validates input", async () => {
    const installation = await t.install("zendesk");
    const appOnly = await t.call("POST", "/v1/tokens", {
      token: installation.token,
      json: { name: "sidebar only", scopes: ["app"] },
    });
    const appToken = (await appOnly.json()).token;
    const forbidden = await t.call("GET", "/v1/helpdesk/connection", { token: appToken });
    expect(forbidden.status).toBe(403);

    const missing = await t.call("GET", "/v1/helpdesk/connection", { token: installation.token });
    expect(missing.status).toBe(404);
    const wrongType = await t.call("PUT", "/v1/helpdesk/connection", {
      token: installation.token,
      json: { authType: "api_key", apiKey: "something-long" },
    });
    expect(wrongType.status).toBe(400);
    // The installation itself may only point at its helpdesk's own hosts (no SSRF).
    for (const baseUrl of [helpdesk.url, "https://169.254.169.254", "http://acme.zendesk.com"]) {
      const refused = await t.call("PUT", "/v1/helpdesk/connection", {
        token: installation.token,
        json: { authType: "oauth", token: "abcdefghijk", baseUrl },
      });
      expect(refused.status, baseUrl).toBe(400);
    }
    const sandbox = await t.call("PUT", "/v1/helpdesk/connection", {
      token: installation.token,
      json: { authType: "oauth", token: "abcdefghijk", baseUrl: "https://acme1234.zendesk.com" },
    });
    expect(sandbox.status).toBe(200);
    // The operator route needs the admin token, not the installation's.
    const notOperator = await t.call(
      "PUT",
      `/v1/admin/installations/${installation.id}/helpdesk-connection`,
      { token: installation.token, json: { authType: "oauth", token: "abcdefghijk" } },
    );
    expect(notOperator.status).toBe(401);
    const badEmail = await t.call("PUT", "/v1/helpdesk/connection", {
      token: installation.token,
      json: { authType: "api_token", email: "nope", token: "abcdefghijk" },
    });
    expect(badEmail.status).toBe(400);

    await t.call("PUT", `/v1/admin/installations/${installation.id}/helpdesk-connection`, {
      token: TEST_ADMIN_TOKEN,
      json: { authType: "oauth", token: helpdesk.zendesk.oauthToken, baseUrl: helpdesk.url },
    });
    const row = await t.database.sql.executeSql(
      "select secret_enc from helpdesk_connections where installation_id = $1",
      [installation.id],
    );
    expect(String(row.rows[0]?.secret_enc)).not.toContain(helpdesk.zendesk.oauthToken);
    const test = await t.call("POST", "/v1/helpdesk/connection/test", {
      token: installation.token,
    });
    expect(await test.json()).toEqual({ ok: true, platform: "zendesk" });

    await t.call("PUT", `/v1/admin/installations/${installation.id}/helpdesk-connection`, {
      token: TEST_ADMIN_TOKEN,
      json: { authType: "oauth", token: "zd-oauth-wrong-0000", baseUrl: helpdesk.url },
    });
    const failed = await t.call("POST", "/v1/helpdesk/connection/test", {
      token: installation.token,
    });
    expect(failed.status).toBe(400);
    expect((await failed.json()).error.message).toContain("401");

    const del = await t.call("DELETE", "/v1/helpdesk/connection", { token: installation.token });
    expect(del.status).toBe(204);
  });

  it("takes a signing secret from a hand-made Zendesk webhook", async () => {
    const installation = await t.install("zendesk");
    const short = await t.call("PUT", "/v1/helpdesk/webhook-secret", {
      token: installation.token,
      json: { webhookSecret: "short" },
    });
    expect(short.status).toBe(400);
    const secret = "zd-signing-secret-from-admin-center";
    const put = await t.call("PUT", "/v1/helpdesk/webhook-secret", {
      token: installation.token,
      json: { webhookSecret: secret },
    });
    expect(put.status).toBe(204);
    const body = JSON.stringify({ ticket_id: "5", updated_at: "y" });
    const res = await t.call("POST", `/v1/webhooks/zendesk?installation=${installation.id}`, {
      headers: zendeskHeaders(secret, body),
      body,
    });
    expect(res.status).toBe(200);
    expect((await res.json()).outcome).toBe("skipped");
  });

  it("creates the Zendesk webhook and trigger and adopts the webhook's signing secret", async () => {
    const installation = await t.install("zendesk");
    await connectZendesk(installation);
    const res = await t.call("POST", "/v1/helpdesk/zendesk/setup", {
      token: installation.token,
      json: { publicUrl: "https://tandem.example.com" },
    });
    expect(res.status).toBe(200);
    const setup = await res.json();
    expect(setup.endpoint).toBe(
      `https://tandem.example.com/v1/webhooks/zendesk?installation=${installation.id}`,
    );
    const webhook = helpdesk.zendesk.webhooks.get(setup.webhookId);
    expect(webhook).toMatchObject({
      endpoint: setup.endpoint,
      request_format: "json",
      http_method: "POST",
    });
    const trigger = helpdesk.zendesk.triggers.get(setup.triggerId) as {
      actions: { value: string[] }[];
    };
    expect(trigger.actions[0]?.value[0]).toBe(setup.webhookId);
    expect(JSON.parse(trigger.actions[0]?.value[1] ?? "{}")).toMatchObject({
      ticket_id: "{{ticket.id}}",
    });

    // Re-running updates the same objects.
    const again = await (
      await t.call("POST", "/v1/helpdesk/zendesk/setup", { token: installation.token, json: {} })
    ).json();
    expect(again.webhookId).toBe(setup.webhookId);
    expect(again.triggerId).toBe(setup.triggerId);

    // Zendesk now signs with its own secret, which the server stored.
    const body = JSON.stringify({ ticket_id: "999999", updated_at: "x" });
    const signed = await t.call("POST", `/v1/webhooks/zendesk?installation=${installation.id}`, {
      headers: zendeskHeaders(webhook?.signingSecret ?? "", body),
      body,
    });
    expect(signed.status).toBe(202);
    const old = await t.call("POST", `/v1/webhooks/zendesk?installation=${installation.id}`, {
      headers: zendeskHeaders(installation.webhookSecret, body),
      body,
    });
    expect(old.status).toBe(401);
  });
});

describe("knowledge sync", () => {
  it("pulls Zendesk Help Center articles incrementally and propagates deletions on a full run", async () => {
    const installation = await t.install("zendesk");
    await connectZendesk(installation);
    const pub = helpdesk.addZendeskArticle({
      title: "Refund policy",
      body: "<p>Refunds within <b>30 days</b>.</p>",
      label_names: ["refund"],
    });
    const staff = helpdesk.addZendeskArticle({
      title: "Refund exceptions",
      body: "<p>Managers may approve late refunds.</p>",
      user_segment_id: 502,
    });
    helpdesk.addZendeskArticle({ title: "Unpublished", body: "<p>Draft</p>", draft: true });

    const sync = async (full?: boolean) => {
      const res = await t.call("POST", "/v1/helpdesk/knowledge-sync", {
        token: installation.token,
        json: full === undefined ? {} : { full },
      });
      expect(res.status).toBe(200);
      return (await res.json()).stats;
    };
    const rows = () => articlesOf(installation.id);

    expect(await sync()).toMatchObject({ upserted: 2, full: true });
    let articles = await rows();
    expect(articles.map((a) => [a.externalId, a.visibility, a.source]).sort()).toEqual([
      [`zendesk:article:${pub}`, "public", "zendesk_sync"],
      [`zendesk:article:${staff}`, "internal", "zendesk_sync"],
    ]);
    expect(articles.find((a) => a.externalId.endsWith(String(pub)))?.body).toBe(
      "Refunds within 30 days.",
    );

    // Edited article comes through the incremental export; unchanged ones cost nothing.
    const edited = helpdesk.zendesk.articles.get(pub);
    if (edited) {
      edited.body = "<p>Refunds within 45 days.</p>";
      edited.edited_at_epoch = Math.floor(Date.now() / 1000) + 3600;
    }
    helpdesk.zendesk.articles.delete(staff);
    const incremental = await sync();
    expect(incremental).toMatchObject({ full: false, upserted: 1, deleted: 0 });
    articles = await rows();
    expect(articles.find((a) => a.externalId.endsWith(String(pub)))?.body).toBe(
      "Refunds within 45 days.",
    );
    expect(articles).toHaveLength(2);

    expect(await sync(true)).toMatchObject({ full: true, deleted: 1, unchanged: 1 });
    expect((await rows()).map((a) => a.externalId)).toEqual([`zendesk:article:${pub}`]);

    const connection = await (
      await t.call("GET", "/v1/helpdesk/connection", { token: installation.token })
    ).json();
    expect(connection.knowledgeSync).toMatchObject({ enabled: true, lastError: null });
    expect(connection.knowledgeSync.lastFullSyncAt).not.toBeNull();
  });

  it("crawls Freshdesk solutions (published only, agent-only folders internal) and removes deleted ones", async () => {
    const installation = await t.install("freshdesk");
    await t.call("PUT", `/v1/admin/installations/${installation.id}/helpdesk-connection`, {
      token: TEST_ADMIN_TOKEN,
      json: { authType: "api_key", apiKey: helpdesk.freshdesk.apiKey, baseUrl: helpdesk.url },
    });
    helpdesk.freshdesk.categories.push({ id: 1, name: "General" });
    helpdesk.freshdesk.folders.set(1, [
      { id: 10, name: "FAQ", visibility: 1 },
      { id: 11, name: "Internal", visibility: 3 },
      { id: 12, name: "Sub", visibility: 1, parent: 10 },
    ]);
    const article = (id: number, status = 2) => ({
      id,
      title: `Article ${id}`,
      description: `<p>Body of ${id}</p>`,
      description_text: `Body of ${id}`,
      status,
      tags: ["faq"],
      updated_at: "2026-01-01T00:00:00Z",
    });
    helpdesk.freshdesk.articles.set(10, [article(100), article(101, 1)]);
    helpdesk.freshdesk.articles.set(11, [article(110)]);
    helpdesk.freshdesk.articles.set(12, [article(120)]);

    const res = await t.call("POST", "/v1/helpdesk/knowledge-sync", {
      token: installation.token,
      json: {},
    });
    expect((await res.json()).stats).toMatchObject({ upserted: 3, deleted: 0 });
    const rows = await articlesOf(installation.id);
    expect(Object.fromEntries(rows.map((r) => [r.externalId, r.visibility]))).toEqual({
      "freshdesk:article:100": "public",
      "freshdesk:article:110": "internal",
      "freshdesk:article:120": "public",
    });

    helpdesk.freshdesk.articles.set(12, []);
    const second = await t.call("POST", "/v1/helpdesk/knowledge-sync", {
      token: installation.token,
      json: {},
    });
    expect((await second.json()).stats).toMatchObject({ upserted: 0, unchanged: 2, deleted: 1 });
  });

  it("runs scheduled syncs as jobs, one per installation and interval across processes", async () => {
    const installation = await t.install("zendesk");
    await connectZendesk(installation);
    const due = await dueForSync({ ctx: t.ctx, input: defaultKnowledgeSyncSettings });
    expect(due).toContain(installation.id);
    const jobs = t.deps.jobs;
    if (!jobs) throw new Error("no job queue");
    const id = slotJobId(installation.id, 123);
    expect(await jobs.send(KNOWLEDGE_SYNC_QUEUE, { installationId: installation.id }, { id })).toBe(
      id,
    );
    // A second process scheduling the same slot adds nothing.
    expect(
      await jobs.send(KNOWLEDGE_SYNC_QUEUE, { installationId: installation.id }, { id }),
    ).toBeNull();
    await waitFor("the scheduled sync", async () => {
      const connection = await (
        await t.call("GET", "/v1/helpdesk/connection", { token: installation.token })
      ).json();
      return connection.knowledgeSync.lastSyncedAt !== null;
    });
    expect(await dueForSync({ ctx: t.ctx, input: defaultKnowledgeSyncSettings })).not.toContain(
      installation.id,
    );
    expect((await articlesOf(installation.id)).length).toBeGreaterThan(0);
  });

  it("reports a failing sync on the connection and refuses without credentials", async () => {
    const installation = await t.install("zendesk");
    const none = await t.call("POST", "/v1/helpdesk/knowledge-sync", {
      token: installation.token,
      json: {},
    });
    expect(none.status).toBe(404);
    await connectZendesk(installation);
    helpdesk.failNext(/^\/api\/v2\/help_center\/articles\.json$/, 503);
    const failed = await t.call("POST", "/v1/helpdesk/knowledge-sync", {
      token: installation.token,
      json: {},
    });
    expect(failed.status).toBe(503);
    const connection = await (
      await t.call("GET", "/v1/helpdesk/connection", { token: installation.token })
    ).json();
    expect(connection.knowledgeSync.lastError).toContain("503");
  });
});
