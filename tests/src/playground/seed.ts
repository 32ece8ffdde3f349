import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { DEMO_ARTICLES, DEMO_MACROS, DEMO_SUBDOMAIN, demoPolicy } from "./demo-data";

export type Platform = "zendesk" | "freshdesk";

export interface SeededInstallation {
  id: string;
  /** Scope `app`: the only token the simulated helpdesk apps get. */
  appToken: string;
  /** Scope `admin`: seeds the policy and knowledge; never handed to a helpdesk app. */
  adminToken: string;
  /** Signs business-action calls; the booking system verifies with it. */
  webhookSecret: string;
  /** `bot`-scoped token for the travel demo's bot. */
  botToken: string;
}

/**
 * `.tandem/playground.json`: what the playground needs again on its next start. Version 2 holds
 * an app and an admin token per installation; a version-1 file (one two-scope token) is replaced.
 */
export interface PlaygroundState {
  version: 2;
  installations: Partial<Record<Platform, SeededInstallation>>;
  /** Chat tickets of the travel demo get fresh ids, never reused across runs. */
  nextChatTicketId: number;
}

const FIRST_CHAT_TICKET_ID = 1000;

export function loadState(path: string): PlaygroundState {
  if (existsSync(path)) {
    try {
      const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<PlaygroundState>;
      if (
        parsed.version === 2 &&
        parsed.installations &&
        typeof parsed.installations === "object"
      ) {
        return {
          version: 2,
          installations: parsed.installations,
          nextChatTicketId: Math.max(FIRST_CHAT_TICKET_ID, Number(parsed.nextChatTicketId) || 0),
        };
      }
    } catch {
      // A damaged file is replaced: installations are found again through the admin API.
    }
  }
  return { version: 2, installations: {}, nextChatTicketId: FIRST_CHAT_TICKET_ID };
}

export function saveState(path: string, state: PlaygroundState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  // Tokens inside: readable by the owner only.
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

class SeedError extends Error {}

async function call(
  serverUrl: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${serverUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { raw: text };
  }
  return { status: response.status, body: parsed };
}

async function must(
  pending: Promise<{ status: number; body: Record<string, unknown> }>,
  what: string,
): Promise<Record<string, unknown>> {
  const { status, body } = await pending;
  if (status < 200 || status >= 300) {
    throw new SeedError(`Seeding failed (${what}): HTTP ${status} ${JSON.stringify(body)}`);
  }
  return body;
}

async function tokenWorks(serverUrl: string, token: string | undefined): Promise<boolean> {
  if (!token) return false;
  return (await call(serverUrl, "GET", "/v1/installation", token)).status === 200;
}

async function hasScopes(serverUrl: string, token: string | undefined, scopes: string[]) {
  if (!token) return false;
  const who = await call(serverUrl, "GET", "/v1/installation", token);
  return who.status === 200 && JSON.stringify(who.body.scopes) === JSON.stringify(scopes);
}

/** Finds or creates the demo installation of one platform; reuses stored tokens when valid. */
async function ensureInstallation(
  serverUrl: string,
  adminToken: string,
  platform: Platform,
  known: SeededInstallation | undefined,
): Promise<SeededInstallation> {
  let installation: Omit<SeededInstallation, "botToken"> & { botToken?: string };
  if (
    known &&
    (await hasScopes(serverUrl, known.appToken, ["app"])) &&
    (await hasScopes(serverUrl, known.adminToken, ["admin"]))
  ) {
    installation = known;
  } else {
    const created = await call(serverUrl, "POST", "/v1/admin/installations", adminToken, {
      platform,
      subdomain: DEMO_SUBDOMAIN,
      name: `Acme Travel (${platform === "zendesk" ? "Zendesk" : "Freshdesk"} playground)`,
    });
    if (created.status === 201) {
      installation = {
        id: String(created.body.id),
        appToken: String(created.body.appToken),
        adminToken: String(created.body.adminToken),
        webhookSecret: String(created.body.webhookSecret),
      };
    } else if (created.status === 409) {
      // It exists but its tokens were lost (playground.json deleted or from an older version):
      // issue new ones and a new secret.
      const list = await must(
        call(serverUrl, "GET", "/v1/admin/installations", adminToken),
        "list installations",
      );
      const found = (list.installations as Array<{ id: string; platform: string }>).find(
        (i) => i.platform === platform,
      );
      if (!found) throw new SeedError(`The ${platform} demo installation could not be found`);
      const issue = async (name: string, scope: "app" | "admin") =>
        String(
          (
            await must(
              call(serverUrl, "POST", `/v1/admin/installations/${found.id}/tokens`, adminToken, {
                name,
                scopes: [scope],
              }),
              `issue the ${scope} token`,
            )
          ).token,
        );
      const appToken = await issue("helpdesk app", "app");
      const installationAdminToken = await issue("admin", "admin");
      const secret = await must(
        call(
          serverUrl,
          "POST",
          `/v1/admin/installations/${found.id}/webhook-secret/rotate`,
          adminToken,
        ),
        "rotate the webhook secret",
      );
      installation = {
        id: found.id,
        appToken,
        adminToken: installationAdminToken,
        webhookSecret: String(secret.webhookSecret),
      };
    } else {
      throw new SeedError(
        `Creating the ${platform} demo installation failed: HTTP ${created.status} ${JSON.stringify(created.body)}`,
      );
    }
  }
  let botToken = known?.adminToken === installation.adminToken ? known.botToken : undefined;
  if (!(await tokenWorks(serverUrl, botToken))) {
    const bot = await must(
      call(serverUrl, "POST", "/v1/tokens", installation.adminToken, {
        name: "Trip bot",
        scopes: ["bot"],
      }),
      "issue the bot token",
    );
    botToken = String(bot.token);
  }
  return { ...installation, botToken: botToken as string };
}

/** Knowledge, macros and policy: PUTs by external id, so running it again changes nothing. */
async function seedContent(serverUrl: string, token: string, bookingEndpoint: string) {
  await must(
    call(serverUrl, "PUT", "/v1/policy", token, demoPolicy(bookingEndpoint)),
    "set the policy",
  );
  for (const { externalId, article } of DEMO_ARTICLES) {
    await must(
      call(serverUrl, "PUT", `/v1/knowledge/articles/${externalId}`, token, article),
      `article ${externalId}`,
    );
  }
  for (const { externalId, macro } of DEMO_MACROS) {
    await must(
      call(serverUrl, "PUT", `/v1/knowledge/macros/${externalId}`, token, macro),
      `macro ${externalId}`,
    );
  }
}

/** Seeds both demo installations idempotently and records their tokens in `statePath`. */
export async function seedPlayground(options: {
  serverUrl: string;
  adminToken: string;
  statePath: string;
  bookingEndpoint: string;
}): Promise<PlaygroundState> {
  const state = loadState(options.statePath);
  for (const platform of ["zendesk", "freshdesk"] as const) {
    const installation = await ensureInstallation(
      options.serverUrl,
      options.adminToken,
      platform,
      state.installations[platform],
    );
    state.installations[platform] = installation;
    saveState(options.statePath, state);
    // Policy and knowledge are the rules: written with the admin token, never the app's.
    await seedContent(options.serverUrl, installation.adminToken, options.bookingEndpoint);
  }
  return state;
}
