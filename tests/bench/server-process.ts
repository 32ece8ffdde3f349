// The server under test in its own process, as in a deployment: the load generator's work is not
// on its thread. Started by `spawnBenchServer` (lib.ts) with fork(); argv[2] is a JSON
// { kind, postgresUrl, config, options }. Answers "cpu" on the IPC channel with its CPU time in
// ms and "sql" with the rows of a statement run on its database (seeding: PGlite has one
// connection, held by this process); stops (and drops its database) on "stop" or SIGTERM.
import type { AppConfig } from "@tandem/server/config";
import type { StartOptions } from "@tandem/server/server";
import { startBenchServer } from "./lib";

const { kind, postgresUrl, config, options } = JSON.parse(process.argv[2] ?? "{}") as {
  kind: "pglite" | "postgres";
  postgresUrl: string | null;
  config: Partial<AppConfig>;
  options?: StartOptions;
};
const server = await startBenchServer(kind, postgresUrl, config, options);
let stopping: Promise<void> | null = null;
const stop = () => {
  stopping ??= server.cleanup().finally(() => process.exit(0));
  return stopping;
};
process.on(
  "message",
  (message: { type: string; id?: number; text?: string; values?: unknown[] }) => {
    if (message.type === "sql") {
      server.deps.database.sql.executeSql(message.text ?? "", message.values ?? []).then(
        (result) => process.send?.({ type: "sql", id: message.id, rows: result.rows }),
        (error: unknown) => process.send?.({ type: "sql", id: message.id, error: String(error) }),
      );
    } else if (message.type === "cpu") {
      const used = process.cpuUsage();
      process.send?.({ type: "cpu", id: message.id, ms: (used.user + used.system) / 1000 });
    } else if (message.type === "stop") {
      void stop();
    }
  },
);
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
process.send?.({ type: "ready", url: server.url });
