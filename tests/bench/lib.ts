import { fork, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { type AppConfig, VERSION } from "@tandem/server/config";
import { sha256 } from "@tandem/server/crypto";
import { type RunningServer, type StartOptions, startServer } from "@tandem/server/server";
import autocannon from "autocannon";
import pg from "pg";

export const BENCH_ADMIN_TOKEN = "bench-admin-token-0123456789";

export type Row = Record<string, string | number>;

/** One speed target of the issue, checked against a figure measured in the same run. */
export interface TargetCheck {
  target: string;
  database: "pglite" | "postgres" | "—";
  measured: string;
  limit: string;
  /** null: reported only (no limit on this database). */
  pass: boolean | null;
}

export interface BenchContext {
  /** Prints a titled table and keeps it for the summary. */
  report(title: string, rows: Row[]): void;
  /** Records a target check; `pnpm bench` prints them all together at the end. */
  check(result: TargetCheck): void;
  /** PostgreSQL admin URL when reachable (BENCH_DATABASE_URL / TEST_DATABASE_URL or the local default). */
  postgresUrl: string | null;
}

export interface BenchServer extends RunningServer {
  databaseKind: "pglite" | "postgres";
  cleanup(): Promise<void>;
}

/** Starts the real server on an ephemeral port with a fresh PGlite dir or a fresh PG database. */
export async function startBenchServer(
  kind: "pglite" | "postgres",
  postgresUrl: string | null,
  config: Partial<AppConfig> = {},
  options: StartOptions = {},
): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "tandem-bench-"));
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (kind === "postgres") {
    if (!postgresUrl) throw new Error("PostgreSQL is not reachable");
    const name = `tandem_bench_${randomBytes(4).toString("hex")}`;
    await withClient(postgresUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () =>
      withClient(postgresUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      );
  }
  const running = await startServer(
    {
      port: 0,
      host: "127.0.0.1",
      databaseUrl,
      dataDir,
      adminTokenHash: sha256(BENCH_ADMIN_TOKEN),
      openai: { model: "gpt-4o-mini" },
      publicUrl: "http://127.0.0.1",
      secretKey: randomBytes(32),
      logLevel: "silent",
      corsOrigins: [],
      version: VERSION,
      ...config,
    },
    options,
  );
  return {
    ...running,
    databaseKind: kind,
    async cleanup() {
      await running.stop();
      await dropDatabase?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * CPU time PostgreSQL has used so far, in ms (Linux: read from /proc; 0 elsewhere). The bench's
 * database shares the machine, so per-request figures say where the two cores went: the server,
 * the database or the load generator. `backendsOf`: only the backends serving databases whose
 * name starts with it (the bench's own, leaving out other users of the same PostgreSQL and the
 * shared WAL writer and checkpointer); otherwise every PostgreSQL process.
 */
export function postgresCpuMs(backendsOf?: string): number {
  if (!existsSync("/proc")) return 0;
  const msPerTick = 1000 / 100; // USER_HZ is 100 on Linux
  let ticks = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      if (!stat.slice(stat.indexOf("(") + 1, close).startsWith("postgres")) continue;
      // A backend's title: "postgres: <user> <database> <client> <state>".
      if (backendsOf && !readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(` ${backendsOf}`)) {
        continue;
      }
      const fields = stat.slice(close + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks * msPerTick;
}

/**
 * The databases a suite runs on: PGlite, and PostgreSQL when reachable. `BENCH_ONLY=pglite` or
 * `BENCH_ONLY=postgres` keeps one (while working on one of them).
 */
export function benchDatabases(ctx: BenchContext): ("pglite" | "postgres")[] {
  const only = process.env.BENCH_ONLY;
  const kinds: ("pglite" | "postgres")[] = [];
  if (only !== "postgres") kinds.push("pglite");
  if (ctx.postgresUrl && only !== "pglite") kinds.push("postgres");
  return kinds;
}

/** A server under test running in its own process (see server-process.ts). */
export interface BenchServerProcess {
  url: string;
  databaseKind: "pglite" | "postgres";
  /** CPU time the server process has used so far, in ms (user + system). */
  cpuMs(): Promise<number>;
  /** Runs one statement on the server's database (for seeding) and answers its rows. */
  sql(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  cleanup(): Promise<void>;
}

/**
 * Starts the real server like `startBenchServer`, but in a child process, so the load generator
 * does not share its thread. `BENCH_SERVER_NODE_ARGS` adds node flags to it (e.g. `--cpu-prof
 * --cpu-prof-dir=/tmp/prof`: the profile is written when the bench stops the server).
 */
export async function spawnBenchServer(
  kind: "pglite" | "postgres",
  postgresUrl: string | null,
  config: Partial<AppConfig> = {},
  options: StartOptions = {},
): Promise<BenchServerProcess> {
  const script = fileURLToPath(new URL("./server-process.ts", import.meta.url));
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = fork(script, [JSON.stringify({ kind, postgresUrl, config, options })], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    execArgv: ["--import", "tsx", ...extra],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = once(child, "exit");
  const [ready] = (await Promise.race([once(child, "message"), exited])) as [
    { type: string; url: string } | number | null,
  ];
  if (typeof ready !== "object" || ready === null) {
    throw new Error(`bench server exited with ${ready}`);
  }
  let nextId = 0;
  type Answer = { type: string; id: number; ms?: number; rows?: unknown[]; error?: string };
  const ask = (request: Record<string, unknown>): Promise<Answer> => {
    const id = nextId++;
    return new Promise((resolve) => {
      const onMessage = (answer: Answer) => {
        if (answer.type !== request.type || answer.id !== id) return;
        child.off("message", onMessage);
        resolve(answer);
      };
      child.on("message", onMessage);
      child.send({ ...request, id });
    });
  };
  return {
    url: ready.url,
    databaseKind: kind,
    async cpuMs() {
      return (await ask({ type: "cpu" })).ms ?? 0;
    },
    async sql(text, values = []) {
      const answer = await ask({ type: "sql", text, values });
      if (answer.error) throw new Error(answer.error);
      return (answer.rows ?? []) as Record<string, unknown>[];
    },
    async cleanup() {
      if (child.exitCode === null) child.send({ type: "stop" });
      await exited;
    },
  };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function postgresReachable(url: string): Promise<boolean> {
  try {
    await withClient(url, (c) => c.query("select 1"));
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates an installation through the admin API: `token` is its app token (what the helpdesk
 * apps hold: drafts and decisions), `adminToken` writes knowledge and reads the audit trail.
 */
export async function createInstallation(
  server: Pick<RunningServer, "url">,
  platform: "zendesk" | "freshdesk" = "zendesk",
): Promise<{ id: string; token: string; adminToken: string; webhookSecret: string }> {
  const res = await fetch(`${server.url}/v1/admin/installations`, {
    method: "POST",
    headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ platform, subdomain: `bench-${randomBytes(4).toString("hex")}` }),
  });
  if (res.status !== 201) throw new Error(`install failed: ${res.status}`);
  const created = (await res.json()) as {
    id: string;
    appToken: string;
    adminToken: string;
    webhookSecret: string;
  };
  return { ...created, token: created.appToken };
}

export interface LoadResult {
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
  non2xx: number;
}

/** autocannon with fixed connections and duration; latencies in ms. */
export function load(options: autocannon.Options): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // Throughput is completed requests over the time to the last response, measured here:
    // autocannon ends a run on its once-a-second tick (a run of `amount` requests done in 3.2 s
    // reports 4 s), and its `requests.average` is a mean of those per-second samples.
    const started = performance.now();
    let lastResponse = started;
    const instance = autocannon({ duration: 5, connections: 50, ...options }, (err, result) => {
      if (err) return reject(err);
      const seconds = (lastResponse - started) / 1000;
      resolve({
        p50: result.latency.p50,
        p99: result.latency.p99,
        rps: Math.round(result.requests.total / Math.max(seconds, 0.001)),
        requests: result.requests.total,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
      });
    });
    instance.on("response", () => {
      lastResponse = performance.now();
    });
  });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Builds one of the helpdesk apps (`pnpm --filter @tandem/<name> build`); throws with its output. */
export function buildApp(name: string, appDir: string): void {
  const build = spawnSync("pnpm", ["--filter", `@tandem/${name}`, "build"], {
    cwd: appDir,
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`${name} build failed:\n${build.stderr || build.stdout}`);
}

/** JS and CSS a built page loads up front: its module script, modulepreloads and stylesheets. */
export function pageAssets(htmlPath: string): { js: string[]; css: string[] } {
  const html = readFileSync(htmlPath, "utf8");
  const refs = (pattern: RegExp) =>
    [...html.matchAll(pattern)].map((match) => join(dirname(htmlPath), match[1] ?? ""));
  return {
    js: [
      ...refs(/<script\b[^>]*type="module"[^>]*src="([^"]+)"/g),
      ...refs(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
    ],
    css: refs(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g),
  };
}

/** Kilobytes with one decimal, for bundle-size tables. */
export const kb = (bytes: number) => round(bytes / 1024);

/** Total size of the files, each gzipped at level 9. */
export const gzipBytes = (files: string[]) =>
  files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);

export const rawBytes = (files: string[]) =>
  files.reduce((sum, file) => sum + statSync(file).size, 0);
