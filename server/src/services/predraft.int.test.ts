import { type TicketContext, TicketContextSchema } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestContext, makeTicket, type TestContext } from "../test";
import { ticketRevision } from "./drafting/context";
import {
  defaultPredraftSettings,
  type PredraftGenerator,
  type PredraftRun,
  runPredraft,
} from "./predraft";

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});

afterAll(async () => {
  await t?.close();
});

function ticket(): TicketContext {
  return TicketContextSchema.parse(
    makeTicket({ text: "My parcel has not arrived, can you check?" }),
  );
}

/** A generator that counts calls and holds each run until released. */
function gatedGenerator() {
  const calls: string[] = [];
  const gates: Array<() => void> = [];
  let failNext = false;
  const generate: PredraftGenerator = async ({ ticket: tk }) => {
    calls.push(tk.id);
    await new Promise<void>((resolve) => gates.push(resolve));
    if (failNext) {
      failNext = false;
      throw new Error("model exploded");
    }
    return { id: crypto.randomUUID(), mode: "model" };
  };
  return {
    calls,
    generate,
    /**
     * Resolves once `count` runs are inside the generator (a fixed pause loses that race when the
     * claim's queries are slow, and the release then finds no run to let go).
     */
    reached: (count: number) =>
      vi.waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(count), {
        timeout: 10_000,
        interval: 5,
      }),
    releaseAll: () => {
      for (const g of gates.splice(0)) g();
    },
    failOnce: () => {
      failNext = true;
    },
  };
}

function depsWith(
  generate: PredraftGenerator,
  settings: Partial<PredraftRun["settings"]> = {},
): Omit<PredraftRun, "job"> {
  return {
    generate,
    usesModel: () => true,
    settings: { ...defaultPredraftSettings, modelRequestsPerMinute: 0, ...settings },
  };
}

const run = (deps: Omit<PredraftRun, "job">, job: PredraftRun["job"]) =>
  runPredraft({ ctx: t.ctx, input: { ...deps, job } });

