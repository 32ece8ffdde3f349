import { type BenchContext, createInstallation, load, type Row, startBenchServer } from "../lib";

/** Foundation: GET /health and an authenticated read at 50 concurrent connections. */
export default async function httpSuite(ctx: BenchContext) {
  const rows: Row[] = [];
  const kinds = ctx.postgresUrl ? (["pglite", "postgres"] as const) : (["pglite"] as const);
  for (const kind of kinds) {
    const server = await startBenchServer(kind, ctx.postgresUrl);
    try {
      const installation = await createInstallation(server);
      const targets = [
        { name: "GET /health", url: `${server.url}/health`, headers: {} },
        {
          name: "GET /v1/installation (bearer)",
          url: `${server.url}/v1/installation`,
          headers: { authorization: `Bearer ${installation.token}` },
        },
      ];
      for (const target of targets) {
        await load({ url: target.url, headers: target.headers, duration: 1, connections: 10 });
        const r = await load({
          url: target.url,
          headers: target.headers,
          duration: 5,
          connections: 50,
        });
        rows.push({
          database: kind,
          endpoint: target.name,
          "p50 ms": r.p50,
          "p99 ms": r.p99,
          "req/s": r.rps,
          errors: r.errors + r.non2xx,
        });
      }
    } finally {
      await server.cleanup();
    }
  }
  ctx.report("HTTP baseline at 50 concurrent connections (5 s each)", rows);
}
