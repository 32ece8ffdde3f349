import { type FakeOpenAI, longThread, startFakeOpenAI } from "@tandem/server/testing";
import type autocannon from "autocannon";
import { seedHelpCentre } from "../fixtures/help-centre";
import { nextDraftRequest } from "../fixtures/tickets";
import {
  type BenchContext,
  type BenchServerProcess,
  benchDatabases,
  createInstallation,
  load,
  type Row,
  round,
  spawnBenchServer,
  startBenchServer,
} from "../lib";
import { capturedChatBody, fakeModelProcess, modelAlone } from "../model";

const MODEL_MS = 300;
const CONCURRENT = 20;
const SECONDS = 5;

/** Uncached drafts (a new ticket each) at `connections`, after a one-second warm-up. */
async function draftLoad(
  server: BenchServerProcess,
  token: string,
  connections: number,
  duration: number,
) {
  const request = {
    url: `${server.url}/v1/drafts`,
    method: "POST" as const,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    requests: [
      {
        setupRequest: (req: autocannon.Request) => ({ ...req, body: nextDraftRequest().body }),
      },
    ],
  };
  const cpu = await server.cpuMs();
  const result = await load({ ...request, connections, duration });
  const used = (await server.cpuMs()) - cpu;
  return { ...result, cpuMsPerDraft: round(used / Math.max(result.requests, 1)) };
}

async function promptSize(fake: FakeOpenAI): Promise<Row> {
  const server = await startBenchServer("pglite", null, {
    openai: { apiKey: "sk-bench", baseUrl: fake.url, model: "bench-model" },
  });
  try {
    const { token, adminToken } = await createInstallation(server);
    await seedHelpCentre(server.url, adminToken);
    const ticket = longThread(60, { notesEvery: 10 });
    fake.reset();
    const res = await fetch(`${server.url}/v1/drafts`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ ticket }),
    });
    const draft = (await res.json()) as { usage?: { inputTokens: number } };
    const sent = fake.chatRequests()[0]?.raw ?? "";
    const audit = (await (
      await fetch(`${server.url}/v1/audit?type=draft.generated&ticketId=${ticket.id}`, {
        headers: { authorization: `Bearer ${adminToken}` },
      })
    ).json()) as { events: Array<{ data: { context?: Record<string, number> } }> };
    const context = audit.events[0]?.data.context ?? {};
    return {
      thread: "60 messages (6 internal notes)",
      "thread chars": ticket.messages.reduce((s, m) => s + m.body.length, 0),
      "prompt tokens (server estimate)": context.promptTokens ?? 0,
      "input tokens (fake model, chars/4)": draft.usage?.inputTokens ?? 0,
      "request bytes": sent.length,
      "kept whole": context.included ?? 0,
      condensed: context.condensed ?? 0,
      "omitted (with marker)": context.omitted ?? 0,
      target: "≤ 4000",
    };
  } finally {
    await server.cleanup();
  }
}

/**
 * Drafting, side by side with the model alone: uncached drafts (every request a new ticket in
 * one of six languages) with the 108-article help centre loaded, against a fake model answering
 * in 300 ms in another process, the server in a third, at 20 concurrent; and in the same minute the same chat request
 * posted straight to that model at the same concurrency. Also the server's own time per draft
 * (0 ms model, one at a time) and the prompt size of a 60-message thread.
 */
export default async function draftingSuite(ctx: BenchContext) {
  const rows: Row[] = [];
  const kinds = benchDatabases(ctx);
  const models = await Promise.all([fakeModelProcess(0), fakeModelProcess(MODEL_MS)]);
  const [instant, slow] = models as [(typeof models)[0], (typeof models)[0]];
  const inProcess = await startFakeOpenAI();
  let tokenRow: Row;
  try {
    const chatBody = await capturedChatBody(inProcess);
    for (const kind of kinds) {
      const server = await spawnBenchServer(kind, ctx.postgresUrl, {
        openai: { apiKey: "sk-bench", baseUrl: slow.url, model: "bench-model" },
      });
      try {
        const { token, adminToken } = await createInstallation(server);
        await seedHelpCentre(server.url, adminToken);
        await draftLoad(server, token, CONCURRENT, 1);
        const model = await modelAlone(slow.url, chatBody, {
          connections: CONCURRENT,
          duration: SECONDS,
        });
        const tandem = await draftLoad(server, token, CONCURRENT, SECONDS);
        const ratio = tandem.p50 / model.p50;
        rows.push(
          {
            database: kind,
            what: "model alone",
            concurrent: CONCURRENT,
            "p50 ms": model.p50,
            "p99 ms": model.p99,
            "× model p50": 1,
            "per s": model.rps,
            "CPU ms/draft": "",
            errors: model.errors + model.non2xx,
          },
          {
            database: kind,
            what: "POST /v1/drafts (uncached)",
            concurrent: CONCURRENT,
            "p50 ms": tandem.p50,
            "p99 ms": tandem.p99,
            "× model p50": round(ratio, 3),
            "per s": tandem.rps,
            "CPU ms/draft": tandem.cpuMsPerDraft,
            errors: tandem.errors + tandem.non2xx,
          },
        );
        ctx.check({
          target: "uncached draft p50, 20 concurrent, 300 ms model, 108 articles",
          database: kind,
          measured: `${tandem.p50} ms = ${round(ratio, 3)}× model (${model.p50} ms)`,
          limit: "≤ 1.05× model",
          pass: ratio <= 1.05 && tandem.errors + tandem.non2xx === 0,
        });
      } finally {
        await server.cleanup();
      }
      // The server's own time per draft: an instant model, one request at a time.
      const own = await spawnBenchServer(kind, ctx.postgresUrl, {
        openai: { apiKey: "sk-bench", baseUrl: instant.url, model: "bench-model" },
      });
      try {
        const { token, adminToken } = await createInstallation(own);
        await seedHelpCentre(own.url, adminToken);
        await draftLoad(own, token, 1, 1);
        const single = await draftLoad(own, token, 1, 3);
        rows.push({
          database: kind,
          what: "POST /v1/drafts (uncached), 0 ms model",
          concurrent: 1,
          "p50 ms": single.p50,
          "p99 ms": single.p99,
          "× model p50": "",
          "per s": single.rps,
          "CPU ms/draft": single.cpuMsPerDraft,
          errors: single.errors + single.non2xx,
        });
      } finally {
        await own.cleanup();
      }
    }
    tokenRow = await promptSize(inProcess);
  } finally {
    for (const m of models) m.child.kill("SIGTERM");
    await inProcess.close();
  }
  ctx.report(
    `Drafting beside the model alone: ${CONCURRENT} concurrent, ${MODEL_MS} ms fake model and the server each in their own process, 108 articles in 6 languages (CPU ms/draft = the server process's alone)`,
    rows,
  );
  ctx.report("Drafting: prompt size for a 60-message thread", [tokenRow]);
}
