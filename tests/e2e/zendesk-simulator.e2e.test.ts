import { createHmac } from "node:crypto";
import { Hono } from "hono";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureStore } from "../src/lib/fixture-tickets";
import { type Listening, listen } from "../src/lib/http";
import { fixtureApps } from "../src/lib/paths";
import { type ServedSimulator, serveSimulator } from "../src/simulators/shared/serve-simulator";
import { createZendeskSimulator } from "../src/simulators/zendesk/zendesk-simulator";
import {
  appFrame,
  chromiumAvailable,
  launchBrowser,
  type TestBrowser,
} from "../src/testing/browser";

/** The ZAF host simulator against a fixture app that exercises every protocol feature. */
type Results = Record<string, unknown> & {
  metadata: { settings: Record<string, unknown> };
  secure: { status: number; responseJSON: { auth: string; jwt: string; body: string } };
  insecure: { auth: string };
};
const JWT_SECRET = "jwt-secret-0123456789";

describe.skipIf(!chromiumAvailable())("Zendesk host simulator (ZAF parent side)", () => {
  let upstream: Listening;
  let served: ServedSimulator<ReturnType<typeof createZendeskSimulator>>;
  let browser: TestBrowser;
  let page: Page;
  let frame: Frame;
  const results = () =>
    frame.evaluate(() => (window as unknown as { fixture: { results: Results } }).fixture.results);
  const events = () =>
    frame.evaluate(
      () =>
        (window as unknown as { fixture: { events: Array<{ name: string; payload: unknown }> } })
          .fixture.events,
    );

  beforeAll(async () => {
    const echo = new Hono().all("/echo", async (c) =>
      c.json({
        auth: c.req.header("authorization") ?? null,
        jwt: c.req.header("x-tandem-agent-jwt") ?? null,
        body: await c.req.text(),
      }),
    );
    upstream = await listen(echo.fetch);
    served = await serveSimulator(({ assetsUrl }) =>
      createZendeskSimulator({
        appDir: fixtureApps.zendesk,
        store: fixtureStore(),
        settings: {
          server_url: upstream.url,
          api_token: "tok_secret_value",
          jwt_secret: JWT_SECRET,
        },
        subdomain: "acme",
        assetsUrl,
      }),
    );
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${served.hostUrl}/tickets/1`);
    frame = await appFrame(page);
    await frame.waitForFunction(() =>
      Boolean(
        (window as unknown as { fixture?: { results: { get?: unknown } } }).fixture?.results.get,
      ),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await upstream?.close();
  });

  it("registers the app with metadata and context, never exposing secure settings", async () => {
    const r = await results();
    expect(r.metadata.settings).toEqual({ title: "Fixture Sidebar", server_url: upstream.url });
    expect(r.context).toMatchObject({
      product: "support",
      location: "ticket_sidebar",
      ticketId: 1,
      account: { subdomain: "acme" },
    });
    expect(JSON.stringify(r)).not.toContain("tok_secret_value");
  });

  it("answers get with values and per-path errors, and rejects a single unknown path", async () => {
    const r = await results();
    expect(r.get).toMatchObject({
      "ticket.subject": "Refund for order ORD-550871",
      "ticket.requester.name": "Marta García",
      "currentUser.locale": "en-US",
      errors: { "ticket.nope": { name: "APIUnavailable", path: "ticket.nope" } },
    });
    expect(r.singleError).toBe('APIUnavailable: "ticket.nope" No such Api');
  });

  it("applies set and invoke to the visible ticket and fires change events", async () => {
    await frame.click("#insert");
    await frame.click("#fields");
    await frame.waitForFunction(() =>
      Boolean(
        (window as unknown as { fixture: { results: { badSet?: unknown } } }).fixture.results
          .badSet,
      ),
    );
    const r = await results();
    expect(r.set).toEqual({ errors: {}, "ticket.status": "pending", "ticket.priority": "high" });
    expect(r.badSet).toBe('"ticket.status" Invalid status bogus');
    // Inserted HTML is sanitized like Zendesk's editor does.
    await expect
      .poll(() => page.getByTestId("host-editor").innerHTML())
      .toBe("<p>Hello <b>there</b></p>");
    expect(await page.getByTestId("ticket-status").textContent()).toBe("Pending");
    expect(await page.locator("#zd-priority").inputValue()).toBe("high");
    expect(
      await page.getByRole("list", { name: "Tags" }).getByRole("listitem").allTextContents(),
    ).toEqual(["orders", "vip", "refund"]);
    const names = (await events()).map((e) => e.name);
    expect(names).toContain("app.activated");
    expect(await events()).toContainEqual({ name: "ticket.status.changed", payload: "pending" });
    expect(await events()).toContainEqual({
      name: "*.changed",
      payload: { propertyName: "ticket.priority", newValue: "high" },
    });
  });

  it("proxies requests: secure ones get settings and a minted HS256 JWT, others stay verbatim", async () => {
    await frame.click("#call");
    await frame.waitForFunction(() => {
      const r = (window as unknown as { fixture: { results: Record<string, unknown> } }).fixture
        .results;
      return Boolean(r.secure && r.insecure && r.me && r.externalError);
    });
    const r = await results();
    expect(r.secure.status).toBe(200);
    expect(r.secure.responseJSON.auth).toBe("Bearer tok_secret_value");
    expect(r.secure.responseJSON.body).toBe('{"hello":"world"}');
    const [header, payload, signature] = r.secure.responseJSON.jwt.split(".") as [
      string,
      string,
      string,
    ];
    expect(
      createHmac("sha256", JWT_SECRET).update(`${header}.${payload}`).digest("base64url"),
    ).toBe(signature);
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<
      string,
      number | string
    >;
    expect(claims).toMatchObject({ agent_id: "7", name: "Alex" });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(300);
    expect(r.insecure.auth).toBe("Bearer {{setting.api_token}}");
    expect(r.me).toMatchObject({ user: { id: 9001, name: "Alex Morgan" } });
    // Leaving the machine is refused (and recorded), never performed.
    expect(r.externalError).toBe(502);
    expect(served.simulator.guard.refused).toEqual(["https://example.org/leak"]);
  });

  it("pushes new customer messages to the open page and the app", async () => {
    await page.fill("#sim-customer-message", "Any news about my refund?");
    await page.getByRole("button", { name: "Add customer message" }).click();
    await expect
      .poll(() => page.getByRole("list", { name: "Conversation" }).textContent())
      .toContain("Any news about my refund?");
    await expect
      .poll(async () => (await events()).some((e) => e.name === "ticket.conversation.changed"))
      .toBe(true);
  });

  it("runs the ticket.save hook: an app can block the submit with a message", async () => {
    await frame.click("#block");
    await page.getByRole("button", { name: /Submit as/ }).click();
    await expect
      .poll(() => page.getByRole("status").filter({ hasText: "Blocked by fixture" }).count())
      .toBe(1);
    expect(await page.getByTestId("host-editor").textContent()).toContain("Hello there");
  });

  it("stays offline and error-free", () => {
    expect(browser.offlineViolations).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });
});
