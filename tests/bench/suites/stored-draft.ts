import { randomUUID } from "node:crypto";
import { startFakeOpenAI } from "@tandem/server/testing";
import type autocannon from "autocannon";
import { seedHelpCentre } from "../fixtures/help-centre";
import { nextDraftRequest } from "../fixtures/tickets";
import {
  type BenchContext,
  benchDatabases,
  createInstallation,
  load,
  type Row,
  round,
  spawnBenchServer,
} from "../lib";
import { capturedChatBody, fakeModelProcess, modelAlone } from "../model";

const MODEL_MS = 300;
const DRAFTS = 200;

interface StoredDraft {
  ticketId: string;
  body: string;
  draft: { id: string; ticketRevision: string; actions: Array<{ id: string; approval: string }> };
}

/** Cycles through the stored drafts, one per request. */
function rotating(stored: StoredDraft[], make: (d: StoredDraft) => Partial<autocannon.Request>) {
  let next = 0;
  return [
    {
      setupRequest: (req: autocannon.Request) => ({
        ...req,
        ...make(stored[next++ % stored.length] as StoredDraft),
      }),
    },
  ];
}

/**
 * Reading a stored draft back: `GET /v1/tickets/:id/draft` and re-posting the same revision
 * (`POST /v1/drafts`, answered from storage), one at a time and under load, over 200 stored
 * drafts of which a quarter are decided, with the help centre loaded. The model's own latency
 * (one at a time) is measured in the same run for the "≤ 5 % of the model" target.
 */
export default async function storedDraftSuite(ctx: BenchContext) {
  const rows: Row[] = [];
  const kinds = benchDatabases(ctx);
  const model = await fakeModelProcess(MODEL_MS);
  const inProcess = await startFakeOpenAI();
  try {
    const chatBody = await capturedChatBody(inProcess);
    for (const kind of kinds) {
      const server = await spawnBenchServer(kind, ctx.postgresUrl, {
        openai: { apiKey: "sk-bench", baseUrl: model.url, model: "bench-model" },
      });
      try {
        const { token, adminToken } = await createInstallation(server);
        await seedHelpCentre(server.url, adminToken);
        const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
        const stored: StoredDraft[] = [];
        for (let i = 0; i < DRAFTS; i += 20) {
          const batch = await Promise.all(
            Array.from({ length: 20 }, async () => {
              const { ticketId, body } = nextDraftRequest("S");
              const res = await fetch(`${server.url}/v1/drafts`, { method: "POST", headers, body });
              if (res.status !== 200) throw new Error(`draft failed: ${res.status}`);
              return { ticketId, body, draft: (await res.json()) as StoredDraft["draft"] };
            }),
          );
          stored.push(...batch);
        }
        // A quarter decided: their read renders the decision too.
        for (const { draft } of stored.filter((_, i) => i % 4 === 0)) {
          const res = await fetch(`${server.url}/v1/drafts/${draft.id}/decision`, {
            method: "POST",
            headers,
            body: JSON.stringify({
              idempotencyKey: randomUUID(),
              agent: { id: "a1", name: "Lucía" },
              ticketRevision: draft.ticketRevision,
              reply: { outcome: "rejected", reason: { code: "not_relevant" } },
              actions: draft.actions
                .filter((a) => a.approval !== "auto")
                .map((a) => ({ id: a.id, outcome: "rejected" })),
            }),
          });
          if (res.status !== 201 && res.status !== 200) {
            throw new Error(`decision failed: ${res.status} ${await res.text()}`);
          }
        }
        const check = await fetch(`${server.url}/v1/drafts`, {
          method: "POST",
          headers,
          body: stored[1]?.body,
        });
        if (check.headers.get("x-tandem-draft-cache") !== "hit") {
          throw new Error("re-posting the same revision drafted again");
        }

        const read = {
          url: server.url,
          headers: { authorization: `Bearer ${token}` },
          requests: rotating(stored, (d) => ({
            method: "GET",
            path: `/v1/tickets/${d.ticketId}/draft`,
          })),
        };
        const repost = {
          url: server.url,
          headers,
          requests: rotating(stored, (d) => ({ method: "POST", path: "/v1/drafts", body: d.body })),
        };
        await load({ ...read, connections: 1, duration: 1 });
        await load({ ...repost, connections: 1, duration: 1 });
        const modelOne = await modelAlone(model.url, chatBody, {
          connections: 1,
          duration: 3,
        });
        const readOne = await load({ ...read, connections: 1, duration: 3 });
        const readMany = await load({ ...read, connections: 50, duration: 5 });
        const repostOne = await load({ ...repost, connections: 1, duration: 3 });
        const repostMany = await load({ ...repost, connections: 20, duration: 5 });
        const row = (what: string, concurrent: number, r: Awaited<ReturnType<typeof load>>) => ({
          database: kind,
          what,
          concurrent,
          "p50 ms": r.p50,
          "p99 ms": r.p99,
          "% of model p50": round((100 * r.p50) / modelOne.p50, 1),
          "per s": r.rps,
          errors: r.errors + r.non2xx,
        });
        rows.push(
          row("model alone (300 ms fake)", 1, modelOne),
          row("GET /v1/tickets/:id/draft", 1, readOne),
          row("GET /v1/tickets/:id/draft", 50, readMany),
          row("POST /v1/drafts, same revision (stored)", 1, repostOne),
          row("POST /v1/drafts, same revision (stored)", 20, repostMany),
        );
        const postgres = kind === "postgres";
        ctx.check({
          target: "stored draft read p50, one at a time",
          database: kind,
          measured: `${readOne.p50} ms`,
          limit: postgres ? "≤ 2 ms" : "— (reported)",
          pass: postgres ? readOne.p50 <= 2 : null,
        });
        ctx.check({
          target: "stored draft read p99, 50 concurrent",
          database: kind,
          measured: `${readMany.p99} ms`,
          limit: postgres ? "≤ 50 ms" : "— (reported)",
          pass: postgres ? readMany.p99 <= 50 && readMany.non2xx === 0 : null,
        });
        ctx.check({
          target: "re-post of the same revision p50, one at a time",
          database: kind,
          measured: `${repostOne.p50} ms = ${round((100 * repostOne.p50) / modelOne.p50, 1)} % of model (${modelOne.p50} ms)`,
          limit: "≤ 5 % of model",
          pass: repostOne.p50 <= 0.05 * modelOne.p50 && repostOne.non2xx === 0,
        });
        ctx.check({
          target: "re-post of the same revision p50, 20 concurrent",
          database: kind,
          measured: `${repostMany.p50} ms = ${round((100 * repostMany.p50) / modelOne.p50, 1)} % of model`,
          limit: "≤ 5 % of model",
          pass: repostMany.p50 <= 0.05 * modelOne.p50 && repostMany.non2xx === 0,
        });
      } finally {
        await server.cleanup();
      }
    }
  } finally {
    model.child.kill("SIGTERM");
    await inProcess.close();
  }
  ctx.report(
    `Stored drafts: ${DRAFTS} drafts (a quarter decided), 108 articles, the server in its own process; model = 300 ms fake, one at a time`,
    rows,
  );
}
