import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveKey } from "../lib/crypto";
import { zendeskSignature } from "../services/webhooks";
import type { TestInstallation } from "../test";
import {
  createTestContext,
  type FakeHelpdesk,
  type FakeOpenAI,
  startFakeHelpdesk,
  startFakeOpenAI,
  TEST_ADMIN_TOKEN,
  type TestContext,
  testDatabaseKind,
} from "../test";

const serverDir = join(dirname(fileURLToPath(import.meta.url)), "../..");
const SECRET = "multi-process-shared-secret-key";

interface Child {
  proc: ChildProcess;
  url: string;
}

/** Starts `src/index.ts` (the real server, with its workers) against the given database. */
function startChild(env: Record<string, string>): Promise<Child> {
  const proc = spawn(join(serverDir, "node_modules/.bin/tsx"), ["src/index.ts"], {
    cwd: serverDir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    proc.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const port = /Tandem is running at http:\/\/localhost:(\d+)/.exec(out)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ proc, url: `http://127.0.0.1:${port}` });
      }
    });
    proc.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
}

async function stopChild(child: Child | undefined) {
  if (!child || child.proc.exitCode !== null) return;
  const exited = new Promise((resolve) => child.proc.once("exit", resolve));
  child.proc.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.proc.exitCode === null) child.proc.kill("SIGKILL");
}

// Two server processes share one PostgreSQL; PGlite is single-process by nature.
describe.skipIf(testDatabaseKind() !== "postgres")(
  "pre-drafting across two server processes",
  () => {
    let t: TestContext;
    let helpdesk: FakeHelpdesk;
    let openai: FakeOpenAI;
    const children: Child[] = [];
    const dataDirs: string[] = [];
    let installation: TestInstallation;

    beforeAll(async () => {
      helpdesk = await startFakeHelpdesk();
      openai = await startFakeOpenAI({ latencyMs: 300 });
      t = await createTestContext({ config: { secretKey: deriveKey(SECRET) } });
      const name = String(
        (await t.database.sql.executeSql("select current_database() as name")).rows[0]?.name,
      );
      const url = new URL(process.env.TEST_DATABASE_URL ?? "");
      url.pathname = `/${name}`;
      installation = await t.install("zendesk");
      const put = await t.call(
        "PUT",
        `/v1/admin/installations/${installation.id}/helpdesk-connection`,
        {
          token: TEST_ADMIN_TOKEN,
          json: {
            authType: "api_token",
            email: helpdesk.zendesk.email,
            token: helpdesk.zendesk.token,
            baseUrl: helpdesk.url,
            knowledgeSync: false,
          },
        },
      );
      expect(put.status).toBe(200);
      for (const model of ["proc-a", "proc-b"]) {
        const dataDir = mkdtempSync(join(tmpdir(), "tandem-mp-"));
        dataDirs.push(dataDir);
        children.push(
          await startChild({
            PORT: "0",
            HOST: "127.0.0.1",
            DATABASE_URL: url.toString(),
            DATA_DIR: dataDir,
            SECRET_KEY: SECRET,
            OPENAI_API_KEY: "sk-test",
            OPENAI_BASE_URL: openai.url,
            // The model name each process sends is stored on its drafts: it shows who did the work.
            OPENAI_MODEL: model,
            LOG_LEVEL: "silent",
            // Not the per-installation limit under test here: let both processes take jobs at once.
            PREDRAFT_CONCURRENCY: "50",
          }),
        );
      }
    }, 120_000);

    afterAll(async () => {
      await Promise.all(children.map(stopChild));
      await t?.close();
      await helpdesk?.close();
      await openai?.close();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    });

    it("shares the jobs: every ticket drafted exactly once, by both processes together", async () => {
      const tickets = Array.from({ length: 24 }, (_, i) =>
        helpdesk.addZendeskTicket({
          subject: `Order question ${i}`,
          body: `Hello, where is my order ORD-${1000 + i}? It has been a week.`,
        }),
      );
      const deliver = async (child: Child, body: string) => {
        const timestamp = new Date().toISOString();
        const res = await fetch(
          `${child.url}/v1/webhooks/zendesk?installation=${installation.id}`,
          {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-zendesk-webhook-signature": zendeskSignature(
                installation.webhookSecret,
                timestamp,
                Buffer.from(body),
              ),
              "x-zendesk-webhook-signature-timestamp": timestamp,
            },
            body,
          },
        );
        return ((await res.json()) as { outcome: string }).outcome;
      };
      const bodies = tickets.map((ticketId, i) =>
        JSON.stringify({ ticket_id: String(ticketId), updated_at: `u${i}` }),
      );
      // Each event first reaches one process (alternating), then is redelivered to the other:
      // both processes queue work, and every redelivery is recognised as a duplicate.
      const first = await Promise.all(
        bodies.map((body, i) => deliver(children[i % 2] as Child, body)),
      );
      const again = await Promise.all(
        bodies.map((body, i) => deliver(children[(i + 1) % 2] as Child, body)),
      );
      expect(first.filter((s) => s === "queued")).toHaveLength(tickets.length);
      expect(again.filter((s) => s === "duplicate")).toHaveLength(tickets.length);

      const until = Date.now() + 60_000;
      let rows: Record<string, unknown>[] = [];
      while (Date.now() < until) {
        rows = (
          await t.database.sql.executeSql(
            "select ticket_id, model from drafts where installation_id = $1",
            [installation.id],
          )
        ).rows;
        if (rows.length >= tickets.length) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      // Give a straggling duplicate the chance to show up before counting.
      await new Promise((r) => setTimeout(r, 1_000));
      rows = (
        await t.database.sql.executeSql(
          "select ticket_id, model from drafts where installation_id = $1",
          [installation.id],
        )
      ).rows;
      expect(rows).toHaveLength(tickets.length);
      expect(new Set(rows.map((r) => r.ticket_id)).size).toBe(tickets.length);
      expect(openai.chatRequests()).toHaveLength(tickets.length);
      const byProcess = new Set(rows.map((r) => r.model));
      expect(byProcess).toEqual(new Set(["proc-a", "proc-b"]));
    }, 120_000);
  },
);
