// `pnpm bench`: runs every suite in tests/bench/suites (or those named on the command line)
// and prints their tables. Figures go into BENCHMARKS.md by hand, with this command.
import { readdirSync } from "node:fs";
import { cpus } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchContext, postgresReachable, type Row, type TargetCheck } from "./lib";

const here = fileURLToPath(new URL(".", import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(join(here, "suites"))
  .filter((f) => f.endsWith(".ts"))
  .filter((f) => only.length === 0 || only.includes(basename(f, ".ts")))
  .sort();

const candidate =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";
const postgresUrl = (await postgresReachable(candidate)) ? candidate : null;

const tables: { title: string; rows: Row[] }[] = [];
const checks: TargetCheck[] = [];
const ctx: BenchContext = {
  postgresUrl,
  check(result) {
    checks.push(result);
  },
  report(title, rows) {
    tables.push({ title, rows });
    console.log(`\n## ${title}\n`);
    console.table(rows);
  },
};

console.log(
  `Tandem benchmarks — ${new Date().toISOString()} — node ${process.version}, ${cpus().length} cores, ` +
    `PostgreSQL ${postgresUrl ? "reachable" : "not reachable (PostgreSQL rows skipped)"}`,
);
let failed = 0;
for (const file of files) {
  const name = basename(file, ".ts");
  console.log(`\n# ${name}`);
  try {
    const suite = (await import(join(here, "suites", file))) as {
      default: (ctx: BenchContext) => Promise<void>;
    };
    await suite.default(ctx);
  } catch (err) {
    failed += 1;
    console.error(`suite ${name} failed:`, err);
  }
}
if (checks.length > 0) {
  // Every target beside the figure it is judged on, measured in this run.
  console.log("\n## Targets (issue 13, measured in this run)\n");
  console.table(
    checks.map((c) => ({
      target: c.target,
      database: c.database,
      measured: c.measured,
      limit: c.limit,
      result: c.pass === null ? "reported" : c.pass ? "met" : "MISSED",
    })),
  );
}
process.exit(failed > 0 ? 1 : 0);
