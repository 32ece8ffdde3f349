import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "./lib/logger";
import { createTestContext, signAgentJwt, TEST_ADMIN_TOKEN, type TestContext } from "./test";

const logLines: string[] = [];
let t: TestContext;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await createTestContext({ deps: { logger: createLogger("debug", sink) } });
});
afterAll(() => t.close());

describe("operations", () => {
  it("reports health with database and drafter mode", async () => {
    const res = await t.call("GET", "/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", db: "ok", drafter: "offline" });
  });

  it("serves an OpenAPI document built from the contract and a browsable page", async () => {
    const res = await t.call("GET", "/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/v1/admin/installations"].post.requestBody).toBeTruthy();
    expect(doc.paths["/health"].get.responses["200"]).toBeTruthy();
    const page = await t.call("GET", "/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("/openapi.json");
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
  });

  it("answers unknown routes with the error body", async () => {
    const res = await t.call("GET", "/v1/nope");
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error.code).toBe("NOT_FOUND");
    expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("keeps a well-formed inbound request id and replaces a hostile one", async () => {
    const kept = await t.call("GET", "/health", { headers: { "x-request-id": "abc-12345678" } });
    expect(kept.headers.get("x-request-id")).toBe("abc-12345678");
    const replaced = await t.call("GET", "/v1/nope", {
      headers: { "x-request-id": "<script>alert(1)</script>" },
    });
    expect((await replaced.json()).error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("body limits", () => {
  it("refuses a 10 MB body by its Content-Length without reading it", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.length;
        if (pulled > 10 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await t.app.request("/v1/admin/installations", {
      method: "POST",
      headers: {
        authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
        "content-type": "application/json",
        "content-length": String(10 * 1024 * 1024),
      },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    expect(pulled).toBeLessThan(1024 * 1024);
  });

  it("stops reading a chunked body as soon as it passes the limit", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(32);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.length;
        if (pulled > 10 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await t.app.request("/v1/admin/installations", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(4 * 1024 * 1024);
  });
});

describe("logging", () => {
  it("never writes tokens or secrets to the log", async () => {
    const created = await t.install();
    await t.call("GET", "/v1/installation", { token: created.token });
    await t.call("GET", "/v1/installation", { token: "tdm_wrong-token-value" });
    const all = logLines.join("\n");
    expect(all).toContain('"path":"/v1/installation"');
    expect(all).not.toContain(created.token);
    expect(all).not.toContain(created.webhookSecret);
    expect(all).not.toContain("tdm_wrong-token-value");
    expect(all).not.toContain(TEST_ADMIN_TOKEN);
  });
});

describe("agent identity (Zendesk JWT)", () => {
  const secret = "a-shared-secret-of-32-characters!!";

  it("requires and verifies the HS256 JWT when the installation has a secret", async () => {
    const created = await t.install();
    const set = await t.call("PUT", `/v1/admin/installations/${created.id}/jwt-secret`, {
      token: TEST_ADMIN_TOKEN,
      json: { jwtSecret: secret },
    });
    expect((await set.json()).jwtConfigured).toBe(true);

    const missing = await t.call("GET", "/v1/installation", { token: created.token });
    expect(missing.status).toBe(401);

    const now = Math.floor(Date.now() / 1000);
    const good = await signAgentJwt({ agent_id: 42, agent_name: "Marta", exp: now + 300 }, secret);
    const ok = await t.call("GET", "/v1/installation", {
      token: created.token,
      headers: { "x-tandem-agent-jwt": good },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).agent).toEqual({ id: "42", name: "Marta", identity: "asserted" });

    const forged = await signAgentJwt(
      { agent_id: 42, exp: now + 300 },
      "another-secret-another-secret!!",
    );
    const expired = await signAgentJwt({ agent_id: 42, exp: now - 3600 }, secret);
    for (const jwt of [forged, expired, "not.a.jwt", `${good}x`]) {
      const res = await t.call("GET", "/v1/installation", {
        token: created.token,
        headers: { "x-tandem-agent-jwt": jwt },
      });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("UNAUTHORIZED");
    }
  });
});

describe("tenancy", () => {
  it("never shows or changes another installation's tokens or audit events", async () => {
    const a = await t.install();
    const b = await t.install();
    const revokeA = await t.call("DELETE", `/v1/tokens/${a.tokenId}`, { token: b.token });
    expect(revokeA.status).toBe(404);
    expect((await t.call("GET", "/v1/installation", { token: a.token })).status).toBe(200);

    const tokensB = await (await t.call("GET", "/v1/tokens", { token: b.token })).json();
    expect(tokensB.tokens.map((x: { id: string }) => x.id).sort()).toEqual(
      [b.appTokenId, b.adminTokenId, b.tokenId].sort(),
    );

    const auditB = await (await t.call("GET", "/v1/audit", { token: b.token })).json();
    expect(JSON.stringify(auditB)).not.toContain(a.id);
  });
});
