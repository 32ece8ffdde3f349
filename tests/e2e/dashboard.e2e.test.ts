import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSION } from "@tandem/server/config";
import { sha256 } from "@tandem/server/crypto";
import { type RunningServer, startServer } from "@tandem/server/server";
import { createDraft, refundPolicy, seedDataDir, setPolicy } from "@tandem/server/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  axeViolations,
  chromiumAvailable,
  launchBrowser,
  type TestBrowser,
} from "../src/testing/browser";

const ADMIN = "dashboard-e2e-admin-token-0123";
const run = chromiumAvailable() ? describe : describe.skip;

let server: RunningServer;
let browser: TestBrowser;
let token: string;
const dataDir = mkdtempSync(join(tmpdir(), "tandem-dashboard-e2e-"));
// The run's migrated database, copied: the server opens it instead of building one.
seedDataDir(dataDir);

/** The real server's /dashboard with a few decisions made through the API. */
run("analytics dashboard (/dashboard)", () => {
  beforeAll(async () => {
    server = await startServer(
      {
        port: 0,
        host: "127.0.0.1",
        dataDir,
        adminTokenHash: sha256(ADMIN),
        openai: { model: "gpt-4o-mini" },
        publicUrl: "http://127.0.0.1",
        secretKey: randomBytes(32),
        logLevel: "silent",
        corsOrigins: [],
        version: VERSION,
      },
      { workers: false },
    );
    const res = await fetch(`${server.url}/v1/admin/installations`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: JSON.stringify({ platform: "zendesk", subdomain: "dash-e2e" }),
    });
    const installation = (await res.json()) as { id: string; appToken: string };
    token = installation.appToken;
    const db = server.deps.database.db;
    await setPolicy(db, installation.id, refundPolicy("http://127.0.0.1:9/unused"));
    const outcomes = [
      { outcome: "accepted" },
      { outcome: "accepted" },
      { outcome: "edited", body: "Hello Marta, I am sorry about the trouble. Refund started." },
      { outcome: "rejected", reason: { code: "wrong_tone", note: "too stiff" } },
    ];
    for (const [i, reply] of outcomes.entries()) {
      const draft = await createDraft(db, {
        installationId: installation.id,
        intent: i % 2 ? "refund_request" : "shipping_delay",
        firstShownAt: new Date(Date.now() - (20 + i * 10) * 1000),
        shownById: "a1",
        actions: [{ type: "set_status", params: { status: "pending" } }],
      });
      const decided = await fetch(`${server.url}/v1/drafts/${draft.id}/decision`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          idempotencyKey: randomUUID(),
          agent: { id: "a1", name: "Ana Ruiz" },
          ticketRevision: draft.ticketRevision,
          reply,
          actions: [{ id: draft.actions[0]!.id, outcome: i === 3 ? "rejected" : "approved" }],
        }),
      });
      expect(decided.status).toBe(200);
      // What the helpdesk did with the approved status: saved, left in the form, refused.
      const result = ["applied", "staged", "failed"][i];
      if (result) {
        const reported = await fetch(`${server.url}/v1/drafts/${draft.id}/outcomes`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ actions: [{ id: draft.actions[0]!.id, result }] }),
        });
        expect(reported.status).toBe(200);
      }
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function openSignedIn(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${server.url}/dashboard`);
    await page.getByLabel("Installation token").fill(token);
    await page.getByRole("button", { name: "Open dashboard" }).click();
    await page.locator(".tandem-tiles").waitFor();
    return page;
  }

  it("asks for a token, then shows the figures, charts and agent table", async () => {
    const page = await openSignedIn();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain(
      "dash-e2e (Zendesk)",
    );
    const acceptance = page.locator(".tandem-tile", { hasText: "Acceptance rate" });
    expect(await acceptance.locator(".tandem-tile-value").textContent()).toBe("75 %");
    expect(await acceptance.locator(".tandem-tile-hint").textContent()).toBe("3 of 4 decided");
    for (const title of [
      "Acceptance and edit rate by day",
      "Time to decision",
      "Reply outcomes by intent",
      "Actions by type",
      "Why drafts were rejected",
    ]) {
      await expect(page.getByRole("figure", { name: title }).count()).resolves.toBe(1);
    }
    const actions = page.getByRole("region", { name: "Actions by type: decided and done" });
    const statusRow = actions.getByRole("row", { name: /Set status/ });
    const cells = await statusRow.getByRole("cell").allTextContents();
    // Proposed, approved, by policy, rejected, applied / staged / failed in helpdesk, executed.
    expect(cells).toEqual(["4", "3", "0", "1", "1 / 1 / 1", "—"]);
    const agentRow = page.getByRole("row", { name: /Ana Ruiz/ });
    expect(await agentRow.textContent()).toContain("75 %");
    expect(await page.locator(".tandem-notes").textContent()).toMatch(/200 characters per minute/);
    expect(await axeViolations(page.mainFrame())).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });

  it("downloads the CSV with the token", async () => {
    const page = await openSignedIn();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    const path = await download.path();
    const csv = await readFile(path, "utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^decision_id,decided_at,/);
    expect(lines).toHaveLength(5);
    expect(csv).toContain("wrong_tone");
    await page.close();
  });

  it("takes the token from the URL fragment and drops it from the address", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/dashboard#token=${token}`);
    await page.locator(".tandem-tiles").waitFor();
    expect(page.url()).not.toContain(token);
    await page.close();
  });

  it("refuses an unknown token with a clear message", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/dashboard`);
    await page.getByLabel("Installation token").fill("tdm_not-a-real-token");
    await page.getByRole("button", { name: "Open dashboard" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("unknown or revoked");
    await page.close();
  });
});
