import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import pg from "pg";
import { createDatabase, type Database } from "../db/client";
import { seededScratchDir } from "./pglite-template";

export interface TestDatabase extends Database {
  /** Closes the connection and, on PostgreSQL, drops the per-file database. */
  destroy(): Promise<void>;
}

/** Which engine this test run targets: the vitest project sets TANDEM_TEST_DB. */
export function testDatabaseKind(): "pglite" | "postgres" {
  return process.env.TANDEM_TEST_DB === "postgres" ? "postgres" : "pglite";
}

/**
 * A fresh, migrated database for one test file: PGlite on a copy of the run's migrated template
 * (in memory without one), or a new database on the TEST_DATABASE_URL server (created here and
 * dropped in destroy()).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind() === "pglite") {
    const dataDir = seededScratchDir("tandem-test-db-");
    if (!dataDir) {
      const database = await createDatabase({});
      return { ...database, destroy: () => database.close() };
    }
    const database = await createDatabase({ dataDir });
    return {
      ...database,
      async destroy() {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TANDEM_TEST_DB=postgres needs TEST_DATABASE_URL");
  const name = `tandem_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await createDatabase({ databaseUrl: url.toString(), poolSize: 20 });
  return {
    ...database,
    async destroy() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
