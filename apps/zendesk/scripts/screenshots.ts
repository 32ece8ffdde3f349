/**
 * Renders the Marketplace screenshots (`src/static/screenshot-{0,1,2}.png`, 1024×768) from the
 * built app in Chromium: the sidebar next to a ticket, a consult-a-human request, and the nav-bar
 * analytics. A scripted ZAF client is served at the SDK's CDN URL, so nothing leaves the machine.
 * Run after a build: `pnpm --filter @tandem/zendesk build && tsx scripts/screenshots.ts`.
 */
import { existsSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AnalyticsSummary, Metrics } from "@tandem/shared";
import { sampleApproval, sampleDraft } from "@tandem/sidebar/testing";
import { chromium } from "playwright-core";

const appRoot = fileURLToPath(new URL("..", import.meta.url));
const dist = join(appRoot, "dist");
const SDK_URL = "https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js";
const APP_ORIGIN = "https://apps.tandem.test";
const HOST_ORIGIN = "https://acme.zendesk.test";

const ticket = {
  id: 4242,
  subject: "Refund for damaged order ORD-550871",
  status: "open",
  priority: "normal",
  type: "question",
  tags: ["vip"],
  createdAt: "2025-01-10T09:00:00Z",
  requester: { id: 900, name: "Marta García", email: "marta@example.com", locale: "es" },
  assignee: { user: { id: 77, name: "Ana Torres" }, group: { id: 5, name: "Tier 1" } },
};
const conversation = [
  {
    author: { id: 900, name: "Marta García", role: "end-user" },
    channel: { name: "email" },
    message: {
      content:
        "Hola, el pedido ORD-550871 llegó con la pantalla rota. ¿Pueden devolverme el dinero? Lo compré hace dos semanas.",
      contentType: "text/plain",
    },
    timestamp: "2025-01-10T09:00:00Z",
  },
];

function metrics(scale: number): Metrics {
  const decided = Math.round(120 * scale);
  return {
    drafts: Math.round(150 * scale),
    shown: Math.round(140 * scale),
    decided,
    unchanged: Math.round(decided * 0.46),
    lightlyEdited: Math.round(decided * 0.33),
    rewritten: Math.round(decided * 0.09),
    rejected: Math.round(decided * 0.12),
    acceptanceRate: 0.79,
    editRate: 0.48,
    meanEditDistance: 0.14,
    medianEditDistance: 0.06,
    timeToDecisionP50Ms: 41_000,
    timeToDecisionP90Ms: 182_000,
    offlineShare: 0.03,
    inputTokensPerDraft: 2100,
    outputTokensPerDraft: 310,
    estimatedCostPerDraftUsd: 0.0005,
    actions: {
      proposed: Math.round(260 * scale),
      approved: Math.round(201 * scale),
      rejected: Math.round(31 * scale),
      editedParams: Math.round(12 * scale),
      appliedByPolicy: Math.round(28 * scale),
      applied: Math.round(96 * scale),
      staged: Math.round(9 * scale),
      applyFailed: Math.round(3 * scale),
      executed: Math.round(58 * scale),
      failed: Math.round(2 * scale),
    },
    rejectionReasons: { wrong_facts: 5, wrong_tone: 4, missing_information: 3, other: 2 },
  };
}

function summary(groupBy: string | null): AnalyticsSummary {
  const to = new Date("2025-01-31T00:00:00Z");
  const keys: Record<string, string[]> = {
    day: Array.from({ length: 30 }, (_, i) =>
      new Date(to.getTime() - (29 - i) * 86_400_000).toISOString().slice(0, 10),
    ),
    intent: ["refund_request", "order_status", "change_booking", "damaged_item", "password_reset"],
    actionType: ["set_status", "add_tags", "set_priority", "refund_order", "assign_group"],
    agent: ["Ana Torres", "Bo Chen", "Chloé Martin", "Dieter Braun"],
  };
  const list = groupBy ? (keys[groupBy] ?? []) : [];
  return {
    from: "2025-01-02",
    to: "2025-01-31",
    totals: metrics(1),
    ...(groupBy
      ? {
          groupBy: groupBy as AnalyticsSummary["groupBy"] & string,
          groups: list.map((key, i) => ({
            key,
            metrics: metrics(
              groupBy === "day" ? 0.03 + 0.02 * Math.abs(Math.sin(i)) : 0.4 / (i + 1),
            ),
          })),
        }
      : {}),
    estimatedTimeSaved: { minutes: 940, assumption: "40 words per minute for the characters kept" },
  };
}

