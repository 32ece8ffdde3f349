import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, TEST_ADMIN_TOKEN, type TestContext } from "../test";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe("happy path", () => {
  it("creates an installation and answers its two tokens and webhook secret once", async () => {
    const res = await t.call("POST", "/v1/admin/installations", {
      token: TEST_ADMIN_TOKEN,
      json: { platform: "zendesk", subdomain: "Acme.Zendesk.com".toLowerCase() },
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ platform: "zendesk", subdomain: "acme", jwtConfigured: false });
    expect(body.appToken).toMatch(/^tdm_/);
    expect(body.adminToken).toMatch(/^tdm_/);
    expect(body.webhookSecret).toMatch(/^whsec_/);

    for (const [token, scopes] of [
      [body.appToken, ["app"]],
      [body.adminToken, ["admin"]],
    ]) {
      const who = await t.call("GET", "/v1/installation", { token });
      expect(who.status).toBe(200);
      expect(await who.json()).toMatchObject({ installation: { id: body.id }, scopes });
    }

    const list = await t.call("GET", `/v1/admin/installations/${body.id}/tokens`, {
      token: TEST_ADMIN_TOKEN,
    });
    const tokens = (await list.json()).tokens;
    const scopes = tokens.map((tk: { scopes: string[] }) => tk.scopes.join(",")).sort();
    expect(scopes).toEqual(["admin", "app"]);
    expect(JSON.stringify(tokens)).not.toContain(body.appToken);
    expect(JSON.stringify(tokens)).not.toContain(body.adminToken);
  });

  it("stores only a hash of the token", async () => {
    const created = await t.install();
    const rows = await t.database.sql.executeSql("select token_hash, prefix from api_tokens");
    const dump = JSON.stringify(rows.rows);
    for (const secret of [created.appToken, created.adminToken, created.token]) {
      expect(dump).not.toContain(secret);
    }
    expect(dump).not.toContain(created.webhookSecret);
  });

  it("rotates and revokes tokens", async () => {
    const created = await t.install("freshdesk");
    const rotated = await t.call(
      "POST",
      `/v1/admin/installations/${created.id}/tokens/${created.tokenId}/rotate`,
      { token: TEST_ADMIN_TOKEN },
    );
    expect(rotated.status).toBe(201);
    const fresh = await rotated.json();
    expect((await t.call("GET", "/v1/installation", { token: created.token })).status).toBe(401);
    expect((await t.call("GET", "/v1/installation", { token: fresh.token })).status).toBe(200);

    const revoked = await t.call(
      "DELETE",
      `/v1/admin/installations/${created.id}/tokens/${fresh.id}`,
      { token: TEST_ADMIN_TOKEN },
    );
    expect(revoked.status).toBe(204);
    const after = await t.call("GET", "/v1/installation", { token: fresh.token });
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe("UNAUTHORIZED");
  });

  it("issues bot tokens that cannot use admin routes", async () => {
    const created = await t.install();
    const res = await t.call("POST", "/v1/tokens", {
      token: created.token,
      json: { name: "trip bot", scopes: ["bot"] },
    });
    expect(res.status).toBe(201);
    const bot = await res.json();
    const denied = await t.call("GET", "/v1/tokens", { token: bot.token });
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.code).toBe("FORBIDDEN");
  });
});

describe("validation errors", () => {
  it("refuses a duplicate installation with CONFLICT", async () => {
    const created = await t.install("zendesk", "dupe-co");
    expect(created.subdomain).toBe("dupe-co");
    const res = await t.call("POST", "/v1/admin/installations", {
      token: TEST_ADMIN_TOKEN,
      json: { platform: "zendesk", subdomain: "dupe-co" },
    });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("CONFLICT");
  });

  it.each([
    [{ platform: "jira", subdomain: "x" }],
    [{ platform: "zendesk", subdomain: "no spaces allowed" }],
    [{ platform: "zendesk", subdomain: "a".repeat(300) }],
    [{ platform: "zendesk" }],
    [[]],
    ["just a string"],
  ])("answers 400 with issues for %j", async (json) => {
    const res = await t.call("POST", "/v1/admin/installations", { token: TEST_ADMIN_TOKEN, json });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("BAD_REQUEST");
    expect(body.error.requestId).toBeTruthy();
  });

  it("answers 400 for malformed JSON and 404 for unknown ids", async () => {
    const malformed = await t.call("POST", "/v1/admin/installations", {
      token: TEST_ADMIN_TOKEN,
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("BAD_REQUEST");
    const badId = await t.call("GET", "/v1/admin/installations/not-a-uuid", {
      token: TEST_ADMIN_TOKEN,
    });
    expect(badId.status).toBe(400);
    const unknown = await t.call(
      "GET",
      "/v1/admin/installations/00000000-0000-4000-8000-000000000000",
      { token: TEST_ADMIN_TOKEN },
    );
    expect(unknown.status).toBe(404);
  });
});

describe("auth", () => {
  it("refuses missing or wrong admin tokens", async () => {
    const none = await t.call("GET", "/v1/admin/installations");
    expect(none.status).toBe(401);
    const wrong = await t.call("GET", "/v1/admin/installations", { token: "wrong-token-0000000" });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe("UNAUTHORIZED");
  });

  it("refuses an installation token on the admin API", async () => {
    const created = await t.install();
    const res = await t.call("GET", "/v1/admin/installations", { token: created.token });
    expect(res.status).toBe(401);
  });
});
