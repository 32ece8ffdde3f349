/**
 * `pnpm start`: the Tandem playground. Builds the sidebar apps when their sources changed,
 * starts the server in-process on the embedded defaults (PGlite in ./.tandem, the offline drafter
 * unless OPENAI_API_KEY is set), seeds the demo installations and serves both simulated helpdesks
 * and the travel-booking demo behind one page.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { EnvError } from "@tandem/server/env";
import { appBuilt, buildApps, type Platform } from "./lib/build-apps";
import { appDist, repoRoot } from "./lib/paths";
import { startPlayground } from "./playground/playground";

const SKIP = new Set(["node_modules", "dist", "package", ".turbo", "coverage"]);

/** Newest modification time of an app's sources (anything but build output). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function needsBuild(platform: Platform): boolean {
  if (!appBuilt(platform)) return true;
  const built = statSync(join(appDist[platform], "manifest.json")).mtimeMs;
  return newestSource(join(repoRoot, "apps", platform)) > built;
}

async function main() {
  const stale = (["zendesk", "freshdesk"] as Platform[]).filter(needsBuild);
  if (stale.length > 0) {
    console.log(`Building the ${stale.join(" and ")} app${stale.length > 1 ? "s" : ""}…`);
    try {
      await buildApps({ only: stale, quiet: true });
    } catch (error) {
      // A broken build keeps the last good dist/ (if any) usable.
      console.error(error instanceof Error ? error.message : error);
    }
  }

  const playground = await startPlayground({ env: process.env });
  const { url, tandemUrl, available } = playground;
  const drafter = playground.server.deps.drafterMode();
  const missing = (["zendesk", "freshdesk"] as Platform[]).filter((p) => !available[p]);
  console.log(
    [
      "",
      `  Tandem playground: ${url}`,
      "",
      `  Zendesk (simulated):    ${available.zendesk ? `${url}/zendesk/tickets/101` : "app not built"}`,
      `  Freshdesk (simulated):  ${available.freshdesk ? `${url}/freshdesk/tickets/101` : "app not built"}`,
      `  Travel-booking demo:    ${url}/demo/travel/`,
      `  Booking system (fake):  ${url}/booking/`,
      `  Analytics dashboard:    ${tandemUrl}/dashboard (links with the token are on the playground page)`,
      `  Tandem server:          ${tandemUrl}  (drafter: ${drafter}${drafter === "offline" ? "; set OPENAI_API_KEY for model drafts" : ""})`,
      ...(missing.length ? [`  Not built: ${missing.join(", ")} (see the messages above)`] : []),
      "",
      "  Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );

  let stoppingSince = 0;
  const stop = (signal: string) => {
    if (stoppingSince > 0) {
      // pnpm forwards Ctrl-C as SIGTERM right away: only a deliberate second Ctrl-C cuts it short.
      if (Date.now() - stoppingSince > 1_000) process.exit(1);
      return;
    }
    stoppingSince = Date.now();
    console.log(`\n${signal}: stopping the playground…`);
    playground
      .close()
      .then(() => {
        if (playground.guard.refused.length > 0) {
          console.log(
            `Refused ${playground.guard.refused.length} request(s) that left the machine.`,
          );
        }
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) console.error(error.message);
  else if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
    console.error(
      `A port the playground needs is taken (${error.message}). Stop the other process or set PORT / PLAYGROUND_PORT.`,
    );
  } else console.error(error);
  process.exit(1);
});
