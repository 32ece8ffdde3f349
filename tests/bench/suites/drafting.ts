import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import {
  longThread,
  makeTicket,
  sampleArticles,
  sampleMacros,
  startFakeOpenAI,
} from "@tandem/server/testing";
import type autocannon from "autocannon";
import {
  type BenchContext,
  type BenchServer,
  createInstallation,
  load,
  type Row,
  round,
  startBenchServer,
} from "../lib";

async function seed(server: BenchServer, token: string) {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  for (const { externalId, ...article } of sampleArticles) {
    await fetch(`${server.url}/v1/knowledge/articles/${externalId}`, {
      method: "PUT",
      headers,
      body: JSON.stringify(article),
    });
  }
  for (const { externalId, ...macro } of sampleMacros) {
    await fetch(`${server.url}/v1/knowledge/macros/${externalId}`, {
      method: "PUT",
      headers,
      body: JSON.stringify(macro),
    });
  }
}

/** Starts the fake model in a child process (its CPU is not the server's) and returns its URL. */
async function fakeModelProcess(latencyMs: number): Promise<{ url: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL("../fake-openai-process.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, String(latencyMs)], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
  return { url: chunk.toString("utf8").trim(), child };
}

let seq = 0;
/** A different ticket id per request: every request drafts (no cache, no shared run). */
function draftBody(): string {
  seq += 1;
  const ticket = makeTicket({
    id: `B-${seq}`,
    subject: "Reembolso",
    text: "Hola, mi pedido llegó roto y quiero un reembolso. ¿Cuánto tarda en llegar el dinero?",
  });
  return JSON.stringify({ ticket, agent: { id: "a1", name: "Lucía" } });
}

/**
 * Drafting: what the server adds on top of the model (context, PII masking, retrieval,
 * post-processing, storage) with a fake OpenAI-compatible model answering in 0 and 300 ms, at
 * 20 concurrent drafts; and the prompt size for a 60-message thread.
 */
export default async function draftingSuite(ctx: BenchContext) {
  const rows: Row[] = [];
  const tokenRows: Row[] = [];
  const kinds = ctx.postgresUrl ? (["pglite", "postgres"] as const) : (["pglite"] as const);
  const models = await Promise.all([fakeModelProcess(0), fakeModelProcess(300)]);
  const inProcess = await startFakeOpenAI();
  try {
    for (const kind of kinds) {
      for (const [index, modelMs] of [0, 300].entries()) {
        const url = models[index]?.url ?? "";
        const server = await startBenchServer(kind, ctx.postgresUrl, {
          openai: { apiKey: "sk-bench", baseUrl: url, model: "bench-model" },
        });
        try {
          const { token, adminToken } = await createInstallation(server);
          await seed(server, adminToken);
          const request = {
            url: `${server.url}/v1/drafts`,
            method: "POST" as const,
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            connections: 20,
            requests: [
              { setupRequest: (req: autocannon.Request) => ({ ...req, body: draftBody() }) },
            ],
          };
          await load({ ...request, duration: 1 });
          if (modelMs === 0) {
            // One draft at a time: the server's own latency, without queueing behind others.
            const single = await load({ ...request, connections: 1, duration: 3 });
            rows.push({
              database: kind,
              "model ms": modelMs,
              concurrent: 1,
              "p50 ms": single.p50,
              "p99 ms": single.p99,
              "overhead p50 ms": round(single.p50 - modelMs),
              "overhead p99 ms": round(single.p99 - modelMs),
              "drafts/s": single.rps,
              "CPU ms/draft": "",
              errors: single.errors + single.non2xx,
            });
          }
          const cpu = process.cpuUsage();
          const r = await load({ ...request, duration: 5 });
          const used = process.cpuUsage(cpu);
          rows.push({
            database: kind,
            "model ms": modelMs,
            concurrent: 20,
            "p50 ms": r.p50,
            "p99 ms": r.p99,
            "overhead p50 ms": round(r.p50 - modelMs),
            "overhead p99 ms": round(r.p99 - modelMs),
            "drafts/s": r.rps,
            "CPU ms/draft": round((used.user + used.system) / 1000 / Math.max(r.requests, 1)),
            errors: r.errors + r.non2xx,
          });
        } finally {
          await server.cleanup();
        }
      }
    }

    const server = await startBenchServer("pglite", null, {
      openai: { apiKey: "sk-bench", baseUrl: inProcess.url, model: "bench-model" },
    });
    try {
      const { token, adminToken } = await createInstallation(server);
      await seed(server, adminToken);
      const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      const ticket = longThread(60, { notesEvery: 10 });
      inProcess.reset();
      const res = await fetch(`${server.url}/v1/drafts`, {
        method: "POST",
        headers,
        body: JSON.stringify({ ticket }),
      });
      const draft = (await res.json()) as { usage?: { inputTokens: number } };
      const sent = inProcess.chatRequests()[0]?.raw ?? "";
      const audit = (await (
        await fetch(`${server.url}/v1/audit?type=draft.generated&ticketId=${ticket.id}`, {
          headers: { authorization: `Bearer ${adminToken}` },
        })
      ).json()) as { events: Array<{ data: { context?: Record<string, number> } }> };
      const context = audit.events[0]?.data.context ?? {};
      tokenRows.push({
        thread: "60 messages (6 internal notes)",
        "thread chars": ticket.messages.reduce((s, m) => s + m.body.length, 0),
        "prompt tokens (server estimate)": context.promptTokens ?? 0,
        "input tokens (fake model, chars/4)": draft.usage?.inputTokens ?? 0,
        "request bytes": sent.length,
        "kept whole": context.included ?? 0,
        condensed: context.condensed ?? 0,
        "omitted (with marker)": context.omitted ?? 0,
        target: "≤ 4000",
      });
    } finally {
      await server.cleanup();
    }
  } finally {
    for (const m of models) m.child.kill("SIGTERM");
    await inProcess.close();
  }
  ctx.report(
    "Drafting: POST /v1/drafts, fake model in another process (target: overhead p50 ≤ 15 ms at 20 concurrent; CPU ms/draft = this process, autocannon included)",
    rows,
  );
  ctx.report("Drafting: prompt size for a 60-message thread", tokenRows);
}
