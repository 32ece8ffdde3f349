import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Frame, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactsDir } from "../lib/paths";
import { type Playground, startPlayground } from "../playground/playground";
import {
  appFrame,
  axeViolations,
  chromiumAvailable,
  launchBrowser,
  type TestBrowser,
  visibleText,
} from "./browser";

type Platform = "zendesk" | "freshdesk";

/** How each simulated host shows what the sidebar changed. */
export interface HostProbe {
  /** The ticket status as the host's UI shows it, in neutral words ("pending"). */
  status(page: Page): Promise<string>;
  tags(page: Page): Promise<string[]>;
}

// biome-ignore lint/suspicious/noExplicitAny: API answers are read loosely and asserted on.
type Json = any;

const VERBOSE = Boolean(process.env.E2E_VERBOSE);

/**
 * The real sidebar app of one platform inside its host simulator, against a real Tandem server
 * (the playground stack on free ports, a switchable proxy in front of the server): the draft,
 * approve & insert, reject with a reason, regenerate with an instruction, a stale draft, the
 * server going down and coming back, accessibility and screenshots of every state.
 */
export function describeSidebarSuite(platform: Platform, probe: HostProbe) {
  const label = platform === "zendesk" ? "Zendesk" : "Freshdesk";
  describe.skipIf(!chromiumAvailable())(`${label} sidebar app in the simulated host`, () => {
    let playground: Playground;
    let browser: TestBrowser;
    const dataDir = mkdtempSync(join(tmpdir(), `tandem-e2e-${platform}-`));

    const api = async (path: string): Promise<Json> => {
      const res = await fetch(`${playground.tandemUrl}${path}`, {
        headers: { authorization: `Bearer ${playground.installations[platform].appToken}` },
      });
      expect(res.status, `${path} answered ${res.status}`).toBe(200);
      return res.json();
    };

    const open = async (ticketId: number): Promise<{ page: Page; frame: Frame }> => {
      const page = await browser.newPage();
      if (VERBOSE) page.on("console", (m) => console.log(`[${platform}] ${m.text()}`));
      await page.goto(playground.ticketUrl(platform, ticketId));
      return { page, frame: await appFrame(page) };
    };

    const button = (frame: Frame, name: string | RegExp): Locator =>
      frame.getByRole("button", { name, exact: typeof name === "string" }).first();

    /** The editable reply (a textarea, in the light DOM or inside a Crayons shadow root). */
    const replyText = (frame: Frame) => frame.locator("textarea").first().inputValue();

    const waitForDraft = async (frame: Frame) => {
      try {
        await button(frame, "Approve & insert").waitFor({ state: "visible", timeout: 30_000 });
      } catch (error) {
        const shown = await visibleText(frame.locator("body")).catch(() => "(unreadable)");
        throw new Error(`No draft in the ${label} sidebar; it shows:\n${shown}`, { cause: error });
      }
    };

    const shot = async (page: Page, state: string) => {
      mkdirSync(artifactsDir, { recursive: true });
      await page.screenshot({ path: join(artifactsDir, `${platform}-${state}.png`) });
    };

    /** No serious or critical axe violation, with no exceptions (shadow DOM included). */
    const expectAccessible = async (frame: Frame, state: string) => {
      const violations = await axeViolations(frame);
      expect(
        violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes)}`),
        `axe on the ${label} sidebar (${state})`,
      ).toEqual([]);
    };

    beforeAll(async () => {
      playground = await startPlayground({
        dataDir,
        serverPort: 0,
        playgroundPort: 0,
        proxy: true,
        // The app page keeps Zendesk's CDN URL; the test browser answers it with the local SDK.
        rewriteSdkUrl: false,
        env: { LOG_LEVEL: "silent" },
      });
      expect(playground.available[platform], `the ${platform} app must be built`).toBe(true);
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await playground?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("opens a ticket and shows the draft (accessible)", async () => {
      const { page, frame } = await open(101);
      await waitForDraft(frame);
      await expect.poll(() => replyText(frame)).toContain("Hola Marta");
      const text = await visibleText(frame.locator("body"));
      expect(text).toContain("Reembolso aprobado");
      expect(text).toMatch(/Open\s*→\s*Pending/);
      await shot(page, "draft");
      await expectAccessible(frame, "draft");
      await page.close();
    });

    it("approve & insert: the reply lands in the editor, the fields change, the server records it", async () => {
      const { page, frame } = await open(101);
      await waitForDraft(frame);
      await button(frame, "Approve & insert").click();
      await expect
        .poll(() => visibleText(frame.locator("body")), { timeout: 15_000 })
        .toContain("Approved. The reply is in the editor");
      await expect
        .poll(() => visibleText(page.getByTestId("host-editor")))
        .toContain("Siento mucho que tu pedido llegara dañado");
      await expect.poll(() => probe.status(page)).toBe("pending");
      expect(await probe.tags(page)).toEqual(
        expect.arrayContaining(["orders", "refund", "damaged_item"]),
      );
      await shot(page, "approved");
      await expectAccessible(frame, "approved");

      const draft = await api("/v1/tickets/101/draft");
      const decision = await api(`/v1/drafts/${draft.id}/decision`);
      expect(decision).toMatchObject({
        ticketId: "101",
        agent: { name: "Alex Morgan" },
        reply: { outcome: "accepted" },
      });
      expect(decision.actions.map((a: Json) => [a.type, a.outcome]).sort()).toEqual([
        ["add_tags", "approved"],
        ["set_status", "approved"],
      ]);
      const summary = await api(`/v1/analytics/summary?platform=${platform}`);
      expect(summary.totals).toMatchObject({ decided: 1, rejected: 0 });
      expect(summary.totals.actions.approved).toBe(2);
      await page.close();
    });

    it("reject with a reason: nothing lands in the host, the reason is recorded", async () => {
      const { page, frame } = await open(103);
      await waitForDraft(frame);
      await button(frame, "Reject").click();
      // Both design systems draw their own radio over a visually hidden input: click the label.
      await frame.getByText("Wrong facts", { exact: true }).first().click();
      await shot(page, "reject-dialog");
      await expectAccessible(frame, "reject-dialog");
      await button(frame, "Reject draft").click();
      await expect
        .poll(() => visibleText(frame.locator("body")), { timeout: 15_000 })
        .toContain("Draft rejected");
      expect((await visibleText(page.getByTestId("host-editor"))).trim()).toBe("");
      await shot(page, "rejected");
      await expectAccessible(frame, "rejected");
      const draft = await api("/v1/tickets/103/draft");
      const decision = await api(`/v1/drafts/${draft.id}/decision`);
      expect(decision.reply).toMatchObject({
        outcome: "rejected",
        reason: { code: "wrong_facts" },
      });
      const summary = await api(`/v1/analytics/summary?platform=${platform}`);
      expect(summary.totals).toMatchObject({ decided: 2, rejected: 1 });
      expect(summary.totals.rejectionReasons).toMatchObject({ wrong_facts: 1 });
      await page.close();
    });

    it("regenerate with an instruction: a new draft that carries the instruction", async () => {
      const { page, frame } = await open(104);
      await waitForDraft(frame);
      const first = await api("/v1/tickets/104/draft");
      const instruction = "Mention the 3 business days for the pre-authorisation";
      await frame.getByLabel("Instruction for a new draft (optional)").first().fill(instruction);
      await button(frame, "Regenerate").click();
      await expect
        .poll(async () => (await api("/v1/tickets/104/draft")).id, { timeout: 15_000 })
        .not.toBe(first.id);
      const second = await api("/v1/tickets/104/draft");
      expect(second.instruction).toBe(instruction);
      // The offline drafter says it cannot follow free text: the agent sees that, not silence.
      await expect
        .poll(() => visibleText(frame.locator("body")), { timeout: 15_000 })
        .toContain("cannot follow free-text instructions");
      await waitForDraft(frame);
      await shot(page, "regenerated");
      await expectAccessible(frame, "regenerated");
      await page.close();
    });

    it("a new customer message: an untouched draft is redrafted for it", async () => {
      const { page, frame } = await open(105);
      await waitForDraft(frame);
      const before = await api("/v1/tickets/105/draft");
      await page.fill("#sim-customer-message", "Já tentei o link de redefinição, não chegou nada.");
      await page.getByRole("button", { name: "Add customer message" }).click();
      await expect
        .poll(async () => (await api("/v1/tickets/105/draft")).id, { timeout: 15_000 })
        .not.toBe(before.id);
      await expect
        .poll(() => visibleText(frame.locator("body")), { timeout: 15_000 })
        .toContain("Updated for the new message");
      await waitForDraft(frame);
      await shot(page, "redrafted");
      await expectAccessible(frame, "redrafted");
      await page.close();
    });

    it("a new customer message after edits: stale, edits kept until Refresh", async () => {
      const { page, frame } = await open(106);
      await waitForDraft(frame);
      const before = await api("/v1/tickets/106/draft");
      const edited = "Hi Emma, I am checking availability for 10–17 March right now.";
      await frame.locator("textarea").first().fill(edited);
      await page.fill("#sim-customer-message", "Also, can we add a rental car?");
      await page.getByRole("button", { name: "Add customer message" }).click();
      await expect
        .poll(() => visibleText(frame.locator("body")), { timeout: 15_000 })
        .toContain("The ticket changed");
      expect(await replyText(frame)).toBe(edited);
      // A stale draft is never inserted as if it were current.
      expect(await button(frame, "Approve & insert").isDisabled()).toBe(true);
      await shot(page, "stale");
      await expectAccessible(frame, "stale");
      await button(frame, /^Refresh$/).click();
      await expect
        .poll(async () => (await api("/v1/tickets/106/draft")).id, { timeout: 15_000 })
        .not.toBe(before.id);
      await expect
        .poll(() => visibleText(frame.locator("body")), { timeout: 15_000 })
        .not.toContain("The ticket changed");
      await waitForDraft(frame);
      expect(await replyText(frame)).not.toBe(edited);
      await page.close();
    });

    it("server down: a clear error, then a working retry", async () => {
      playground.proxy?.setDown(true);
      const { page, frame } = await open(102);
      try {
        await expect
          .poll(() => visibleText(frame.locator("body")), { timeout: 30_000 })
          .toContain("Can't reach the Tandem server");
        await shot(page, "unreachable");
        await expectAccessible(frame, "unreachable");
      } finally {
        playground.proxy?.setDown(false);
      }
      await button(frame, "Retry").click();
      await waitForDraft(frame);
      expect(await visibleText(frame.locator("body"))).not.toContain(
        "Can't reach the Tandem server",
      );

      // Down again while deciding: the draft stays, nothing lands in the host, approving again works.
      playground.proxy?.setDown(true);
      try {
        await button(frame, "Approve & insert").click();
        await expect
          .poll(() => visibleText(frame.locator("body")), { timeout: 30_000 })
          .toMatch(/decision was not recorded/);
        expect((await visibleText(page.getByTestId("host-editor"))).trim()).toBe("");
        await shot(page, "decision-unreachable");
        await expectAccessible(frame, "decision-unreachable");
      } finally {
        playground.proxy?.setDown(false);
      }
      await button(frame, "Approve & insert").click();
      await expect
        .poll(() => visibleText(frame.locator("body")), { timeout: 15_000 })
        .toContain("Approved. The reply is in the editor");
      await expect.poll(() => visibleText(page.getByTestId("host-editor"))).toContain("Tom");
      const draft = await api("/v1/tickets/102/draft");
      expect((await api(`/v1/drafts/${draft.id}/decision`)).reply.outcome).toBe("accepted");
      await page.close();
    });

    it("stays offline and error-free", () => {
      expect(browser.offlineViolations).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
      expect(playground.guard.refused).toEqual([]);
    });
  });
}
