import { randomUUID } from "node:crypto";
import type autocannon from "autocannon";
import pg from "pg";
import {
  type BenchContext,
  type BenchServer,
  type BenchServerProcess,
  benchDatabases,
  createInstallation,
  load,
  percentile,
  postgresCpuMs,
  type Row,
  round,
  spawnBenchServer,
  startBenchServer,
} from "../lib";

const REPLY =
  "Hola Marta, siento mucho las molestias. He pasado tu solicitud de reembolso del pedido " +
  "ORD-550871 a un compañero, que confirmará si podemos hacerlo. Un saludo, el equipo de soporte.";

type Sql = (text: string, values?: unknown[]) => Promise<Record<string, unknown>[]>;

function sqlOf(server: BenchServer | BenchServerProcess): Sql {
  if ("sql" in server) return (text, values) => server.sql(text, values);
  return async (text, values) =>
    (await server.deps.database.sql.executeSql(text, values ?? [])).rows;
}

/** Drafts ready to decide, each with a field action to approve and an auto action. */
async function seedDrafts(sql: Sql, installationId: string, count: number) {
  const drafts = await sql(
    `insert into drafts (installation_id, platform, ticket_id, ticket_revision, mode, model, prompt_version,
       reply_body, reply_language, summary, triage, intent, confidence, rationale, citations,
       input_tokens, output_tokens, latency_ms, first_shown_at, shown_by_id, created_at)
     select $1::uuid, 'zendesk', 'B-' || g, 'rev-' || g, 'model', 'gpt-4o-mini', 'bench', $2, 'es', 'Refund',
       '{"intent":"refund_request","sentiment":"negative","urgency":"high","language":"es","confidence":0.8}'::jsonb,
       'refund_request', 0.8, '[]'::jsonb, '[]'::jsonb, 1200, 180, 900,
       now() - interval '40 seconds', 'a1', now() - interval '1 minute'
     from generate_series(1, $3::int) as g
     returning id, ticket_revision`,
    [installationId, REPLY, count],
  );
  await sql(
    `insert into proposed_actions (installation_id, draft_id, position, type, kind, params, rationale, risk, approval)
     select d.installation_id, d.id, p.position, p.type, 'field', p.params, 'bench', 'low', p.approval
     from drafts d, (values
       (0, 'set_status', '{"status":"pending"}'::jsonb, 'required'),
       (1, 'add_tags', '{"tags":["refund"]}'::jsonb, 'auto')) as p(position, type, params, approval)
     where d.installation_id = $1::uuid`,
    [installationId],
  );
  const actions = await sql(
    `select draft_id, id from proposed_actions where installation_id = $1::uuid and position = 0`,
    [installationId],
  );
  const actionOf = new Map(actions.map((a) => [String(a.draft_id), String(a.id)]));
  return drafts.map((d) => ({
    id: String(d.id),
    revision: String(d.ticket_revision),
    actionId: actionOf.get(String(d.id)) as string,
  }));
}

