import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedDataDir } from "@tandem/server/testing";
import type { Frame, Locator, Page } from "playwright-core";
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
  // The run's migrated database, copied: the server opens it instead of building one.
  seedDataDir(dataDir);

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

  /**
   * Sends a suggested message and waits until the bot has asked the helpdesk: the request opens
   * expanded at the top of the sidebar, nothing to click to see it.
   */
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
    await pendingCard(app).waitFor({ timeout: 30_000 });
    return { ticketId, app };
  }

  const pendingCard = (app: Frame) =>
    app
      .getByTestId("approvals-expanded")
      .locator('[data-testid="approval-card"][data-status="pending"]');

  /** A Garden button's fill: a primary button's differs from a secondary one's. */
  const background = (button: Locator) =>
    button.evaluate((element) => getComputedStyle(element).backgroundColor);

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
    const card = pendingCard(app);
    const sidebarText = await visibleText(app.locator("body"));
    expect(sidebarText).toContain("BK-1042");
    expect(sidebarText).toContain("Requested by Trip bot");
    expect(sidebarText).toContain("Decide this request first: the reply below depends on it.");

    // The request is the agent's first task: at the top, with the one primary button.
    const approveRequest = card.getByTestId("approval-approve");
    const approveDraft = app.getByTestId("approve-insert");
    await approveDraft.waitFor({ timeout: 30_000 });
    expect(await visibleText(app.locator("body"))).toContain(
      "A request above is waiting for your decision.",
    );
    const [cardBox, replyBox] = await Promise.all([
      card.boundingBox(),
      app.getByTestId("reply-editor").boundingBox(),
    ]);
    expect(cardBox && replyBox && cardBox.y < replyBox.y).toBe(true);
    const secondary = await background(app.getByTestId("insert-only"));
    // Polled: the buttons' colours animate when the request arrives after the draft.
    await expect.poll(() => background(approveDraft)).toBe(secondary);
    await expect.poll(() => background(approveRequest)).not.toBe(secondary);

    // While the request is pending the draft says a colleague is confirming: never that the
    // booking was changed or that the change was requested.
    const reply = await app.getByTestId("reply-editor").inputValue();
    expect(reply).toMatch(/colleague/i);
    expect(reply).not.toMatch(/\b(?:moved|changed|rebooked|updated)\b|have asked|requested/i);
    expect(await app.getByTestId("unbacked-commitments").count()).toBe(0);
    const draft = await api(`/v1/tickets/${ticketId}/draft`);
    expect(draft.commitments.filter((c: Json) => c.actionId === null)).toEqual([]);

    // The booking is what the request changes: read-only; the dates stay editable.
    await card.getByRole("button", { name: "Edit details" }).click();
    const booking = card.locator('input[data-testid="locked-param"][data-param="bookingId"]');
    expect(await booking.inputValue()).toBe("BK-1042");
    expect(await booking.isEditable()).toBe(false);
    for (const param of ["checkIn", "checkOut"]) {
      const field = card.locator(`input[data-param="${param}"]`);
      expect(await field.getAttribute("data-testid")).toBeNull();
      expect(await field.isEditable()).toBe(true);
    }
    expect(await card.locator('input[data-param="checkIn"]').inputValue()).toBe("2027-03-10");
    await approveRequest.scrollIntoViewIfNeeded();
    await shot("approval-pending");
    const violations = await axeViolations(app);
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await approveRequest.click();
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
    const { ticketId, app } = await askBot("Could we come a week later instead?");
    const card = pendingCard(app);
    await card.getByLabel("Comment (optional)").first().fill("Overlaps another stay of this guest");
    // Rejecting asks why first, like rejecting a draft: nothing is sent without a reason.
    await card.getByTestId("approval-reject").click();
    const form = card.getByTestId("reject-form");
    await form.waitFor();
    expect(await form.textContent()).toContain("Why reject this request?");
    const confirm = form.getByRole("button", { name: "Reject request" });
    expect(await confirm.isDisabled()).toBe(true);
    await form.getByText("Against our policy", { exact: true }).click();
    expect(await confirm.isDisabled()).toBe(false);
    await shot("reject-reason");
    expect((await axeViolations(app)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await confirm.click();
    await expect
      .poll(chat, { timeout: 30_000 })
      .toContain("A colleague from our travel team will follow up");
    const [approval] = (await api(`/v1/tickets/${ticketId}/approvals`)).approvals;
    expect(approval).toMatchObject({
      status: "rejected",
      decision: {
        outcome: "rejected",
        reason: { code: "policy" },
        comment: "Overlaps another stay of this guest",
      },
    });
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
