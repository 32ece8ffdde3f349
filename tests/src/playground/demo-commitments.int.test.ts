import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Draft, TicketContextInput } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TicketSeed } from "../simulators/shared/sample-data";
import { DEMO_TICKETS } from "./demo-data";
import { type Playground, startPlayground } from "./playground";

/**
 * The demo inbox drafted through the real server (offline drafter, the seeded policy, macros and
 * articles): no draft may promise what none of its actions does.
 */

const dataDir = mkdtempSync(join(tmpdir(), "tandem-demo-commitments-"));
let playground: Playground;

beforeAll(async () => {
  playground = await startPlayground({
    dataDir,
    serverPort: 0,
    playgroundPort: 0,
    env: { LOG_LEVEL: "silent" },
  });
}, 120_000);

afterAll(async () => {
  await playground?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The ticket as a sidebar would send it. */
function ticketOf(seed: TicketSeed, platform: "zendesk" | "freshdesk"): TicketContextInput {
  const now = Date.now();
  return {
    platform,
    id: String(seed.id),
    subject: seed.subject,
    status: seed.status ?? "open",
    priority: seed.priority ?? "normal",
    tags: seed.tags ?? [],
    requester: {
      id: String(seed.requester.id),
      name: seed.requester.name,
      email: seed.requester.email,
      locale: seed.requester.locale,
    },
    messages: seed.messages.map((m, i) => ({
      id: `${seed.id}-${i + 1}`,
      author: m.from,
      public: !m.internal,
      body: m.text,
      createdAt: new Date(now - m.minutesAgo * 60_000).toISOString(),
    })),
  };
}

async function draft(platform: "zendesk" | "freshdesk", seed: TicketSeed): Promise<Draft> {
  const res = await fetch(`${playground.tandemUrl}/v1/drafts`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${playground.installations[platform].appToken}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({
      ticket: ticketOf(seed, platform),
      agent: { id: "agent-1", name: "Sam Agent" },
    }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Draft;
}

describe("demo tickets", () => {
  for (const platform of ["zendesk", "freshdesk"] as const) {
    it(`${platform}: every promise in every demo draft is backed by one of its actions`, async () => {
      for (const seed of DEMO_TICKETS) {
        const result = await draft(platform, seed);
        expect(result.mode).toBe("offline");
        const actionIds = new Set(result.actions.map((a) => a.id));
        expect(
          { ticket: seed.id, unbacked: result.commitments.filter((c) => c.actionId === null) },
          result.reply.body,
        ).toEqual({ ticket: seed.id, unbacked: [] });
        for (const c of result.commitments) expect(actionIds.has(c.actionId as string)).toBe(true);
      }
    });
  }

  it("#101 no longer says the refund was approved; #102 and #106 no longer say the booking was moved", async () => {
    const bySeed = new Map<number, Draft>();
    for (const seed of DEMO_TICKETS) bySeed.set(seed.id, await draft("zendesk", seed));
    expect(bySeed.get(101)?.reply.body).not.toContain("He aprobado el reembolso");
    expect(bySeed.get(101)?.reply.body).toContain("Siento mucho que tu pedido llegara dañado");
    for (const id of [102, 106]) {
      expect(bySeed.get(id)?.reply.body).not.toContain("I have asked our travel team");
    }
  });
});
