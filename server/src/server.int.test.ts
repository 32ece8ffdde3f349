import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { startServer } from "./server";
import { TEST_ADMIN_TOKEN, testConfig, testDatabaseKind } from "./test";
import { createTestDatabase } from "./test/db";
import { seedDataDir } from "./test/pglite-template";

const serverDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = mkdtempSync(join(tmpdir(), "tandem-restart-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function createInstallationOver(url: string) {
  const res = await fetch(`${url}/v1/admin/installations`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ platform: "freshdesk", subdomain: "restart-co" }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; appToken: string };
}

describe("restart", () => {
  it("still knows its installations and tokens after a restart on the same data", async () => {
    const config = testConfig({ dataDir });
    const external = testDatabaseKind() === "postgres" ? await createTestDatabase() : null;
    // On PostgreSQL the server gets its own pool on the per-file database each time.
    const databaseUrl = external ? await urlOf(external) : undefined;

    const first = await startServer({ ...config, databaseUrl });
    const created = await createInstallationOver(first.url);
    await first.stop();

    const second = await startServer({ ...config, databaseUrl });
    try {
      const who = await fetch(`${second.url}/v1/installation`, {
        headers: { authorization: `Bearer ${created.appToken}` },
      });
      expect(who.status).toBe(200);
      expect(((await who.json()) as { installation: { id: string } }).installation.id).toBe(
        created.id,
      );
    } finally {
      await second.stop();
      await external?.destroy();
    }
  });

  it("finishes an in-flight request before stopping", async () => {
    const database = await createTestDatabase();
    let pingStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      pingStarted = resolve;
    });
    const slow = {
      ...database,
      async ping() {
        pingStarted();
        await new Promise((resolve) => setTimeout(resolve, 400));
      },
    };
    const server = await startServer(
      testConfig({ dataDir: mkdtempSync(join(tmpdir(), "tandem-")) }),
      {
        database: slow,
      },
    );
    const inFlight = fetch(`${server.url}/health`);
    await started;
    await server.stop();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { db: string }).db).toBe("ok");
    await database.destroy();
  });
});

async function urlOf(database: {
  sql: { executeSql(q: string): Promise<{ rows: Record<string, unknown>[] }> };
}) {
  const { rows } = await database.sql.executeSql("select current_database() as name");
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${rows[0]?.name as string}`;
  return url.toString();
}

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `src/cli.ts` the way `pnpm tandem` does (tsx), minus npx's start-up, on `dataDir`, which
 * holds a copy of the run's migrated template: the CLI opens it instead of running initdb.
 */
function runCli(dataDir: string, ...args: string[]): Promise<CliRun> {
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "silent" };
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: serverDir,
    env,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

function cliDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tandem-cli-"));
  seedDataDir(dir);
  return dir;
}

describe("tandem CLI", () => {
  it("creates and lists installations on the configured database", async () => {
    if (testDatabaseKind() === "postgres") return;
    const cliDir = cliDataDir();
    // The refused commands run beside the others, on their own data directory (PGlite is
    // single-process) with an installation of their own.
    const rejectedDir = cliDataDir();
    const rejected = (async () => {
      const other = await runCli(
        rejectedDir,
        "installations",
        "create",
        "--platform",
        "freshdesk",
        "--subdomain",
        "cli-other",
      );
      const { id } = JSON.parse(other.stdout) as { id: string };
      const mixed = await runCli(
        rejectedDir,
        ...["tokens", "create", "--installation", id, "--scopes", "bot,app"],
      );
      const bad = await runCli(
        rejectedDir,
        ...["installations", "create", "--platform", "nope", "--subdomain", "x"],
      );
      return { mixed, bad };
    })();
    const run = (...args: string[]) => runCli(cliDir, ...args);

    const created = await run(
      "installations",
      "create",
      "--platform",
      "zendesk",
      "--subdomain",
      "cli-co",
    );
    expect(created.status).toBe(0);
    const body = JSON.parse(created.stdout);
    expect(body.appToken).toMatch(/^tdm_/);
    expect(body.adminToken).toMatch(/^tdm_/);
    expect(body.subdomain).toBe("cli-co");
    // stdout stays JSON; the hint says which token goes where.
    expect(created.stderr).toContain("appToken");
    expect(created.stderr).toMatch(/Never paste the admin token into a helpdesk app/);
    const tokens = JSON.parse((await run("tokens", "list", "--installation", body.id)).stdout) as {
      id: string;
      scopes: string[];
    }[];
    expect(tokens.find((tk) => tk.id === body.appTokenId)?.scopes).toEqual(["app"]);
    expect(tokens.find((tk) => tk.id === body.adminTokenId)?.scopes).toEqual(["admin"]);

    const { mixed, bad } = await rejected;
    expect(mixed.status).toBe(1);
    expect(mixed.stderr).toContain("bot scope only");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("platform");

    const listed = await run("installations", "list");
    expect(JSON.parse(listed.stdout).map((i: { subdomain: string }) => i.subdomain)).toEqual([
      "cli-co",
    ]);
    rmSync(cliDir, { recursive: true, force: true });
    rmSync(rejectedDir, { recursive: true, force: true });
  }, 60_000);
});
