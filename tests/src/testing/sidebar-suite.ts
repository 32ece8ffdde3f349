import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedDataDir } from "@tandem/server/testing";
import type { Frame, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactsDir } from "../lib/paths";
import { DEMO_TICKETS } from "../playground/demo-data";
import { type Playground, startPlayground } from "../playground/playground";
import { ticketFrom } from "../simulators/shared/sample-data";
import {
  appFrame,
  axeViolations,
  chromiumAvailable,
  launchBrowser,
  type TestBrowser,
  visibleText,
} from "./browser";

type Platform = "zendesk" | "freshdesk";

/** How each simulated host shows what the sidebar changed, and how its agent saves the ticket. */
export interface HostProbe {
  /** The ticket status as the host's UI shows it, in neutral words ("pending"). */
  status(page: Page): Promise<string>;
  tags(page: Page): Promise<string[]>;
  /** The host's save button as its unsaved-changes note names it ("Submit", "Update"). */
  saveButton: string;
  /** Clicks the host's save button: what the form holds is stored on the ticket. */
  save(page: Page): Promise<void>;
  /** Sends the reply in the host's editor. Zendesk's Submit already sent it: then a no-op. */
  sendReply(page: Page): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: API answers are read loosely and asserted on.
type Json = any;

interface Opened {
  page: Page;
  frame: Frame;
}

const VERBOSE = Boolean(process.env.E2E_VERBOSE);

/**
 * The real sidebar app of one platform inside its host simulator, against a real Tandem server
 * (the playground stack on free ports, a switchable proxy in front of the server): the draft,
 * approve & insert (set in the form until the agent saves, the decided state after a reload),
 * reject with a reason, regenerate with an instruction, a promise no action backs, a locked
 * target, a new customer message with and without edits, the server going down and coming back,
 * accessibility and screenshots of every state.
 */
export function describeSidebarSuite(platform: Platform, probe: HostProbe) {
  const label = platform === "zendesk" ? "Zendesk" : "Freshdesk";
  describe.skipIf(!chromiumAvailable())(`${label} sidebar app in the simulated host`, () => {
    let playground: Playground;
    let browser: TestBrowser;
    const dataDir = mkdtempSync(join(tmpdir(), `tandem-e2e-${platform}-`));
    // The run's migrated database, copied: the server opens it instead of building one.
    seedDataDir(dataDir);
    /** Tickets a test leaves open for the next one (opening one costs a draft and a page load). */
    const kept = new Map<number, Opened>();

    const apiCall = (path: string) =>
      fetch(`${playground.tandemUrl}${path}`, {
        headers: { authorization: `Bearer ${playground.installations[platform].appToken}` },
      });

    const api = async (path: string): Promise<Json> => {
      const res = await apiCall(path);
      expect(res.status, `${path} answered ${res.status}`).toBe(200);
      return res.json();
    };

    const open = async (ticketId: number): Promise<Opened> => {
      const page = await browser.newPage();
      if (VERBOSE) page.on("console", (m) => console.log(`[${platform}] ${m.text()}`));
      await page.goto(playground.ticketUrl(platform, ticketId));
      return { page, frame: await appFrame(page) };
    };

    /** The ticket a previous test left open, or a fresh tab on it. */
    const reuse = async (ticketId: number): Promise<Opened> => {
      const opened = kept.get(ticketId);
      kept.delete(ticketId);
      if (opened && !opened.page.isClosed()) return opened;
      return open(ticketId);
    };

    /** Reloads the host page (a new sidebar instance: nothing survives but what the server has). */
    const reload = async (page: Page): Promise<Frame> => {
      await page.reload();
      return appFrame(page);
    };

    const button = (frame: Frame, name: string | RegExp): Locator =>
      frame.getByRole("button", { name, exact: typeof name === "string" }).first();

    /** The editable reply (a textarea, in the light DOM or inside a Crayons shadow root). */
    const replyBox = (frame: Frame): Locator =>
      frame
        .locator('textarea[data-testid="reply-editor"], [data-testid="reply-editor"] textarea')
        .first();
    const replyText = (frame: Frame) => replyBox(frame).inputValue();

    const body = (frame: Frame) => visibleText(frame.locator("body"));
    const hostEditor = (page: Page) => visibleText(page.getByTestId("host-editor"));

    const waitForDraft = async (frame: Frame) => {
      try {
        await button(frame, "Approve & insert").waitFor({ state: "visible", timeout: 30_000 });
      } catch (error) {
        const shown = await body(frame).catch(() => "(unreadable)");
        throw new Error(`No draft in the ${label} sidebar; it shows:\n${shown}`, { cause: error });
      }
    };

    const waitForDecided = async (frame: Frame) => {
      try {
        await frame.getByTestId("decided-panel").waitFor({ state: "visible", timeout: 30_000 });
      } catch (error) {
        const shown = await body(frame).catch(() => "(unreadable)");
        throw new Error(`No decided state in the ${label} sidebar; it shows:\n${shown}`, {
          cause: error,
        });
      }
    };

    /** The per-action results the decided state lists (`applied`, `staged`, `succeeded`…). */
    const decidedStatuses = (frame: Frame) =>
      frame
        .getByTestId("decided-action")
        .evaluateAll((rows) =>
          rows.map(
            (row) => `${row.getAttribute("data-action-id")}=${row.getAttribute("data-status")}`,
          ),
        );
    const statusesOnly = async (frame: Frame) =>
      (await decidedStatuses(frame)).map((entry) => entry.split("=")[1]).sort();

    /** What the simulated host exposes for tests: the ticket as saved, the unsaved fields. */
    const sim = (page: Page) => ({
      saved: () =>
        page.evaluate(() =>
          (window as unknown as { tandemSim: { savedTicket(): Json } }).tandemSim.savedTicket(),
        ) as Promise<Json>,
      unsavedFields: () =>
        page.evaluate(() =>
          (window as unknown as { tandemSim: { unsavedFields(): string[] } }).tandemSim
            .unsavedFields()
            .sort(),
        ),
    });

    const decisionOf = async (draftId: string): Promise<Json> =>
      api(`/v1/drafts/${draftId}/decision`);

    const summary = async (): Promise<Json> => api(`/v1/analytics/summary?platform=${platform}`);

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

    /** A button's fill: a primary button's differs from a secondary one's in both design systems. */
    const backgroundOf = (target: Locator) =>
      target.evaluate((element) => getComputedStyle(element).backgroundColor);

    /** A demo draft promises nothing that none of its actions does. */
    const expectNoUnbackedPromise = async (frame: Frame) => {
      expect(await frame.getByTestId("unbacked-commitments").count()).toBe(0);
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
      const opened = await open(101);
      const { page, frame } = opened;
      await waitForDraft(frame);
      await expect.poll(() => replyText(frame)).toContain("Hola Marta");
      const text = await body(frame);
      expect(text).toContain("Reembolso aprobado");
      expect(text).toMatch(/Open\s*→\s*Pending/);
      await expectNoUnbackedPromise(frame);
      await shot(page, "draft");
      await expectAccessible(frame, "draft");
      kept.set(101, opened);
    });

    it("approve & insert: the reply lands in the editor, the fields are set in the form (not called applied), the server records it", async () => {
      const opened = await reuse(101);
      const { page, frame } = opened;
      await waitForDraft(frame);
      await button(frame, "Approve & insert").click();
      await expect
        .poll(() => body(frame), { timeout: 15_000 })
        .toContain("Approved. The reply is in the editor");
      await expect
        .poll(() => hostEditor(page))
        .toContain("Siento mucho que tu pedido llegara dañado");
      await expect.poll(() => probe.status(page)).toBe("pending");
      expect(await probe.tags(page)).toEqual(
        expect.arrayContaining(["orders", "refund", "damaged_item"]),
      );

      // Set in the form, not saved: the sidebar says so, and never calls the changes applied.
      await expect(frame.getByTestId("decided-title").first().textContent()).resolves.toMatch(
        /Approved by Alex Morgan/,
      );
      const staged = frame.getByTestId("staged-notice");
      await expect
        .poll(async () => (await visibleText(staged)).trim())
        // "set in the form" (Zendesk) / "set in the ticket properties" (Freshdesk).
        .toMatch(
          new RegExp(`^2 changes set in the .+ — click ${probe.saveButton} to save them\\.$`),
        );
      await expect.poll(() => statusesOnly(frame)).toEqual(["staged", "staged"]);
      expect(await body(frame)).not.toMatch(/applied/i);
      // The host agrees: two fields changed in the form, the stored ticket untouched.
      await expect
        .poll(() => visibleText(page.getByTestId("unsaved-changes")))
        .toBe(`2 unsaved changes — click ${probe.saveButton} to save`);
      expect(await sim(page).unsavedFields()).toEqual(["status", "tags"]);
      expect((await sim(page).saved()).status).toBe("open");
      await shot(page, "approved");
      await expectAccessible(frame, "approved");

      const draft = await api("/v1/tickets/101/draft");
      const decision = await decisionOf(draft.id);
      expect(decision).toMatchObject({
        ticketId: "101",
        agent: { name: "Alex Morgan" },
        reply: { outcome: "accepted" },
        acknowledgedCommitments: false,
      });
      // Through the helpdesk app the identity is what the browser said, never "verified".
      expect(decision.agentIdentity).toBe("asserted");
      expect(decision.actions.map((a: Json) => [a.type, a.outcome]).sort()).toEqual([
        ["add_tags", "approved"],
        ["set_status", "approved"],
      ]);
      // The sidebar reports what the helpdesk did: set in the form, not saved.
      await expect
        .poll(async () => (await decisionOf(draft.id)).actions.map((a: Json) => a.hostResult))
        .toEqual(["staged", "staged"]);
      await expect.poll(async () => (await decisionOf(draft.id)).reply.inserted).toBe(true);
      const totals = (await summary()).totals;
      expect(totals).toMatchObject({ decided: 1, rejected: 0 });
      expect(totals.actions).toMatchObject({ approved: 2, applied: 0, staged: 2, applyFailed: 0 });
      kept.set(101, opened);
    });

    it("the agent saves the ticket: the staged changes are saved, and only now counted applied", async () => {
      const { page, frame } = await reuse(101);
      await waitForDecided(frame);
      await probe.save(page);
      await expect
        .poll(
          () =>
            sim(page)
              .saved()
              .then((t: Json) => t.status),
          { timeout: 15_000 },
        )
        .toBe("pending");
      expect((await sim(page).saved()).tags).toEqual(
        expect.arrayContaining(["orders", "refund", "damaged_item"]),
      );
      expect(await sim(page).unsavedFields()).toEqual([]);
      expect((await visibleText(page.getByTestId("unsaved-changes"))).trim()).toBe("");
      await expect
        .poll(() => statusesOnly(frame), { timeout: 15_000 })
        .toEqual(["applied", "applied"]);
      expect(await frame.getByTestId("staged-notice").count()).toBe(0);
      await shot(page, "saved");
      await expectAccessible(frame, "saved");

      const draft = await api("/v1/tickets/101/draft");
      await expect
        .poll(async () => (await decisionOf(draft.id)).actions.map((a: Json) => a.hostResult), {
          timeout: 15_000,
        })
        .toEqual(["applied", "applied"]);
      const totals = (await summary()).totals;
      expect(totals.actions).toMatchObject({ approved: 2, applied: 2, staged: 0, applyFailed: 0 });

      // Freshdesk saves properties and sends replies apart: the decided state survives a reload
      // as long as the reply is not sent (Zendesk's Submit sent it along with the fields).
      if (platform === "freshdesk") {
        const restored = await reload(page);
        await waitForDecided(restored);
        expect(await restored.getByTestId("decided-title").first().textContent()).toMatch(
          /Approved by Alex Morgan/,
        );
        await expect.poll(() => statusesOnly(restored)).toEqual(["applied", "applied"]);
        expect(await button(restored, "Approve & insert").count()).toBe(0);
        await button(restored, "Insert again").click();
        await expect
          .poll(() => hostEditor(page))
          .toContain("Siento mucho que tu pedido llegara dañado");
      }
      await probe.sendReply(page);
      await expect
        .poll(
          async () => {
            const last = (await sim(page).saved()).messages.at(-1);
            return last?.author === "agent" && last.public ? last.html : "";
          },
          { timeout: 15_000 },
        )
        .toContain("Siento mucho");
    });

    it("after the reply was sent, reopening the ticket offers no reply to approve", async () => {
      const { page } = await reuse(101);
      const frame = await reload(page);
      await frame.getByTestId("no-reply-needed").waitFor({ timeout: 30_000 });
      expect(await body(frame)).toContain("Nothing to answer yet");
      expect(await button(frame, "Approve & insert").count()).toBe(0);
      expect(await button(frame, "Insert only").count()).toBe(0);
      await shot(page, "no-reply-needed");
      await expectAccessible(frame, "no-reply-needed");
      await page.close();
    });

    it("reject with a reason: nothing lands in the host, the reason is recorded", async () => {
      const { page, frame } = await open(103);
      await waitForDraft(frame);
      await expectNoUnbackedPromise(frame);
      await button(frame, "Reject").click();
      // Both design systems draw their own radio over a visually hidden input: click the label.
      await frame.getByText("Wrong facts", { exact: true }).first().click();
      await shot(page, "reject-dialog");
      await expectAccessible(frame, "reject-dialog");
      await button(frame, "Reject draft").click();
      await expect.poll(() => body(frame), { timeout: 15_000 }).toContain("Draft rejected");
      expect((await hostEditor(page)).trim()).toBe("");
      await shot(page, "rejected");
      await expectAccessible(frame, "rejected");
      const draft = await api("/v1/tickets/103/draft");
      const decision = await decisionOf(draft.id);
      expect(decision.reply).toMatchObject({
        outcome: "rejected",
        reason: { code: "wrong_facts" },
      });
      const totals = (await summary()).totals;
      expect(totals).toMatchObject({ decided: 2, rejected: 1 });
      expect(totals.rejectionReasons).toMatchObject({ wrong_facts: 1 });
      await page.close();
    });

    it("regenerate with an instruction: a new draft that carries the instruction", async () => {
      const opened = await open(104);
      const { page, frame } = opened;
      await waitForDraft(frame);
      await expectNoUnbackedPromise(frame);
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
        .poll(() => body(frame), { timeout: 15_000 })
        .toContain("cannot follow free-text instructions");
      await waitForDraft(frame);
      await shot(page, "regenerated");
      await expectAccessible(frame, "regenerated");
      kept.set(104, opened);
    });

    it("a promise no action backs blocks one-click approval until the sentence changes or the agent confirms it", async () => {
      const { page, frame } = await reuse(104);
      await waitForDraft(frame);
      const draft = await api("/v1/tickets/104/draft");
      const base = await replyText(frame);
      const promise = "I have refunded your order in full.";
      await replyBox(frame).fill(`${base}\n\n${promise}`);

      // Checked as the agent types: a blocking notice quoting the sentence, approval disabled.
      const notice = frame.getByTestId("unbacked-commitments");
      await notice.waitFor({ timeout: 10_000 });
      expect(await visibleText(frame.getByTestId("unbacked-commitment").first())).toContain(
        promise,
      );
      expect(await button(frame, "Approve & insert").isDisabled()).toBe(true);
      expect(await button(frame, "Insert only").isDisabled()).toBe(true);
      expect(await body(frame)).toContain("Resolve the promise above to approve.");
      // The keyboard shortcut follows the button: nothing is decided.
      await replyBox(frame).press("Control+Enter");
      await page.waitForTimeout(500);
      expect((await apiCall(`/v1/drafts/${draft.id}/decision`)).status).toBe(404);
      await shot(page, "unbacked-promise");
      await expectAccessible(frame, "unbacked-promise");

      // The demo policy has no refund action: no "Add action" is offered (the draft says what
      // its policy can back), only editing the sentence or keeping the promise oneself.
      expect(draft.backableKinds).not.toContain("refund");
      expect(await notice.getByTestId("commitment-add-action").count()).toBe(0);
      expect(await button(frame, "Add action: Refund").count()).toBe(0);
      expect(await button(frame, "Edit the sentence").isDisabled()).toBe(false);
      expect(await button(frame, "I'll do it myself").isDisabled()).toBe(false);

      // "Edit the sentence" selects it in the reply; rewriting it clears the block.
      await button(frame, "Edit the sentence").click();
      await expect
        .poll(() =>
          replyBox(frame).evaluate((el) => {
            const area = el as HTMLTextAreaElement;
            return area.value.slice(area.selectionStart, area.selectionEnd);
          }),
        )
        .toBe(promise);
      await page.keyboard.type("I will check the second charge with our billing records.");
      await expect.poll(() => notice.count()).toBe(0);
      expect(await button(frame, "Approve & insert").isDisabled()).toBe(false);

      // Typed again, it blocks again; "I'll do it myself" asks before anything is recorded.
      await replyBox(frame).fill(`${base}\n\n${promise}`);
      await notice.waitFor({ timeout: 10_000 });
      expect(await button(frame, "Approve & insert").isDisabled()).toBe(true);
      await button(frame, "I'll do it myself").click();
      await frame.getByTestId("commitment-confirm").waitFor();
      expect(await button(frame, "Approve & insert").isDisabled()).toBe(true);
      await shot(page, "confirm-promise");
      await expectAccessible(frame, "confirm-promise");
      await button(frame, "Send as written — I confirm").click();
      await frame.getByTestId("commitments-acknowledged").waitFor();
      await expect.poll(() => notice.count()).toBe(0);
      expect(await button(frame, "Approve & insert").isDisabled()).toBe(false);
      await shot(page, "promise-confirmed");
      await expectAccessible(frame, "promise-confirmed");

      await button(frame, "Approve & insert").click();
      await waitForDecided(frame);
      await expect.poll(() => hostEditor(page)).toContain(promise);
      const decision = await decisionOf(draft.id);
      expect(decision).toMatchObject({
        acknowledgedCommitments: true,
        reply: { outcome: "edited" },
      });
      expect(decision.reply.body).toContain(promise);
      kept.set(104, { page, frame });
    });

    it("approve → reload: the sidebar opens on the decided state, never on the draft as new", async () => {
      let { page, frame } = await reuse(104);
      await waitForDecided(frame);
      const draft = await api("/v1/tickets/104/draft");
      const decision = await decisionOf(draft.id);
      const approvedReply = decision.reply.body as string;

      frame = await reload(page);
      await waitForDecided(frame);
      expect(await frame.getByTestId("decided-panel").getAttribute("data-decision")).toBe(
        "approved",
      );
      expect(await frame.getByTestId("decided-title").first().textContent()).toMatch(
        /Approved by Alex Morgan/,
      );
      expect(await body(frame)).toContain("This draft is already decided.");
      expect(await button(frame, "Approve & insert").count()).toBe(0);
      expect(await button(frame, "Insert only").count()).toBe(0);
      expect(await frame.getByTestId("unbacked-commitments").count()).toBe(0);
      // The reload emptied the host's form: nothing the sidebar lists is still "set in the form".
      expect(await statusesOnly(frame)).not.toContain("staged");
      await shot(page, "decided-restored");
      await expectAccessible(frame, "decided-restored");

      // "Insert again" puts the approved reply back into the editor; nothing is decided again.
      expect((await hostEditor(page)).trim()).toBe("");
      await button(frame, "Insert again").click();
      await expect.poll(() => hostEditor(page)).toContain("I have refunded your order in full.");
      expect(approvedReply).toContain("I have refunded your order in full.");
      expect((await decisionOf(draft.id)).id).toBe(decision.id);

      // Opened again in a new tab: still decided.
      await page.close();
      ({ page, frame } = await open(104));
      await waitForDecided(frame);
      expect(await button(frame, "Approve & insert").count()).toBe(0);
      expect(await button(frame, "Insert again").count()).toBe(1);
      await page.close();
    });

    it("a promise backed by an added action: its target is read-only, its other params editable, approving runs it on that target", async () => {
      const { page, frame } = await open(102);
      await waitForDraft(frame);
      await expectNoUnbackedPromise(frame);
      const draft = await api("/v1/tickets/102/draft");
      const promise = "I have moved your booking BK-2210 to 12–15 June.";
      await replyBox(frame).fill(`${await replyText(frame)}\n\n${promise}`);
      await frame.getByTestId("unbacked-commitments").waitFor({ timeout: 10_000 });
      expect(await button(frame, "Approve & insert").isDisabled()).toBe(true);

      // "Add action" adds the policy's booking change, pre-filled from the ticket.
      const before = await frame.getByTestId("action-item").count();
      await button(frame, "Add action: Booking change").click();
      await expect.poll(() => frame.getByTestId("action-item").count()).toBe(before + 1);
      await expect.poll(() => frame.getByTestId("unbacked-commitments").count()).toBe(0);
      const added = frame.getByTestId("action-item").last();
      const actionId = await added.getAttribute("data-action-id");
      const locked = added.locator('[data-testid="locked-param"][data-param="bookingId"]');
      await locked.waitFor();
      const lockedInput = added
        .locator(
          'input[data-testid="locked-param"][data-param="bookingId"], [data-testid="locked-param"][data-param="bookingId"] input:not([type=hidden])',
        )
        .first();
      expect(await lockedInput.inputValue()).toBe("BK-2210");
      expect(await lockedInput.isEditable()).toBe(false);
      // The promise is backed, but the booking change cannot run without its dates: approving
      // waits for them, and says which.
      expect(await button(frame, "Approve & insert").isDisabled()).toBe(true);
      expect(await frame.getByTestId("missing-params").textContent()).toContain("Check-in");
      await shot(page, "locked-target");
      await expectAccessible(frame, "locked-target");
      // Every other param of the action is the agent's to give: the dates, which the ticket
      // does not name unambiguously (the server leaves them out of the pre-filled params).
      const inputs = added.locator("input:not([type=checkbox]):not([type=hidden])");
      const editable: Locator[] = [];
      const readOnly: string[] = [];
      for (const input of await inputs.all()) {
        if (!(await input.isVisible())) continue;
        if (await input.isEditable()) editable.push(input);
        else readOnly.push(await input.inputValue());
      }
      expect(readOnly).toEqual(["BK-2210"]);
      expect(
        editable,
        "the added action offers a field for each param the ticket did not fill (checkIn, checkOut)",
      ).toHaveLength(2);
      await editable[0]?.fill("2027-06-12");
      await editable[1]?.fill("2027-06-15");
      expect(await lockedInput.inputValue()).toBe("BK-2210");
      await expect.poll(() => button(frame, "Approve & insert").isDisabled()).toBe(false);

      await button(frame, "Approve & insert").click();
      await waitForDecided(frame);
      const decision = await decisionOf(draft.id);
      expect(decision.acknowledgedCommitments).toBe(false);
      expect(decision.actions.find((a: Json) => a.id === actionId)).toMatchObject({
        type: "change_booking_dates",
        outcome: "approved",
        params: { bookingId: "BK-2210", checkIn: "2027-06-12", checkOut: "2027-06-15" },
      });
      // The approved action runs in the booking system, on Tom's booking and no other.
      await expect
        .poll(() => playground.bookings.get("BK-2210"), { timeout: 20_000 })
        .toMatchObject({ checkIn: "2027-06-12", checkOut: "2027-06-15" });
      expect(playground.bookings.get("BK-1042")).toMatchObject({ checkIn: "2027-03-03" });

      // The decided state follows the run: the booking system confirmed it.
      await expect
        .poll(() => decidedStatuses(frame), { timeout: 20_000 })
        .toContain(`${actionId}=succeeded`);
      await page.close();
    });

    it("a bot request on the ticket: expanded at the top with the primary button, its target read-only, its other params editable", async () => {
      // A ticket of its own (Tom again), so the request does not change what other tests see.
      const seed = DEMO_TICKETS.find((ticket) => ticket.id === 102);
      if (!seed) throw new Error("demo ticket 102 is missing");
      const store = playground.stores[platform];
      store.put(ticketFrom({ ...seed, id: 202 }, store.directory));
      const created = await fetch(`${playground.tandemUrl}/v1/approvals`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${playground.installations[platform].botToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          ticketId: "202",
          action: {
            type: "change_booking_dates",
            params: { bookingId: "BK-2210", checkIn: "2027-06-12", checkOut: "2027-06-15" },
          },
          before: { checkIn: "2027-06-11", checkOut: "2027-06-14" },
          summary: "Tom asks to move booking BK-2210 to 12–15 June.",
          requestedBy: { id: "trip-bot", name: "Trip bot" },
        }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const request = await created.json();

      const { page, frame } = await open(202);
      const card = frame
        .getByTestId("approvals-expanded")
        .locator('[data-testid="approval-card"][data-status="pending"]');
      await card.waitFor({ timeout: 30_000 });
      await waitForDraft(frame);
      const text = await body(frame);
      expect(text).toContain("Decide this request first: the reply below depends on it.");
      expect(text).toContain("A request above is waiting for your decision.");
      // The request comes first, with the one filled (primary) button; the draft's is secondary.
      const approveRequest = button(frame, "Approve request");
      const approveDraft = button(frame, "Approve & insert");
      const [cardBox, replyBoxAt] = await Promise.all([
        card.boundingBox(),
        replyBox(frame).boundingBox(),
      ]);
      expect(cardBox && replyBoxAt && cardBox.y < replyBoxAt.y).toBe(true);
      const secondary = await backgroundOf(button(frame, "Insert only"));
      // Polled: the buttons' colours animate when the request arrives after the draft.
      await expect.poll(() => backgroundOf(approveDraft)).toBe(secondary);
      await expect.poll(() => backgroundOf(approveRequest)).not.toBe(secondary);
      // While the change waits for a person, the draft never says it was made or requested.
      const reply = await replyText(frame);
      expect(reply).toMatch(/colleague/i);
      expect(reply).not.toMatch(/\b(?:moved|changed|rebooked)\b|have asked|requested/i);
      await expectNoUnbackedPromise(frame);
      // Nor does the keyboard shortcut approve the draft while the request waits.
      const draft = await api("/v1/tickets/202/draft");
      await replyBox(frame).press("Control+Enter");
      await page.waitForTimeout(500);
      expect((await apiCall(`/v1/drafts/${draft.id}/decision`)).status).toBe(404);

      // The booking is what the request changes: read-only. The dates are the approver's to adjust.
      await card.getByRole("button", { name: "Edit details" }).click();
      const locked = card
        .locator(
          'input[data-testid="locked-param"][data-param="bookingId"], [data-testid="locked-param"][data-param="bookingId"] input:not([type=hidden])',
        )
        .first();
      await locked.waitFor();
      expect(await locked.inputValue()).toBe("BK-2210");
      expect(await locked.isEditable()).toBe(false);
      const editable: Locator[] = [];
      for (const input of await card.locator("input:not([type=hidden])").all()) {
        if ((await input.isVisible()) && (await input.isEditable())) editable.push(input);
      }
      const values = await Promise.all(editable.map((input) => input.inputValue()));
      // The dates and the comment field.
      expect(values).toEqual(expect.arrayContaining(["2027-06-12", "2027-06-15"]));
      const checkOut = editable[values.indexOf("2027-06-15")] as Locator;
      await checkOut.fill("2027-06-16");
      await shot(page, "approval-request");
      await expectAccessible(frame, "approval-request");

      await approveRequest.click();
      await expect
        .poll(() => playground.bookings.get("BK-2210"), { timeout: 20_000 })
        .toMatchObject({ checkIn: "2027-06-12", checkOut: "2027-06-16" });
      await expect
        .poll(async () => (await api(`/v1/approvals/${request.id}`)).status, { timeout: 20_000 })
        .toBe("executed");
      const approval = await api(`/v1/approvals/${request.id}`);
      expect(approval.decision).toMatchObject({
        outcome: "approved",
        agent: { name: "Alex Morgan" },
        paramsEdited: true,
        params: { bookingId: "BK-2210", checkIn: "2027-06-12", checkOut: "2027-06-16" },
      });
      // Decided, the request no longer outranks the draft.
      await expect.poll(() => backgroundOf(approveDraft), { timeout: 15_000 }).not.toBe(secondary);
      await page.close();
    });

    it("a new customer message: an untouched draft is redrafted for it", async () => {
      const opened = await open(105);
      const { page, frame } = opened;
      await waitForDraft(frame);
      await expectNoUnbackedPromise(frame);
      const before = await api("/v1/tickets/105/draft");
      await page.fill("#sim-customer-message", "Já tentei o link de redefinição, não chegou nada.");
      await page.getByRole("button", { name: "Add customer message" }).click();
      await expect
        .poll(async () => (await api("/v1/tickets/105/draft")).id, { timeout: 15_000 })
        .not.toBe(before.id);
      await expect
        .poll(() => body(frame), { timeout: 15_000 })
        .toContain("Updated for the new message");
      await waitForDraft(frame);
      await shot(page, "redrafted");
      await expectAccessible(frame, "redrafted");
      await page.close();
    });

    it("a new customer message after edits: the edits stay, the message shows, approving after reading it records what was seen; a reload before saving says the form lost the changes", async () => {
      const { page, frame: opened } = await open(106);
      let frame = opened;
      await waitForDraft(frame);
      await expectNoUnbackedPromise(frame);
      const before = await api("/v1/tickets/106/draft");
      const edited = "Hi Emma, I am checking availability for 10–17 March right now.";
      await replyBox(frame).fill(edited);
      const message = "Also, can we add a rental car?";
      await page.fill("#sim-customer-message", message);
      await page.getByRole("button", { name: "Add customer message" }).click();
      const newer = frame.getByTestId("newer-ticket");
      await newer.waitFor({ timeout: 15_000 });
      expect(await visibleText(frame.getByTestId("newer-messages"))).toContain(message);
      expect(await visibleText(newer)).toContain("A new message since this draft");
      expect(await replyText(frame)).toBe(edited);
      // A stale draft is never inserted as if it were current, and nothing offers to throw the
      // edits away in one click.
      expect(await button(frame, "Approve & insert").isDisabled()).toBe(true);
      expect(await button(frame, /^Refresh$/).count()).toBe(0);
      const anyway = button(frame, "Approve my edited reply anyway");
      await expect.poll(() => anyway.isEnabled(), { timeout: 15_000 }).toBe(true);
      await shot(page, "newer-message");
      await expectAccessible(frame, "newer-message");

      // "Use the new draft" asks first; keeping the edits keeps them.
      await button(frame, "Use the new draft").click();
      const confirm = frame.getByTestId("discard-confirm");
      await confirm.waitFor();
      expect(await visibleText(confirm)).toContain("Discard your edits and use the new draft?");
      await shot(page, "discard-confirm");
      await expectAccessible(frame, "discard-confirm");
      await button(frame, "Keep my edits").click();
      await expect.poll(() => confirm.count()).toBe(0);
      expect(await replyText(frame)).toBe(edited);

      await anyway.click();
      await waitForDecided(frame);
      await expect.poll(() => hostEditor(page)).toContain(edited);
      const decision = await decisionOf(before.id);
      expect(decision.reply).toMatchObject({ outcome: "edited", body: edited });
      expect(decision.ticketRevision).toBe(before.ticketRevision);
      // The decision records the revision the agent saw: the one with the new message.
      expect(decision.seenTicketRevision).toEqual(expect.any(String));
      expect(decision.seenTicketRevision).not.toBe(before.ticketRevision);
      // That revision is decided: no new draft for it is offered as if nothing happened.
      expect((await api("/v1/tickets/106/draft")).id).toBe(before.id);
      await expect.poll(() => statusesOnly(frame)).toEqual(["staged", "staged"]);

      // Reloaded before the agent submitted: the form lost the staged changes. The sidebar says
      // so (never "set in the form", never "saved") and sets them again on request.
      frame = await reload(page);
      await waitForDecided(frame);
      expect(await frame.getByTestId("decided-title").first().textContent()).toMatch(
        /Approved by Alex Morgan/,
      );
      await expect
        .poll(() => statusesOnly(frame), { timeout: 15_000 })
        .toEqual(["not_in_form", "not_in_form"]);
      expect(await frame.getByTestId("staged-notice").count()).toBe(0);
      expect(await sim(page).unsavedFields()).toEqual([]);
      await expect
        .poll(async () => (await decisionOf(before.id)).actions.map((a: Json) => a.hostResult))
        .toEqual(["failed", "failed"]);
      await shot(page, "not-in-form");
      await expectAccessible(frame, "not-in-form");
      await button(frame, "Set again").click();
      await expect
        .poll(() => statusesOnly(frame), { timeout: 15_000 })
        .toEqual(["staged", "staged"]);
      expect(await sim(page).unsavedFields()).toEqual(["priority", "tags"]);
      await expect
        .poll(async () => (await decisionOf(before.id)).actions.map((a: Json) => a.hostResult))
        .toEqual(["staged", "staged"]);
      await page.close();
    });

    it("server down: a clear error, then a working retry", async () => {
      playground.proxy?.setDown(true);
      const { page, frame } = await open(105);
      try {
        await expect
          .poll(() => body(frame), { timeout: 30_000 })
          .toContain("Can't reach the Tandem server");
        await shot(page, "unreachable");
        await expectAccessible(frame, "unreachable");
      } finally {
        playground.proxy?.setDown(false);
      }
      await button(frame, "Retry").click();
      await waitForDraft(frame);
      expect(await body(frame)).not.toContain("Can't reach the Tandem server");

      // Down again while deciding: the draft stays, nothing lands in the host, approving again works.
      playground.proxy?.setDown(true);
      try {
        await button(frame, "Approve & insert").click();
        await expect
          .poll(() => body(frame), { timeout: 30_000 })
          .toMatch(/decision was not recorded/);
        expect((await hostEditor(page)).trim()).toBe("");
        await shot(page, "decision-unreachable");
        await expectAccessible(frame, "decision-unreachable");
      } finally {
        playground.proxy?.setDown(false);
      }
      await button(frame, "Approve & insert").click();
      await expect
        .poll(() => body(frame), { timeout: 15_000 })
        .toContain("Approved. The reply is in the editor");
      await expect.poll(() => hostEditor(page)).toContain("João");
      const draft = await api("/v1/tickets/105/draft");
      expect((await decisionOf(draft.id)).reply.outcome).toBe("accepted");
      await page.close();
    });

    it("stays offline and error-free", () => {
      expect(browser.offlineViolations).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
      expect(playground.guard.refused).toEqual([]);
    });
  });
}
