import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite, type QueryOptions, type Results } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** A database handle or an open transaction: services accept either. */
export type DbOrTx = Db | Tx;

/** Raw SQL access in the shape pg-boss expects from a custom `db`. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  sql: SqlExecutor;
  ping(): Promise<void>;
  /** Applies the committed migrations (idempotent; serialized across processes). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), "../../drizzle");

/** Any fixed 64-bit key: serializes migrations when several servers start at once. */
const MIGRATION_LOCK_KEY = 7_361_202_611;

export interface CreateDatabaseOptions {
  databaseUrl?: string;
  /** PGlite directory; omitted → in memory (tests). */
  dataDir?: string;
  migrate?: boolean;
  poolSize?: number;
}

export async function createDatabase(options: CreateDatabaseOptions): Promise<Database> {
  const database = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : await openPglite(options.dataDir);
  if (options.migrate !== false) await database.migrate();
  return database;
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  pool.on("error", () => {
    // Idle client errors (server restart) surface on the next query; don't crash the process.
  });
  const db = drizzlePg(pool, { schema, casing: "snake_case" }) as unknown as Db;
  let poolClosed = false;
  return {
    db,
    kind: "postgres",
    sql: {
      async executeSql(text, values) {
        const result = await pool.query(text, values as unknown[] | undefined);
        return { rows: result.rows };
      },
    },
    async ping() {
      await pool.query("select 1");
    },
    async migrate() {
      const connection = await pool.connect();
      try {
        await connection.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
        await migratePg(drizzlePg(connection, { casing: "snake_case" }), { migrationsFolder });
      } finally {
        await connection
          .query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY])
          .catch(() => {});
        connection.release();
      }
    },
    async close() {
      if (poolClosed) return;
      poolClosed = true;
      await pool.end();
    },
  };
}

/**
 * PGlite runs each statement synchronously on this thread, and a backlog of statements chained
 * through promise callbacks never gives the event loop a turn: requests that arrived meanwhile
 * were not even read until the backlog drained, and under load a few of them waited seconds
 * while the rest were answered in milliseconds. Here statements run one at a time in the order
 * they were asked for, each in an event-loop turn of its own (after I/O is polled). A transaction
 * runs its statements on PGlite's own handle, outside this queue.
 */
class FairPGlite extends PGlite {
  #turn: Promise<unknown> = Promise.resolve();

  #inTurn<T>(run: () => Promise<T>): Promise<T> {
    const result = this.#turn
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(run);
    this.#turn = result.catch(() => undefined);
    return result;
  }

  override query<T>(
    query: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<Results<T>> {
    return this.#inTurn(() => super.query<T>(query, params, options));
  }

  override exec(query: string, options?: QueryOptions): Promise<Array<Results>> {
    return this.#inTurn(() => super.exec(query, options));
  }
}

async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? new FairPGlite(join(dataDir, "pgdata")) : new FairPGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db;
  let closed = false;
  return {
    db,
    kind: "pglite",
    sql: {
      async executeSql(text, values) {
        // PGlite's extended protocol takes one statement; multi-statement scripts go through exec.
        if (!values || values.length === 0) {
          const results = await client.exec(text);
          const last = results[results.length - 1];
          return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
        }
        const result = await client.query<Record<string, unknown>>(text, values as unknown[]);
        return { rows: result.rows };
      },
    },
    async ping() {
      await client.query("select 1");
    },
    async migrate() {
      await migratePglite(drizzlePglite(client, { casing: "snake_case" }), { migrationsFolder });
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}
