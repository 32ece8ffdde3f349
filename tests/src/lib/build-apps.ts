import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { appDist, repoRoot } from "./paths";

export type Platform = "zendesk" | "freshdesk";

function hasBuildScript(platform: Platform): boolean {
  const pkg = JSON.parse(
    readFileSync(join(repoRoot, "apps", platform, "package.json"), "utf8"),
  ) as {
    scripts?: Record<string, string>;
  };
  return Boolean(pkg.scripts?.build);
}

/** Whether an app's package is built (its manifest is in dist/). */
export function appBuilt(platform: Platform): boolean {
  return existsSync(join(appDist[platform], "manifest.json"));
}

/**
 * Runs `pnpm --filter @tandem/<app> build` for each app that has a build script. Returns the
 * platforms whose dist/ is usable afterwards.
 */
export async function buildApps(
  options: { quiet?: boolean; only?: Platform[] } = {},
): Promise<Platform[]> {
  const ready: Platform[] = [];
  for (const platform of options.only ?? (["zendesk", "freshdesk"] as Platform[])) {
    if (hasBuildScript(platform)) {
      const run = spawnSync("pnpm", ["--filter", `@tandem/${platform}`, "build"], {
        cwd: repoRoot,
        // vitest sets NODE_ENV=test; a build inheriting it bundles React's development runtime.
        env: { ...process.env, NODE_ENV: "production" },
        stdio: options.quiet ? "pipe" : "inherit",
        encoding: "utf8",
      });
      if (run.status !== 0) {
        throw new Error(
          `Building the ${platform} app failed:\n${run.stderr ?? ""}${run.stdout ?? ""}`.slice(
            0,
            4000,
          ),
        );
      }
    }
    if (appBuilt(platform)) ready.push(platform);
  }
  return ready;
}
