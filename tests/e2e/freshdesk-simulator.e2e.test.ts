import { Hono } from "hono";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureStore } from "../src/lib/fixture-tickets";
import { type Listening, listen } from "../src/lib/http";
import { fixtureApps } from "../src/lib/paths";
import { createFreshdeskSimulator } from "../src/simulators/freshdesk/freshdesk-simulator";
import { type ServedSimulator, serveSimulator } from "../src/simulators/shared/serve-simulator";
import {
  appFrame,
  chromiumAvailable,
  launchBrowser,
  type TestBrowser,
} from "../src/testing/browser";

/** The Freshworks client and host simulator against a fixture app. */
type Results = Record<string, unknown>;

describe.skipIf(!chromiumAvailable())("Freshdesk host simulator (our Freshworks client)", () => {
  let upstream: Listening;
  let served: ServedSimulator<ReturnType<typeof createFreshdeskSimulator>>;
  let browser: TestBrowser;
  let page: Page;
  let frame: Frame;
  const results = () =>
    frame.evaluate(() => (window as unknown as { fixture: { results: Results } }).fixture.results);
  const events = () =>
    frame.evaluate(
      () =>
        (window as unknown as { fixture: { events: Array<{ name: string; data?: unknown }> } })
          .fixture.events,
    );
  const waitFor = (key: string) =>
    frame.waitForFunction(
      (k) =>
        // The fixture script may not have run yet (frame still loading): keep waiting then.
        (window as unknown as { fixture?: { results: Results } }).fixture?.results[k] !== undefined,
      key,
    );

  beforeAll(async () => {
    const echo = new Hono().all("/echo/:id", async (c) =>
      c.json({
        id: c.req.param("id"),
        lang: c.req.query("lang"),
        auth: c.req.header("authorization") ?? null,
        body: await c.req.text(),
      }),
    );
    upstream = await listen(echo.fetch);
    const store = fixtureStore();
    store.update(1, { comment: { html: "<p>We are on it.</p>", public: true } });
    served = await serveSimulator(({ hostUrl, assetsUrl }) =>
      createFreshdeskSimulator({
        appDir: fixtureApps.freshdesk,
        store,
        iparams: {
          server_host: `localhost:${upstream.port}`,
          api_token: "tok_fd_secret",
          freshdesk_api_key: "fdkey",
        },
        freshdeskApiKey: "fdkey",
        domain: "acme.freshdesk.com",
        hostUrl,
        assetsUrl,
      }),
    );
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${served.hostUrl}/tickets/1`);
    frame = await appFrame(page);
    await waitFor("iparams");
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await upstream?.close();
  });

  it("initializes over the handshake, activates the app and serves data objects", async () => {
    // The fixture reads the data objects one after another: wait for the last of them.
    await waitFor("dataError");
    const r = await results();
    expect(r.ticket).toMatchObject({
      id: 1,
      subject: "Refund for order ORD-550871",
      status: 2,
      priority: 2,
      tags: ["orders"],
    });
    expect(r.user).toBe("Alex Morgan");
    // Secure iparams never reach the front end.
    expect(r.iparams).toEqual({ server_host: `localhost:${upstream.port}` });
    expect(r.dataError).toBe("Unknown data attribute nonsense");
    expect((await events()).map((e) => e.name)).toContain("app.activated");
  });

  it("opens the reply editor with sanitized text and changes properties with events", async () => {
    await frame.click("#insert");
    await frame.click("#fields");
    await waitFor("badStatus");
    await expect
      .poll(() => page.getByTestId("host-editor").innerHTML())
      .toBe("<p>Hi <b>there</b></p><p>Regards</p>");
    expect(await page.locator("#fd-status").inputValue()).toBe("3");
    expect(
      await page.getByRole("list", { name: "Tags" }).getByRole("listitem").allTextContents(),
    ).toEqual(["vip", "refund"]);
    expect((await results()).badStatus).toBe("Invalid status 99");
    expect(await events()).toContainEqual({
      name: "ticket.statusChanged",
      data: { old: 2, new: 3 },
    });
    await expect
      .poll(() => page.getByRole("status").filter({ hasText: "Inserted" }).count())
      .toBe(1);
  });

  it("renders request templates with iparams and context, secure values only in headers", async () => {
    await frame.click("#call");
    await waitFor("undeclaredError");
    const r = await results();
    expect(r.echo).toEqual({ id: "1", lang: "es", auth: "Bearer tok_fd_secret", body: '{"a":1}' });
    // The account's own REST API answers `acme.freshdesk.com` with Basic auth.
    expect(r.conversations).toBe(1);
    expect(r.leakError).toBe(502);
    expect(r.undeclaredError).toBe(400);
    expect(served.simulator.guard.refused).toEqual(["https://example.org/x"]);
  });

  it("sends the reply through intercept and plain ticket.sendReply listeners", async () => {
    await page.getByRole("button", { name: "Send" }).click();
    await expect
      .poll(() => page.getByRole("list", { name: "Conversation" }).textContent())
      .toContain("Regards");
    const names = (await events()).map((e) => e.name);
    expect(names.indexOf("intercept")).toBeGreaterThan(-1);
    expect(names.indexOf("ticket.sendReply")).toBeGreaterThan(names.indexOf("intercept"));
    expect(await events()).toContainEqual({
      name: "ticket.sendReply",
      data: {
        body: "<p>Hi <b>there</b></p><p>Regards</p>",
        body_text: "Hi there\n\nRegards",
        private: false,
      },
    });
  });

  it("stays offline and error-free", () => {
    expect(browser.offlineViolations).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });
});