/** Decisions/s through the real HTTP stack, 50 concurrent connections, every request a new draft. */
async function decisionThroughput(
  kind: "pglite" | "postgres",
  postgresUrl: string | null,
): Promise<Row> {
  // The server in its own process, as deployed: autocannon does not take its thread.
  const server = await spawnBenchServer(
    kind,
    postgresUrl,
    {},
    {
      workers: { analyticsRollups: { firstRunMs: 0 } },
    },
  );
  try {
    const installation = await createInstallation(server);
    const amount = kind === "pglite" ? 600 : 1_500;
    const drafts = await seedDrafts(sqlOf(server), installation.id, amount + 100);
    // Warm-up: JIT, connection pool, prepared plans.
    for (const draft of drafts.splice(0, 50)) {
      await fetch(`${server.url}/v1/drafts/${draft.id}/decision`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${installation.token}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          idempotencyKey: randomUUID(),
          agent: { id: "a1", name: "Lucía" },
          ticketRevision: draft.revision,
          reply: { outcome: "accepted" },
        }),
      });
    }
    let next = 0;
    const request: autocannon.Request = {
      method: "POST",
      path: "/",
      setupRequest: (req) => {
        const draft = drafts[next++ % drafts.length] as (typeof drafts)[number];
        return {
          ...req,
          path: `/v1/drafts/${draft.id}/decision`,
          headers: {
            authorization: `Bearer ${installation.token}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({
            idempotencyKey: randomUUID(),
            agent: { id: "a1", name: "Lucía" },
            ticketRevision: draft.revision,
            reply: { outcome: "edited", body: `${REPLY.slice(0, -10)} Saludos, Lucía.` },
            actions: [{ id: draft.actionId, outcome: "approved" }],
          }),
        };
      },
    };
    const [serverCpu, databaseCpu, backendsCpu] = [
      await server.cpuMs(),
      postgresCpuMs(),
      postgresCpuMs("tandem_bench_"),
    ];
    const result = await load({
      url: server.url,
      connections: 50,
      amount,
      requests: [request],
    });
    const serverMs = (await server.cpuMs()) - serverCpu;
    const databaseMs = postgresCpuMs() - databaseCpu;
    const backendsMs = postgresCpuMs("tandem_bench_") - backendsCpu;
    const stored = await sqlOf(server)(
      "select count(*)::int as n from decisions where installation_id = $1::uuid",
      [installation.id],
    );
    // A throughput of refused requests measures nothing: fail loudly instead of printing it.
    // Time-outs (10 s, an overloaded machine) are reported in the row instead.
    if (result.non2xx > 0) throw new Error(`${result.non2xx} decisions were refused`);
    return {
      database: kind,
      concurrency: 50,
      requests: result.requests,
      "decisions/s": result.rps,
      "p50 ms": result.p50,
      "p99 ms": result.p99,
      "non-2xx": result.non2xx,
      "time-outs": result.errors,
      "rows stored": Number(stored[0]?.n ?? 0),
      "server CPU ms/decision": round(serverMs / Math.max(result.requests, 1), 2),
      ...(kind === "postgres"
        ? {
            "PostgreSQL CPU ms/decision": round(databaseMs / Math.max(result.requests, 1), 2),
            "its backends alone": round(backendsMs / Math.max(result.requests, 1), 2),
          }
        : {}),
    };
  } finally {
    await server.cleanup();
  }
}

/**
 * One million decisions (and their drafts; a quarter with a decided action) spread over the last
 * year, written with generate_series on two connections at once. Foreign-key and analytics
 * triggers are skipped during the bulk load (session_replication_role = replica, bench only); the
 * rows are consistent by construction.
 */
export async function seedMillion(databaseUrl: string, installationId: string, total: number) {
  const connect = async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query("set session_replication_role = replica");
    await client.query("set synchronous_commit = off");
    return client;
  };
  const [a, b] = await Promise.all([connect(), connect()]);
  try {
    await a.query(
      `create unlogged table bench_seed as
       select g, gen_random_uuid() as draft_id, gen_random_uuid() as decision_id,
         case when g % 4 = 0 then gen_random_uuid() end as action_id,
         (array['set_status','add_tags','refund_order','assign_group'])[1 + (g / 4) % 4] as type,
         now() - ((g % 365) + 1) * interval '1 day' - (g % 86000) * interval '1 second' as at,
         (array['refund_request','shipping_delay','change_booking','billing_question','cancel_order','product_question','account_access','complaint'])[1 + g % 8] as intent,
         'agent-' || (g % 40) as agent,
         case when g % 10 = 0 then 'offline' else 'model' end as mode,
         (g::bigint * 7919) % 100 as roll,
         5000 + (g::bigint * 104729) % 600000 as ttd
       from generate_series(1, $1::int) as g`,
      [total],
    );
    await Promise.all([
      a.query(
        `insert into drafts (id, installation_id, platform, ticket_id, ticket_revision, mode, model, prompt_version,
           reply_body, reply_language, summary, triage, intent, confidence, rationale, citations,
           input_tokens, output_tokens, latency_ms, first_shown_at, shown_by_id, created_at)
         select draft_id, $1::uuid, 'zendesk', 'T-' || g, 'r' || g, mode,
           case when mode = 'model' then 'gpt-4o-mini' end, 'bench', 'Hola Marta, …', 'es', 's',
           '{}'::jsonb, intent, 0.8, '[]'::jsonb, '[]'::jsonb,
           case when mode = 'model' then 1200 end, case when mode = 'model' then 180 end, 900,
           at - ttd * interval '1 millisecond', agent, at - interval '2 minutes'
         from bench_seed`,
        [installationId],
      ),
      b.query(
        `insert into decisions (id, installation_id, draft_id, idempotency_key, ticket_id, ticket_revision, platform,
           intent, mode, agent_id, agent_name, reply_outcome, reply_body, reason_code, edit_distance,
           time_to_decision_ms, draft_created_at, created_at)
         select decision_id, $1::uuid, draft_id, 'k' || g, 'T-' || g, 'r' || g, 'zendesk', intent, mode, agent,
           'Agent ' || agent,
           case when roll < 50 then 'accepted' when roll < 85 then 'edited' else 'rejected' end,
           case when roll < 85 then $2 end,
           case when roll >= 85 then (array['wrong_facts','wrong_tone','wrong_language','not_relevant','missing_information','should_be_action','policy','other'])[1 + g % 8] end,
           case when roll < 50 then 0 when roll < 75 then (roll - 49) / 70.0 when roll < 85 then 0.4 + (roll - 75) / 20.0 end,
           ttd, at - interval '2 minutes', at
         from bench_seed`,
        [installationId, REPLY],
      ),
    ]);
    await Promise.all([
      a.query(
        `insert into proposed_actions (id, installation_id, draft_id, position, type, kind, params, rationale, risk, approval, created_at)
         select action_id, $1::uuid, draft_id, 0, type, case when type = 'refund_order' then 'business' else 'field' end,
           '{}'::jsonb, 'bench', 'low', 'required', at - interval '2 minutes'
         from bench_seed where action_id is not null`,
        [installationId],
      ),
      b.query(
        `insert into decision_actions (installation_id, decision_id, action_id, type, kind, outcome, params, params_edited, created_at)
         select $1::uuid, decision_id, action_id, type, case when type = 'refund_order' then 'business' else 'field' end,
           case when roll % 5 = 0 then 'rejected' else 'approved' end, '{}'::jsonb, roll % 7 = 0, at
         from bench_seed where action_id is not null`,
        [installationId],
      ),
    ]);
    await a.query("drop table bench_seed");
    await Promise.all([
      a.query("analyze drafts; analyze proposed_actions"),
      b.query("analyze decisions; analyze decision_actions"),
    ]);
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
}

async function summaryLatency(postgresUrl: string): Promise<Row[]> {
  const server = await startBenchServer("postgres", postgresUrl, {}, { workers: false });
  try {
    const installation = await createInstallation(server);
    const total = Number(process.env.BENCH_DECISIONS ?? 1_000_000);
    const seedStart = performance.now();
    await seedMillion(server.deps.config.databaseUrl as string, installation.id, total);
    const seedSeconds = round((performance.now() - seedStart) / 1000, 1);
    const headers = { authorization: `Bearer ${installation.token}` };
    const time = async (query: string) => {
      const start = performance.now();
      const res = await fetch(`${server.url}/v1/analytics/summary?${query}`, { headers });
      const body = (await res.json()) as { totals: { decided: number } };
      if (res.status !== 200) throw new Error(`summary ${query}: ${res.status}`);
      return { ms: performance.now() - start, decided: body.totals.decided };
    };
    const now = new Date();
    const from = new Date(now.getTime() - 366 * 86_400_000).toISOString().slice(0, 10);
    const to = now.toISOString().slice(0, 10);
    const rows: Row[] = [];
    // The first call of a dimension materializes a year of daily rollups (in production the
    // background worker does this); later calls read rollups plus today's and yesterday's rows.
    for (const [name, groupBy] of [
      ["totals", ""],
      ["groupBy=day", "&groupBy=day"],
      ["groupBy=intent", "&groupBy=intent"],
    ] as const) {
      const query = `from=${from}&to=${to}${groupBy}`;
      const cold = await time(query);
      const warm: number[] = [];
      for (let i = 0; i < 15; i++) warm.push((await time(query)).ms);
      rows.push({
        query: name,
        decisions: cold.decided,
        "first call ms": round(cold.ms, 0),
        "p50 ms": round(percentile(warm, 50), 1),
        "p95 ms": round(percentile(warm, 95), 1),
        "target ms": 200,
        "seed s": seedSeconds,
      });
    }
    return rows;
  } finally {
    await server.cleanup();
  }
}

/**
 * Decisions: recording throughput at 50 concurrent requests on PGlite and PostgreSQL, and the
 * analytics summary's latency over 1,000,000 decisions on PostgreSQL.
 */
export default async function decisionsSuite(ctx: BenchContext) {
  const throughput: Row[] = [];
  for (const kind of benchDatabases(ctx)) {
    throughput.push(await decisionThroughput(kind, kind === "postgres" ? ctx.postgresUrl : null));
  }
  ctx.report("Decisions recorded per second (50 concurrent, real HTTP)", throughput);
  for (const row of throughput) {
    const postgres = row.database === "postgres";
    ctx.check({
      target: "decisions/s at 50 concurrent",
      database: postgres ? "postgres" : "pglite",
      measured: `${row["decisions/s"]}/s (p99 ${row["p99 ms"]} ms)`,
      limit: postgres ? "≥ 500/s" : "— (reported)",
      pass: postgres ? Number(row["decisions/s"]) >= 500 && row["time-outs"] === 0 : null,
    });
    if (!postgres) {
      ctx.check({
        target: "decision p99 at 50 concurrent",
        database: "pglite",
        measured: `${row["p99 ms"]} ms`,
        limit: "≤ 500 ms",
        pass: Number(row["p99 ms"]) <= 500 && row["time-outs"] === 0,
      });
    }
  }
  // BENCH_DECISIONS=0 skips the analytics part (its one-million-row seed takes a minute).
  if (ctx.postgresUrl && process.env.BENCH_DECISIONS !== "0") {
    ctx.report(
      "Analytics summary over 1,000,000 decisions (PostgreSQL)",
      await summaryLatency(ctx.postgresUrl),
    );
  }
}
