#!/usr/bin/env -S npx tsx
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { InstallationCreateSchema, TokenScopeSchema } from "@tandem/shared";
import { z } from "zod";
import { configFromEnv } from "./config";
import { serviceContext } from "./context";
import { createDatabase } from "./db/client";
import { EnvError, parseEnv } from "./env";
import { createLogger } from "./lib/logger";
import {
  createInstallation,
  issueInstallationToken,
  listInstallations,
  listInstallationTokens,
  revokeInstallationToken,
  rotateInstallationToken,
} from "./services/installations";
import type { ServiceContext } from "./types";

const USAGE = `Usage: pnpm tandem <command> [options]

  installations create --platform zendesk|freshdesk --subdomain NAME [--name TEXT] [--jwt-secret S]
  installations list
  tokens create --installation ID --scopes app|admin|bot [--name TEXT]
  tokens list --installation ID
  tokens rotate --installation ID --token TOKEN_ID
  tokens revoke --installation ID --token TOKEN_ID

Reads the same environment as the server (DATABASE_URL, DATA_DIR, SECRET_KEY).
Prints JSON; tokens are shown once. \`installations create\` answers two tokens:
  appToken    scope app: paste it into the helpdesk app's secure setting (drafts, decisions)
  adminToken  scope admin: keep it for policy, knowledge, tokens and helpdesk setup;
              never paste it into a helpdesk app
Scopes: app, admin (may be combined), bot (alone: external AI agents that ask for approval).`;

class UsageError extends Error {}

function tokenHint(platform: "zendesk" | "freshdesk"): string {
  const setting =
    platform === "zendesk"
      ? 'the Zendesk app\'s "Tandem app token" setting'
      : 'the Freshdesk app\'s "Tandem app token" installation parameter';
  return [
    "Two tokens, shown only this once:",
    `  appToken    → paste into ${setting}. It drafts and decides; it cannot change the rules.`,
    "  adminToken  → keep it with the people who set the policy and knowledge (curl, CI).",
    "                Never paste the admin token into a helpdesk app.",
  ].join("\n");
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      platform: { type: "string" },
      subdomain: { type: "string" },
      name: { type: "string" },
      "jwt-secret": { type: "string" },
      installation: { type: "string" },
      scopes: { type: "string" },
      token: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [group, command] = positionals;
  if (values.help || !group || !command) {
    console.log(USAGE);
    return;
  }
  const config = configFromEnv(parseEnv(process.env));
  if (!config.databaseUrl) {
    // PGlite is single-process: writing while the server holds the data directory corrupts it.
    const pidFile = join(config.dataDir, "server.pid");
    if (existsSync(pidFile) && processAlive(Number(readFileSync(pidFile, "utf8")))) {
      throw new UsageError(
        `The server is running on ${config.dataDir} (PGlite is single-process). ` +
          "Stop it first, or use the admin API: POST /v1/admin/installations with ADMIN_TOKEN.",
      );
    }
  }
  const database = await createDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
  });
  const ctx: ServiceContext = serviceContext({
    database,
    config,
    logger: createLogger("warn"),
    clock: { now: () => new Date() },
  });
  const need = (name: string, value: string | undefined) => {
    if (!value) throw new UsageError(`--${name} is required`);
    return value;
  };
  const tokenOf = () => ({
    installationId: need("installation", values.installation),
    tokenId: need("token", values.token),
  });
  const scopes = () =>
    z
      .array(TokenScopeSchema)
      .min(1)
      .parse(
        need("scopes", values.scopes)
          .split(",")
          .map((s) => s.trim()),
      );
  try {
    let result: unknown;
    let created: Awaited<ReturnType<typeof createInstallation>> | undefined;
    switch (`${group} ${command}`) {
      case "installations create":
        created = await createInstallation({
          ctx,
          input: InstallationCreateSchema.parse({
            platform: values.platform,
            subdomain: values.subdomain,
            name: values.name,
            jwtSecret: values["jwt-secret"],
          }),
        });
        result = created;
        break;
      case "installations list":
        result = await listInstallations({ ctx, input: {} });
        break;
      case "tokens create":
        result = await issueInstallationToken({
          ctx,
          input: {
            installationId: need("installation", values.installation),
            name: values.name ?? "cli token",
            scopes: scopes(),
          },
        });
        break;
      case "tokens list":
        result = await listInstallationTokens({
          ctx,
          input: { installationId: need("installation", values.installation) },
        });
        break;
      case "tokens rotate":
        result = await rotateInstallationToken({ ctx, input: tokenOf() });
        break;
      case "tokens revoke":
        await revokeInstallationToken({ ctx, input: tokenOf() });
        result = { revoked: values.token };
        break;
      default:
        throw new UsageError(`Unknown command: ${group} ${command}\n\n${USAGE}`);
    }
    console.log(JSON.stringify(result, null, 2));
    // stdout stays JSON for scripts; the hint for people goes to stderr.
    if (created) console.error(tokenHint(created.platform));
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof UsageError || err instanceof EnvError) {
    console.error(err.message);
  } else if (err instanceof z.ZodError) {
    console.error(err.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("\n"));
  } else if (err && typeof err === "object" && "code" in err && "message" in err) {
    console.error(`${String((err as { code: unknown }).code)}: ${(err as Error).message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
