import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase } from "../db/client";

/**
 * A migrated, empty PGlite data directory made once per test run. A new PGlite runs initdb in
 * WebAssembly (5–8 s on two busy cores) and then every migration; copying this directory and
 * opening the copy takes about 1 s. The globalSetup below sets the variable; workers inherit it.
 */
const TEMPLATE_ENV = "TANDEM_TEST_PGLITE_TEMPLATE";

/** Copies live in memory where the machine has a tmpfs: PGlite writes through to these files. */
function scratchRoot(): string {
  return existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
}

/** vitest globalSetup: builds the template unless an earlier project of the same run did. */
export default async function setup(): Promise<(() => void) | undefined> {
  const existing = process.env[TEMPLATE_ENV];
  if (existing && existsSync(join(existing, "pgdata"))) return undefined;
  const dir = mkdtempSync(join(scratchRoot(), "tandem-pglite-template-"));
  const database = await createDatabase({ dataDir: dir });
  await database.close();
  process.env[TEMPLATE_ENV] = dir;
  return () => {
    delete process.env[TEMPLATE_ENV];
    rmSync(dir, { recursive: true, force: true });
  };
}

/**
 * Fills a new data directory with a copy of the run's migrated template (what `createDatabase`
 * would otherwise build from scratch). Returns false, leaving the directory alone, outside a
 * test run that has one.
 */
export function seedDataDir(dataDir: string): boolean {
  const template = process.env[TEMPLATE_ENV];
  if (!template || !existsSync(join(template, "pgdata"))) return false;
  cpSync(join(template, "pgdata"), join(dataDir, "pgdata"), { recursive: true });
  return true;
}

/** A new scratch data directory seeded from the template, or null without one. */
export function seededScratchDir(prefix: string): string | null {
  if (!process.env[TEMPLATE_ENV]) return null;
  const dir = mkdtempSync(join(scratchRoot(), prefix));
  if (seedDataDir(dir)) return dir;
  rmSync(dir, { recursive: true, force: true });
  return null;
}
