// Profiling harness for the hot paths: one scenario, one request at a time, in this process, so
// `node --cpu-prof` sees the server's work and nothing else. Prints wall and CPU ms per request.
// Usage (from tests/): node --import tsx bench/profile.ts <draft|read|repost|decide> \
//   [pglite|postgres] [requests] [out.cpuprofile]  — with a file, the measured requests (not the
// start-up nor the seeding) are CPU-profiled into it, for Chrome DevTools or speedscope.
// PROFILE_SQL=1 also times every statement of the measured requests (wall time from send to
// answer, by the statement's first words) and prints where the database time went per request.
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { startFakeOpenAI } from "@tandem/server/testing";
import { seedHelpCentre } from "./fixtures/help-centre";
import { nextDraftRequest } from "./fixtures/tickets";
import { createInstallation, postgresReachable, round, startBenchServer } from "./lib";

const [scenario = "draft", kind = "pglite", countArg = "200", profileOut] = process.argv.slice(2);
const count = Number(countArg);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
if (kind === "postgres" && !(await postgresReachable(postgresUrl))) {
  throw new Error("PostgreSQL is not reachable");
}
const fake = await startFakeOpenAI();
const server = await startBenchServer(kind as "pglite" | "postgres", postgresUrl, {
  openai: { apiKey: "sk-bench", baseUrl: fake.url, model: "bench-model" },
});
try {
  const { token, adminToken } = await createInstallation(server);
  await seedHelpCentre(server.url, adminToken);
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const post = async (path: string, body: string) => {
    const res = await fetch(`${server.url}${path}`, { method: "POST", headers, body });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ id: string; ticketRevision: string }>;
  };
  const drafted: Array<{ ticketId: string; body: string; id: string; revision: string }> = [];
  const stored = scenario === "draft" ? 0 : count;
  for (let i = 0; i < stored; i++) {
    const { ticketId, body } = nextDraftRequest("P");
    const draft = await post("/v1/drafts", body);
    drafted.push({ ticketId, body, id: draft.id, revision: draft.ticketRevision });
  }
  const step: Record<string, (i: number) => Promise<unknown>> = {
    draft: () => post("/v1/drafts", nextDraftRequest("P").body),
    read: async (i) => {
      const d = drafted[i % drafted.length];
      const res = await fetch(`${server.url}/v1/tickets/${d?.ticketId}/draft`, { headers });
      return res.json();
    },
    repost: (i) => post("/v1/drafts", drafted[i % drafted.length]?.body ?? ""),
    decide: (i) => {
      const d = drafted[i % drafted.length];
      return post(
        `/v1/drafts/${d?.id}/decision`,
        JSON.stringify({
          idempotencyKey: randomUUID(),
          agent: { id: "a1", name: "Lucía" },
          ticketRevision: d?.revision,
          reply: { outcome: "rejected", reason: { code: "not_relevant" } },
        }),
      );
    },
  };
  const run = step[scenario];
  if (!run) throw new Error(`unknown scenario ${scenario}`);
  for (let i = 0; i < 20; i++) await run(i);
  const statements = process.env.PROFILE_SQL === "1" ? timeStatements(server) : null;
  const session = new Session();
  if (profileOut) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 20; i < count; i++) await run(i);
  const used = process.cpuUsage(cpu);
  if (profileOut) {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(profileOut, JSON.stringify(profile));
    session.disconnect();
  }
  const n = count - 20;
  statements?.print(n);
  console.log(
    `${scenario} on ${kind}: ${n} requests, wall ${round((performance.now() - started) / n, 2)} ms/request, ` +
      `CPU ${round((used.user + used.system) / 1000 / n, 2)} ms/request (this process: server and client)`,
  );
} finally {
  await server.cleanup();
  await fake.close();
}

/** Wraps the database client's `query` to time each statement (see PROFILE_SQL above). */
function timeStatements(running: { deps: { database: { db: unknown } } }) {
  const client = (
    running.deps.database.db as { $client: { query: (...args: unknown[]) => Promise<unknown> } }
  ).$client;
  const original = client.query.bind(client);
  const totals = new Map<string, { calls: number; ms: number }>();
  client.query = async (...args: unknown[]) => {
    const first = args[0] as string | { text?: string; name?: string };
    const text = typeof first === "string" ? first : (first.name ?? first.text ?? "");
    const key = text.replace(/\s+/g, " ").slice(0, 70);
    const started = performance.now();
    try {
      return await original(...args);
    } finally {
      const entry = totals.get(key) ?? { calls: 0, ms: 0 };
      entry.calls += 1;
      entry.ms += performance.now() - started;
      totals.set(key, entry);
    }
  };
  return {
    print(requests: number) {
      console.table(
        [...totals]
          .sort((a, b) => b[1].ms - a[1].ms)
          .map(([statement, { calls, ms }]) => ({
            statement,
            "calls/request": round(calls / requests, 2),
            "ms/call": round(ms / calls, 2),
            "ms/request": round(ms / requests, 2),
          })),
      );
    },
  };
}