function fakeSdk(location: string, approvals: unknown[]): string {
  const data = {
    location,
    values: {
      ticket,
      "ticket.conversation": conversation,
      currentUser: { id: 77, name: "Ana Torres", locale: "en-US" },
      ticketFields: [],
      colorScheme: "light",
    },
    draft: sampleDraft({ latencyMs: 820 }),
    approvals,
    summaries: Object.fromEntries(
      ["day", "intent", "actionType", "agent", ""].map((g) => [g, summary(g || null)]),
    ),
  };
  return `(() => {
  const data = ${JSON.stringify(data)};
  const reply = (status, body) => Promise.resolve({ status, responseJSON: body, responseText: JSON.stringify(body) });
  const client = {
    get: async (paths) => { const out = { errors: {} }; for (const p of [].concat(paths)) { if (p in data.values) out[p] = data.values[p]; else out.errors[p] = { message: "No such Api" }; } return out; },
    set: async (path, value) => ({ [path]: value, errors: {} }),
    invoke: async (name) => ({ [name]: null, errors: {} }),
    on() {}, off() {},
    context: async () => ({ location: data.location, product: "support" }),
    metadata: async () => ({ settings: { server_url: "https://tandem.example.com" } }),
    request: async (options) => {
      const url = new URL(options.url);
      if (url.pathname === "/v1/drafts") return reply(200, data.draft);
      if (url.pathname.endsWith("/approvals")) return reply(200, { approvals: data.approvals });
      if (url.pathname === "/v1/analytics/summary") return reply(200, data.summaries[url.searchParams.get("groupBy") || ""]);
      return reply(204, null);
    },
  };
  window.ZAFClient = { init: () => client };
})();`;
}

const hostPage = (frameUrl: string) => `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #2f3941; background: #f8f9f9; }
  .bar { height: 48px; background: #03363d; color: #fff; display: flex; align-items: center; padding: 0 20px; font-weight: 600; }
  .layout { display: flex; height: calc(100vh - 48px); }
  .ticket { flex: 1; padding: 20px 28px; overflow: hidden; }
  .ticket h1 { font-size: 20px; margin: 0 0 4px; }
  .meta { color: #68737d; margin-bottom: 20px; }
  .msg { background: #fff; border: 1px solid #d8dcde; border-radius: 8px; padding: 14px 16px; max-width: 560px; }
  .who { font-weight: 600; margin-bottom: 4px; }
  .composer { margin-top: 24px; background: #fff; border: 1px solid #d8dcde; border-radius: 8px; height: 150px; max-width: 560px; }
  aside { width: 380px; border-left: 1px solid #d8dcde; background: #fff; }
  iframe { border: 0; width: 100%; height: 100%; }
</style></head><body>
  <div class="bar">Support — #4242</div>
  <div class="layout">
    <div class="ticket">
      <h1>${ticket.subject}</h1>
      <div class="meta">Marta García · via email · Open</div>
      <div class="msg"><div class="who">Marta García</div>${conversation[0]?.message.content}</div>
      <div class="composer"></div>
    </div>
    <aside><iframe title="Tandem" src="${frameUrl}"></iframe></aside>
  </div>
</body></html>`;

const MIME: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

async function main() {
  if (!existsSync(join(dist, "assets", "iframe.html"))) throw new Error("Build the app first");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  });
  try {
    const shots: Array<{
      file: string;
      location: string;
      approvals: unknown[];
      inHost: boolean;
      open?: boolean;
    }> = [
      { file: "screenshot-0.png", location: "ticket_sidebar", approvals: [], inHost: true },
      {
        file: "screenshot-1.png",
        location: "ticket_sidebar",
        approvals: [
          sampleApproval({ expiresAt: new Date(Date.now() + 50 * 60_000).toISOString() }),
        ],
        inHost: true,
        open: true,
      },
      { file: "screenshot-2.png", location: "nav_bar", approvals: [], inHost: false },
    ];
    for (const shot of shots) {
      const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
      await page.route("**/*", async (route) => {
        const url = new URL(route.request().url());
        if (url.href === SDK_URL)
          return route.fulfill({
            contentType: "text/javascript",
            body: fakeSdk(shot.location, shot.approvals),
          });
        if (url.origin === HOST_ORIGIN)
          return route.fulfill({
            contentType: "text/html",
            body: hostPage(`${APP_ORIGIN}/assets/iframe.html`),
          });
        if (url.origin === APP_ORIGIN) {
          const path = join(dist, decodeURIComponent(url.pathname));
          if (!path.startsWith(dist) || !existsSync(path))
            return route.fulfill({ status: 404, body: "" });
          return route.fulfill({
            body: readFileSync(path),
            contentType: MIME[extname(path)] ?? "application/octet-stream",
            headers: { "access-control-allow-origin": "*" },
          });
        }
        return route.abort();
      });
      await page.goto(shot.inHost ? `${HOST_ORIGIN}/` : `${APP_ORIGIN}/assets/iframe.html`);
      const frame = shot.inHost ? page.frameLocator("iframe") : page.locator("html");
      if (shot.location === "nav_bar") {
        await page.getByRole("heading", { name: "Tandem analytics" }).waitFor();
        await page.waitForFunction(
          () => document.querySelector(".tandem-body")?.getAttribute("aria-busy") === "false",
        );
        const failed = await page.locator(".tandem-status-error").count();
        if (failed > 0) throw new Error((await page.locator(".tandem-status").textContent()) ?? "");
      } else {
        const approve = frame.getByRole("button", { name: "Approve & insert" });
        await approve.waitFor();
        if (shot.open) await frame.getByRole("button", { name: "Open" }).click();
        // The first shot shows the decision end of the sidebar: actions and the primary button.
        else await approve.scrollIntoViewIfNeeded();
      }
      await page.waitForTimeout(300);
      const out = join(appRoot, "src", "static", shot.file);
      await page.screenshot({ path: out });
      console.log(`wrote ${out}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

await main();