describe("runPredraft", () => {
  it("limits concurrent pre-drafts per installation, deferring the overflow", async () => {
    const installation = await t.install("zendesk");
    const gen = gatedGenerator();
    const deps = depsWith(gen.generate, { concurrencyPerInstallation: 2 });
    const tickets = [ticket(), ticket(), ticket()];
    const first = tickets.slice(0, 2).map((tk, i) =>
      run(deps, {
        id: `job-${i}`,
        data: { installationId: installation.id, ticketId: tk.id, ticket: tk },
      }),
    );
    await gen.reached(2);
    const third = await run(deps, {
      id: "job-3",
      data: { installationId: installation.id, ticketId: tickets[2]?.id ?? "", ticket: tickets[2] },
    });
    expect(third).toMatchObject({
      outcome: "deferred",
      reason: expect.stringContaining("concurrency"),
    });

    // Another installation is not held back by this one's limit.
    const other = await t.install("zendesk");
    const otherRun = run(deps, {
      id: "job-o",
      data: { installationId: other.id, ticketId: tickets[2]?.id ?? "", ticket: tickets[2] },
    });
    await gen.reached(3);
    expect(gen.calls).toHaveLength(3);
    gen.releaseAll();
    const results = await Promise.all([...first, otherRun]);
    expect(results.map((r) => r.outcome)).toEqual(["drafted", "drafted", "drafted"]);
  });

  it("drafts one revision once: a concurrent duplicate sees it in progress", async () => {
    const installation = await t.install("zendesk");
    const gen = gatedGenerator();
    const deps = depsWith(gen.generate);
    const tk = ticket();
    const data = { installationId: installation.id, ticketId: tk.id, ticket: tk };
    const a = run(deps, { id: "a", data });
    await gen.reached(1);
    const b = await run(deps, { id: "b", data });
    expect(b).toEqual({ outcome: "in_progress", ticketRevision: ticketRevision(tk) });
    gen.releaseAll();
    expect((await a).outcome).toBe("drafted");
    const c = await run(deps, { id: "c", data });
    expect(c.outcome).toBe("already_drafted");
    expect(gen.calls).toHaveLength(1);
  });

  it("releases the revision when drafting fails so a retry can take it", async () => {
    const installation = await t.install("zendesk");
    const gen = gatedGenerator();
    const deps = depsWith(gen.generate);
    const tk = ticket();
    const data = { installationId: installation.id, ticketId: tk.id, ticket: tk };
    gen.failOnce();
    const failing = run(deps, { id: "x", data });
    await gen.reached(1);
    gen.releaseAll();
    await expect(failing).rejects.toMatchObject({ name: "RetryableJobError", kind: "drafting" });
    const retry = run(deps, { id: "x", data });
    await gen.reached(2);
    gen.releaseAll();
    expect((await retry).outcome).toBe("drafted");
    const claim = await t.database.sql.executeSql(
      "select state, attempts from predraft_claims where installation_id = $1",
      [installation.id],
    );
    expect(claim.rows[0]).toMatchObject({ state: "done", attempts: 2 });
  });

  it("rate-limits model calls across workers and defers instead of failing", async () => {
    const installation = await t.install("zendesk");
    const gen = gatedGenerator();
    // A bucket of its own (the key is global): 60/min with a burst of 1.
    await t.database.sql.executeSql("delete from rate_limit_buckets");
    const deps = depsWith(gen.generate, { modelRequestsPerMinute: 60, modelBurst: 1 });
    const [one, two] = [ticket(), ticket()];
    const first = run(deps, {
      id: "r1",
      data: { installationId: installation.id, ticketId: one.id, ticket: one },
    });
    await gen.reached(1);
    const second = await run(deps, {
      id: "r2",
      data: { installationId: installation.id, ticketId: two.id, ticket: two },
    });
    expect(second).toMatchObject({
      outcome: "deferred",
      reason: expect.stringContaining("rate limit"),
    });
    if (second.outcome === "deferred") expect(second.delayMs).toBeGreaterThan(500);
    gen.releaseAll();
    expect((await first).outcome).toBe("drafted");
    // The deferred revision left no claim behind.
    const claims = await t.database.sql.executeSql(
      "select count(*)::int as n from predraft_claims where installation_id = $1 and state = 'running'",
      [installation.id],
    );
    expect(claims.rows[0]?.n).toBe(0);
  });

  it("skips tickets awaiting the customer, and deleted installations", async () => {
    const installation = await t.install("zendesk");
    const gen = gatedGenerator();
    const deps = depsWith(gen.generate);
    const tk = TicketContextSchema.parse(
      makeTicket({
        messages: [
          {
            id: "1",
            author: "customer",
            public: true,
            body: "Help",
            createdAt: "2026-03-01T10:00:00Z",
          },
          {
            id: "2",
            author: "agent",
            public: true,
            body: "Done!",
            createdAt: "2026-03-01T11:00:00Z",
          },
          {
            id: "3",
            author: "agent",
            public: false,
            body: "note",
            createdAt: "2026-03-01T11:01:00Z",
          },
        ],
      }),
    );
    const skipped = await run(deps, {
      id: "s",
      data: { installationId: installation.id, ticketId: tk.id, ticket: tk },
    });
    expect(skipped.outcome).toBe("skipped");
    const gone = await run(deps, {
      id: "g",
      data: { installationId: "00000000-0000-4000-8000-000000000000", ticketId: "1", ticket: tk },
    });
    expect(gone).toEqual({ outcome: "skipped", reason: "installation deleted" });
    // No credentials and no ticket in the payload: a permanent failure.
    await expect(
      run(deps, { id: "n", data: { installationId: installation.id, ticketId: "42" } }),
    ).rejects.toMatchObject({ name: "PermanentJobError", kind: "not_configured" });
    expect(gen.calls).toHaveLength(0);
  });
});
