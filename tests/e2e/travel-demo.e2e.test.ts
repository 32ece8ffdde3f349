import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactsDir } from "../src/lib/paths";
import { type Playground, startPlayground } from "../src/playground/playground";
import {
  axeViolations,
  chromiumAvailable,
  launchBrowser,
  type TestBrowser,
  visibleText,
} from "../src/testing/browser";

// biome-ignore lint/suspicious/noExplicitAny: API answers are read loosely and asserted on.
type Json = any;

/**
 * The playground's travel-booking demo in Chromium: Emma chats with Trip bot (an OpenAI Agents
 * SDK agent), the bot consults a human through Tandem, the request appears in the simulated
 * Zendesk sidebar next to the chat, and the human's decision reaches the booking system and the
 * customer.
 */
describe.skipIf(!chromiumAvailable())("travel-booking demo (consult a human)", () => {
  let playground: Playground;
  let browser: TestBrowser;
  let page: Page;
  const dataDir = mkdtempSync(join(tmpdir(), "tandem-e2e-travel-"));

  const chat = () => visibleText(page.getByRole("list", { name: "Chat messages" }));
  const shot = async (name: string) => {
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, `travel-demo-${name}.png`) });
  };
  const api = async (path: string): Promise<Json> => {
    const res = await fetch(`${playground.tandemUrl}${path}`, {
      headers: { authorization: `Bearer ${playground.installations.zendesk.appToken}` },
    });
    expect(res.status).toBe(200);
    return res.json();
  };

  /** The Tandem sidebar inside the agent's view (the Zendesk simulator framed by the demo). */
  async function sidebar(ticketId: number): Promise<Frame> {
    const agentView = await page.waitForSelector(
      `iframe[data-testid="agent-view"][src$="/zendesk/tickets/${ticketId}"]`,
    );
    const host = await agentView.contentFrame();
    if (!host) throw new Error("the agent view has no frame");
    const app = await (
      await host.waitForSelector('iframe[data-testid="app-iframe"]')
    ).contentFrame();
    if (!app) throw new Error("the sidebar has no frame");
    return app;
  }

  /** Sends a suggested message and waits until the bot has asked the helpdesk. */
  async function askBot(suggestion: string): Promise<{ ticketId: number; app: Frame }> {
    await page.getByRole("button", { name: suggestion }).click();
    await expect
      .poll(chat, { timeout: 30_000 })
      .toMatch(/Approval request sent to the helpdesk on ticket #(\d+)/);
    const ticketId = Number(/on ticket #(\d+)/.exec(await chat())?.[1]);
    const app = await sidebar(ticketId);
    await app
      .getByText(/1 approval request from Trip bot/)
      .first()
      .waitFor({ timeout: 30_000 });
    await app.getByRole("button", { name: "Open", exact: true }).click();
    return { ticketId, app };
  }

  beforeAll(async () => {
    playground = await startPlayground({
      dataDir,
      serverPort: 0,
      playgroundPort: 0,
      rewriteSdkUrl: false,
      decisionTimeoutMs: 60_000,
      env: { LOG_LEVEL: "silent" },
    });
    expect(playground.available.zendesk, "the zendesk app must be built").toBe(true);
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewportSize({ width: 1500, height: 1000 });
    await page.goto(`${playground.url}/demo/travel/`);
    await page.getByText("I'm Trip bot").first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await playground?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("the landing page and the demo page are accessible", async () => {
    const landing = await browser.newPage();
    await landing.goto(playground.url);
    expect(await visibleText(landing.locator("main"))).toContain("Travel-booking demo");
    expect((await axeViolations(landing.mainFrame())).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await landing.close();
    // Before Emma writes there is no agent view yet: only the demo's own page is checked.
    expect((await axeViolations(page.mainFrame())).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  it("approve: the booking changes and the bot confirms it in the chat", async () => {
    const { ticketId, app } = await askBot("Can you move my Maui trip to 10–17 March?");
    const sidebarText = await visibleText(app.locator("body"));
    expect(sidebarText).toContain("BK-1042");
    expect(sidebarText).toContain("Requested by Trip bot");
    await shot("approval-pending");
    const violations = await axeViolations(app);
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await app.getByRole("button", { name: "Approve request" }).click();
    await expect
      .poll(chat, { timeout: 30_000 })
      .toContain("All done: booking BK-1042 now runs from 10 March 2027 to 17 March 2027");
    expect(await chat()).toMatch(/confirmation number is CNF-\d+/);
    expect(playground.bookings.get("BK-1042")).toMatchObject({
      checkIn: "2027-03-10",
      checkOut: "2027-03-17",
    });
    const [approval] = (await api(`/v1/tickets/${ticketId}/approvals`)).approvals;
    expect(playground.bookings.changes[0]).toMatchObject({
      bookingId: "BK-1042",
      approvalId: approval.id,
    });
    await shot("approved");

    expect(approval).toMatchObject({
      status: "executed",
      requestedBy: { name: "Trip bot" },
      decision: { outcome: "approved", agent: { name: "Alex Morgan" } },
      action: { params: { bookingId: "BK-1042", checkIn: "2027-03-10", checkOut: "2027-03-17" } },
    });
    const summary = await api("/v1/analytics/summary");
    expect(summary.totals.approvals).toMatchObject({ requested: 1, approved: 1 });

    const bookingPage = await browser.newPage();
    await bookingPage.goto(`${playground.url}/booking/`);
    expect(await visibleText(bookingPage.locator('tr[data-booking="BK-1042"]'))).toContain(
      "2027-03-10",
    );
    await bookingPage.close();
  });

  it("reject: nothing changes and the bot says a human will follow up", async () => {
    await page.getByRole("button", { name: "Start over" }).click();
    await expect.poll(chat).not.toContain("All done");
    const changesBefore = playground.bookings.changes.length;
    const { app } = await askBot("Could we come a week later instead?");
    await app.getByLabel("Comment (optional)").first().fill("Overlaps another stay of this guest");
    await app.getByRole("button", { name: "Reject request" }).click();
    await expect
      .poll(chat, { timeout: 30_000 })
      .toContain("A colleague from our travel team will follow up");
    // "Start over" restored the original dates and the rejected change never ran.
    expect(playground.bookings.get("BK-1042")).toMatchObject({
      checkIn: "2027-03-03",
      checkOut: "2027-03-10",
    });
    expect(playground.bookings.changes).toHaveLength(changesBefore);
    await shot("rejected");
  });

  it("stays offline and error-free", () => {
    expect(browser.offlineViolations).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });
});
