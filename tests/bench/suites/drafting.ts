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
  const fake = await startFakeOpenAI();
  const rows: Row[] = [];
  const tokenRows: Row[] = [];
  const kinds = ctx.postgresUrl ? (["pglite", "postgres"] as const) : (["pglite"] as const);
  try {
    for (const kind of kinds) {
      const server = await startBenchServer(kind, ctx.postgresUrl, {
        openai: { apiKey: "sk-bench", baseUrl: fake.url, model: "bench-model" },
      });
      try {
        const { token } = await createInstallation(server);
        await seed(server, token);
        const request = {
          url: `${server.url}/v1/drafts`,
          method: "POST" as const,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          connections: 20,
          requests: [
            { setupRequest: (req: Record<string, unknown>) => ({ ...req, body: draftBody() }) },
          ],
        };
        for (const modelMs of [0, 300]) {
          fake.setLatency(modelMs);
          await load({ ...request, duration: 1 });
          const r = await load({ ...request, duration: 5 });
          rows.push({
            database: kind,
            "model ms": modelMs,
            "p50 ms": r.p50,
            "p99 ms": r.p99,
            "overhead p50 ms": round(r.p50 - modelMs),
            "overhead p99 ms": round(r.p99 - modelMs),
            "drafts/s": r.rps,
            errors: r.errors + r.non2xx,
          });
        }
        fake.setLatency(0);

        if (kind === "pglite") {
          const ticket = longThread(60, { notesEvery: 10 });
          fake.reset();
          const res = await fetch(`${server.url}/v1/drafts`, {
            method: "POST",
            headers: request.headers,
            body: JSON.stringify({ ticket }),
          });
          const draft = (await res.json()) as { usage?: { inputTokens: number }; mode: string };
          const sent = fake.chatRequests()[0]?.raw ?? "";
          const audit = (await (
            await fetch(`${server.url}/v1/audit?type=draft.generated&ticketId=${ticket.id}`, {
              headers: request.headers,
            })
          ).json()) as { events: Array<{ data: { context?: Record<string, number> } }> };
          const context = audit.events[0]?.data.context ?? {};
          const threadChars = ticket.messages.reduce((s, m) => s + m.body.length, 0);
          tokenRows.push({
            thread: "60 messages (6 internal notes)",
            "thread chars": threadChars,
            "prompt tokens (server estimate)": context.promptTokens ?? 0,
            "input tokens (fake model, chars/4)": draft.usage?.inputTokens ?? 0,
            "request bytes": sent.length,
            "kept whole": context.included ?? 0,
            condensed: context.condensed ?? 0,
            "omitted (with marker)": context.omitted ?? 0,
            target: "≤ 4000",
          });
        }
      } finally {
        await server.cleanup();
      }
    }
  } finally {
    await fake.close();
  }
  ctx.report(
    "Drafting: POST /v1/drafts at 20 concurrent, fake model over HTTP (server + fake in one process; target overhead p50 ≤ 15 ms)",
    rows,
  );
  ctx.report("Drafting: prompt size for a 60-message thread", tokenRows);
}
