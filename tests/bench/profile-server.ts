// Profiles the server in its own process under load, as the suites run it. Usage (from tests/):
//   node --import tsx bench/profile-server.ts <draft|read> [pglite|postgres] [connections] [seconds] [dir]
// The server process is started with `--cpu-prof --cpu-prof-dir=<dir>` (default /tmp/tandem-prof):
// its profile is written when it stops (it includes start-up and seeding; the load dominates).
import type autocannon from "autocannon";
import { seedHelpCentre } from "./fixtures/help-centre";
import { nextDraftRequest } from "./fixtures/tickets";
import { createInstallation, load, postgresReachable, round, spawnBenchServer } from "./lib";
import { fakeModelProcess } from "./model";

const [scenario = "draft", kind = "postgres", connArg = "20", secondsArg = "5", dir] =
  process.argv.slice(2);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
if (kind === "postgres" && !(await postgresReachable(postgresUrl))) {
  throw new Error("PostgreSQL is not reachable");
}
process.env.BENCH_SERVER_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${dir ?? "/tmp/tandem-prof"}`;
const model = await fakeModelProcess(scenario === "draft" ? 300 : 0);
const server = await spawnBenchServer(kind as "pglite" | "postgres", postgresUrl, {
  openai: { apiKey: "sk-bench", baseUrl: model.url, model: "bench-model" },
});
try {
  const { token, adminToken } = await createInstallation(server);
  await seedHelpCentre(server.url, adminToken);
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const tickets: string[] = [];
  if (scenario === "read") {
    for (let i = 0; i < 100; i++) {
      const { ticketId, body } = nextDraftRequest("R");
      await fetch(`${server.url}/v1/drafts`, { method: "POST", headers, body });
      tickets.push(ticketId);
    }
  }
  let next = 0;
  const requests =
    scenario === "draft"
      ? [{ setupRequest: (r: autocannon.Request) => ({ ...r, body: nextDraftRequest().body }) }]
      : [
          {
            setupRequest: (r: autocannon.Request) => ({
              ...r,
              method: "GET" as const,
              path: `/v1/tickets/${tickets[next++ % tickets.length]}/draft`,
            }),
          },
        ];
  const cpu = await server.cpuMs();
  const result = await load({
    url: scenario === "draft" ? `${server.url}/v1/drafts` : server.url,
    method: "POST",
    headers,
    requests,
    connections: Number(connArg),
    duration: Number(secondsArg),
  });
  const used = (await server.cpuMs()) - cpu;
  console.log(
    `${scenario} on ${kind}: p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.rps}/s, ` +
      `server CPU ${round(used / Math.max(result.requests, 1), 2)} ms/request, errors ${result.errors + result.non2xx}`,
  );
} finally {
  await server.cleanup();
  model.child.kill("SIGTERM");
}
