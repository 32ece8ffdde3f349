import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The workspace root (tests/src/lib → ../../..). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const testsRoot = join(repoRoot, "tests");
export const artifactsDir = join(testsRoot, "artifacts");

export const appDist = {
  zendesk: join(repoRoot, "apps/zendesk/dist"),
  freshdesk: join(repoRoot, "apps/freshdesk/dist"),
} as const;

/** Small apps of our own that exercise every protocol feature (simulator self-tests). */
export const fixtureApps = {
  zendesk: join(testsRoot, "fixtures/zendesk-app"),
  freshdesk: join(testsRoot, "fixtures/freshdesk-app"),
} as const;
