#!/usr/bin/env node
// Runs every vitest project and ends with one plain "N passed, N failed" line for CI.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "tandem-test-"));
const report = join(dir, "report.json");
const args = [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const run = spawnSync("pnpm", ["exec", ...args], { stdio: "inherit" });
let summary = "";
try {
  const data = JSON.parse(readFileSync(report, "utf8"));
  const skipped = (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
  summary = `tests: ${data.numPassedTests} passed, ${data.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`;
  if (data.numFailedTestSuites > 0 && data.numFailedTests === 0) {
    summary = `tests: ${data.numPassedTests} passed, ${data.numFailedTestSuites} failed`;
  }
} catch {
  summary = "tests: 0 passed, 1 failed";
}
rmSync(dir, { recursive: true, force: true });
console.log(`\n${summary}`);
process.exit(run.status ?? 1);
