/** CLI: validates dist/ (run `pnpm build` first); exits non-zero on any finding. */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { validatePackage } from "./validate-package";

const dir = process.argv[2] ?? fileURLToPath(new URL("../dist", import.meta.url));
if (!existsSync(dir)) {
  console.error(`${dir} does not exist; run "pnpm --filter @tandem/freshdesk build" first.`);
  process.exit(1);
}
const findings = validatePackage(dir);
for (const finding of findings) {
  console.error(`✗ [${finding.rule}] ${finding.file}: ${finding.message}`);
}
console.log(
  findings.length === 0
    ? `✓ ${dir} passes the offline Freshworks checks`
    : `${findings.length} problem(s) found`,
);
process.exit(findings.length === 0 ? 0 : 1);
