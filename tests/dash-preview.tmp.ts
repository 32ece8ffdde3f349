import { randomUUID } from "node:crypto";
import { chromium } from "playwright-core";
import { startServer } from "../server/src/server";
import { testConfig, TEST_ADMIN_TOKEN } from "../server/src/test/app";
import { createDraft, refundPolicy, setPolicy } from "../server/src/test/factories";

const config = testConfig({ port: 0, logLevel: "silent" as never });
const server = await startServer(config, { workers: false });
const res = await fetch(`${server.url}/v1/admin/installations`, {
  method: "POST",
  headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
  body: JSON.stringify({ platform: "zendesk", subdomain: "acme" }),
});
const inst = await res.json();
const db = server.deps.database.db;
await setPolicy(db, inst.id, refundPolicy("http://127.0.0.1:9/x"));
const intents = ["refund_request", "shipping_delay", "change_booking", "billing_question", "cancel_order"];
const agents = [{ id: "a1", name: "Ana Ruiz" }, { id: "a2", name: "Bruno Costa" }, { id: "a3", name: "Chen Li" }];
const reasons = ["wrong_facts", "wrong_tone", "missing_information", "not_relevant", "policy"];
let seed = 7;
const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
const base = "Hello Marta, thank you for reaching out. I am sorry about the trouble with your order; I have started the refund.";
for (let i = 0; i < 160; i++) {
  const day = Math.floor(rnd() * 30);
  const decidedAt = new Date(Date.now() - day * 86400000 - rnd() * 3600000);
  const agent = agents[Math.floor(rnd() * 3)]!;
  const draft = await createDraft(db, {
    installationId: inst.id,
    intent: intents[Math.floor(rnd() * intents.length)],
    mode: rnd() < 0.15 ? "offline" : "model",
    replyBody: base,
    createdAt: new Date(decidedAt.getTime() - 600000),
    firstShownAt: new Date(decidedAt.getTime() - (10 + rnd() * 120) * 1000),
    shownById: agent.id,
    actions: [
      { type: "set_status", params: { status: "pending" } },
      ...(rnd() < 0.5 ? [{ type: "refund_order", kind: "business" as const, params: { orderId: "ORD-1", amount: 20 } }] : []),
      { type: "add_tags", params: { tags: ["refund"] }, approval: "auto" as const },
    ],
  });
  const r = rnd();
  const reply = r < 0.45 ? { outcome: "accepted" } : r < 0.75 ? { outcome: "edited", body: base.replace("refund", "refund today").slice(0, 100 + Math.floor(rnd() * 20)) } : r < 0.85 ? { outcome: "edited", body: "Hi, we will check and get back." } : { outcome: "rejected", reason: { code: reasons[Math.floor(rnd() * reasons.length)] } };
  server.deps.clock = { now: () => decidedAt } as never;
  const body = { idempotencyKey: randomUUID(), agent, ticketRevision: draft.ticketRevision, reply, actions: draft.actions.filter((a) => a.type !== "add_tags").map((a) => ({ id: a.id, outcome: rnd() < 0.8 ? "approved" : "rejected" })) };
  const d = await fetch(`${server.url}/v1/drafts/${draft.id}/decision`, { method: "POST", headers: { authorization: `Bearer ${inst.token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (d.status !== 200) console.log(d.status, await d.text());
}
server.deps.clock = { now: () => new Date() } as never;
await server.deps.database.sql.executeSql("update action_executions set status = case when random() < 0.85 then 'succeeded' else 'failed' end", []);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.on("console", (m) => console.log("console:", m.text()));
page.on("pageerror", (e) => console.log("pageerror:", e.message));
await page.goto(`${server.url}/dashboard#token=${inst.token}`);
await page.waitForSelector(".tandem-tiles", { timeout: 20000 });
await page.screenshot({ path: "/tmp/dash/full.png", fullPage: true });
await page.goto(`${server.url}/dashboard`);
await page.waitForSelector(".tandem-tiles", { timeout: 20000 });
console.log("url after fragment:", page.url());
await browser.close();
await server.stop();
