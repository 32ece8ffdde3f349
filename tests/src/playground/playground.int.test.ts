import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ARTICLES, DEMO_MACROS } from "./demo-data";
import { type Playground, startPlayground } from "./playground";
import { parseRequestedDates, scriptedAnswer } from "./scripted-model";

// biome-ignore lint/suspicious/noExplicitAny: API answers are read loosely and asserted on.
type Json = any;

const dataDir = mkdtempSync(join(tmpdir(), "tandem-playground-"));
let playground: Playground;

const start = () =>
  startPlayground({
    dataDir,
    serverPort: 0,
    playgroundPort: 0,
    env: { LOG_LEVEL: "silent" },
    decisionTimeoutMs: 20_000,
  });

async function call(method: string, url: string, body?: unknown, headers = {}) {
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

beforeAll(async () => {
  playground = await start();
}, 120_000);

afterAll(async () => {
  await playground?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("playground seeding", () => {
  it("seeds knowledge, macros and the booking policy, and keeps tokens owner-readable", async () => {
    const token = playground.installations.zendesk.appToken;
    const auth = { authorization: `Bearer ${token}` };
    const policy = await call("GET", `${playground.tandemUrl}/v1/policy`, undefined, auth);
    expect(policy.status).toBe(200);
    expect(policy.body.businessActions[0]).toMatchObject({
      type: "change_booking_dates",
      endpoint: `${playground.url}/booking/api/change-dates`,
      targetParams: ["bookingId"],
    });
    const hits = await call(
      "GET",
      `${playground.tandemUrl}/v1/knowledge/search?q=${encodeURIComponent("reembolso artículo dañado")}`,
      undefined,
      auth,
    );
    expect(hits.status).toBe(200);
    expect(hits.body.hits.length).toBeGreaterThan(0);
    expect(statSync(join(dataDir, "playground.json")).mode & 0o077).toBe(0);
    expect(DEMO_ARTICLES.filter((a) => a.article.visibility === "internal")).toHaveLength(1);
    expect(new Set(DEMO_ARTICLES.map((a) => a.article.locale))).toEqual(
      new Set(["en", "es", "de", "fr", "pt"]),
    );
    expect(DEMO_MACROS.every((m) => (m.macro.actions ?? []).length > 0)).toBe(true);
  });

  it("starts again on the same data without duplicating anything", async () => {
    const first = playground.installations;
    await playground.close();
    playground = await start();
    expect(playground.installations.zendesk.id).toBe(first.zendesk.id);
    expect(playground.installations.freshdesk.appToken).toBe(first.freshdesk.appToken);
    expect(playground.installations.freshdesk.adminToken).toBe(first.freshdesk.adminToken);
    expect(playground.installations.zendesk.botToken).toBe(first.zendesk.botToken);
  }, 120_000);
});

describe("playground tokens", () => {
  it("gives the helpdesk apps the app token and keeps the admin token for seeding", async () => {
    for (const platform of ["zendesk", "freshdesk"] as const) {
      const { appToken, adminToken, botToken } = playground.installations[platform];
      const scopesOf = async (token: string) =>
        (
          await call("GET", `${playground.tandemUrl}/v1/installation`, undefined, {
            authorization: `Bearer ${token}`,
          })
        ).body.scopes;
      expect(await scopesOf(appToken)).toEqual(["app"]);
      expect(await scopesOf(adminToken)).toEqual(["admin"]);
      expect(await scopesOf(botToken)).toEqual(["bot"]);
      // The simulated helpdesk's secure setting holds the app token, which cannot change rules.
      const rewrite = await call(
        "PUT",
        `${playground.tandemUrl}/v1/policy`,
        { rules: { add_tags: "auto" } },
        { authorization: `Bearer ${appToken}` },
      );
      expect(rewrite.status).toBe(403);
    }
    const page = await fetch(`${playground.url}/zendesk/tickets/101`);
    const html = await page.text();
    expect(html).not.toContain(playground.installations.zendesk.adminToken);
  });
});

describe("fake booking system", () => {
  const sign = (secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) => ({
    "x-tandem-timestamp": String(timestamp),
    "x-tandem-signature": `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`,
  });
  const change = (params: Record<string, unknown>) =>
    JSON.stringify({ executionId: "e1", source: "decision", action: { params } });

  it("refuses unsigned, wrongly signed and replayed calls", async () => {
    const url = `${playground.url}/booking/api/change-dates`;
    const body = change({ bookingId: "BK-2210", checkIn: "2027-06-12", checkOut: "2027-06-15" });
    expect((await call("POST", url, body)).status).toBe(401);
    expect((await call("POST", url, body, sign("whsec_wrong", body))).status).toBe(401);
    const secret = playground.installations.zendesk.webhookSecret;
    const old = Math.floor(Date.now() / 1000) - 3600;
    expect((await call("POST", url, body, sign(secret, body, old))).status).toBe(401);
    expect(playground.bookings.get("BK-2210")?.checkIn).toBe("2027-06-11");
  });

  it("applies a signed change once per idempotency key and rejects bad params", async () => {
    const url = `${playground.url}/booking/api/change-dates`;
    const secret = playground.installations.freshdesk.webhookSecret;
    const body = change({ bookingId: "BK-2210", checkIn: "2027-06-12", checkOut: "2027-06-15" });
    const headers = { ...sign(secret, body), "idempotency-key": "exec-1" };
    const first = await call("POST", url, body, headers);
    expect(first.status).toBe(200);
    const again = await call("POST", url, body, headers);
    expect(again.body).toEqual(first.body);
    expect(playground.bookings.changes.filter((c) => c.bookingId === "BK-2210")).toHaveLength(1);
    const unknown = change({ bookingId: "BK-0000", checkIn: "2027-06-12", checkOut: "2027-06-15" });
    expect((await call("POST", url, unknown, sign(secret, unknown))).status).toBe(404);
    const backwards = change({
      bookingId: "BK-2210",
      checkIn: "2027-06-15",
      checkOut: "2027-06-12",
    });
    expect((await call("POST", url, backwards, sign(secret, backwards))).status).toBe(422);
    expect(playground.bookings.get("BK-2210")).toMatchObject({
      checkIn: "2027-06-12",
      checkOut: "2027-06-15",
    });
  });
});

describe("travel demo chat API", () => {
  it("answers bad input with clear errors", async () => {
    const base = `${playground.url}/demo/travel/api/sessions`;
    expect((await call("GET", `${base}/nope`)).status).toBe(404);
    const session = await call("POST", base);
    expect(session.status).toBe(201);
    expect((await call("POST", `${base}/${session.body.id}/messages`, { text: "  " })).status).toBe(
      400,
    );
    expect(
      (await call("POST", `${base}/${session.body.id}/messages`, { text: "x".repeat(2001) }))
        .status,
    ).toBe(413);
  });

  it("asks for dates it cannot read, without consulting anyone", async () => {
    const base = `${playground.url}/demo/travel/api/sessions`;
    const { body: session } = await call("POST", base);
    const sent = await call("POST", `${base}/${session.id}/messages`, { text: "I need help" });
    expect(sent.status).toBe(202);
    let current: Json = sent.body;
    for (let i = 0; i < 100 && current.busy; i++) {
      await new Promise((r) => setTimeout(r, 100));
      current = (await call("GET", `${base}/${session.id}`)).body;
    }
    expect(current.busy).toBe(false);
    expect(current.approval).toBeNull();
    expect(current.lines.at(-1)).toMatchObject({ from: "bot" });
    expect(current.lines.at(-1).text).toContain("Which dates");
    // The chat is logged to a Zendesk ticket the agent can open.
    expect(playground.stores.zendesk.get(current.ticketId)?.messages[0]?.html).toContain(
      "I need help",
    );
  });
});

describe("scripted model", () => {
  const booking = { bookingId: "BK-1042", checkIn: "2027-03-03", checkOut: "2027-03-10" };

  it("reads the dates customers write", () => {
    expect(parseRequestedDates("move it to 10–17 March please", booking)).toEqual({
      checkIn: "2027-03-10",
      checkOut: "2027-03-17",
    });
    expect(parseRequestedDates("April 2 to 9?", booking)).toEqual({
      checkIn: "2027-04-02",
      checkOut: "2027-04-09",
    });
    expect(parseRequestedDates("a week later", booking)).toEqual({
      checkIn: "2027-03-10",
      checkOut: "2027-03-17",
    });
    expect(parseRequestedDates("2027-05-01 until 2027-05-04", booking)).toEqual({
      checkIn: "2027-05-01",
      checkOut: "2027-05-04",
    });
    expect(parseRequestedDates("whenever suits", booking)).toBeNull();
  });

  it("calls the tool with the booking from the session context, and words the outcome", () => {
    const context =
      "Context (authenticated session): Emma Walsh, booking BK-1042 at Maui, check-in 2027-03-03, check-out 2027-03-10.\n\nCustomer: ";
    const call1 = scriptedAnswer([{ role: "user", content: `${context}10-17 march` }]);
    const toolCall = (call1.choices[0]!.message as Json).tool_calls[0];
    expect(JSON.parse(toolCall.function.arguments)).toEqual({
      bookingId: "BK-1042",
      checkIn: "2027-03-10",
      checkOut: "2027-03-17",
    });
    const impossible = scriptedAnswer([{ role: "user", content: `${context}31-40 february` }]);
    expect((impossible.choices[0]!.message as Json).tool_calls).toBeUndefined();
    const rejected = scriptedAnswer([
      { role: "user", content: "x" },
      { role: "tool", content: JSON.stringify({ status: "rejected" }) },
    ]);
    expect((rejected.choices[0]!.message as Json).content).toContain("will follow up");
  });
});
