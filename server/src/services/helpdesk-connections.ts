import type { HelpdeskConnection, HelpdeskConnectionInput } from "@tandem/shared";
import { eq } from "drizzle-orm";
import { FreshdeskClient, freshdeskBaseUrl } from "../connectors/freshdesk";
import type { FetchLike } from "../connectors/http";
import { ZendeskClient, zendeskBaseUrl } from "../connectors/zendesk";
import { jobTenant, withTenant } from "../context";
import type { DbOrTx } from "../db/client";
import {
  type HelpdeskConnectionRow,
  helpdeskConnections,
  type InstallationRow,
  installations,
} from "../db/schema";
import { AppError } from "../errors";
import { decryptSecret, encryptSecret } from "../lib/crypto";
import type { ServiceContext, TenantContext } from "../types";
import { getInstallationRow } from "./installations";
import type { SystemVerbArgs, VerbArgs } from "./verb-args";

export type HelpdeskClient =
  | { platform: "zendesk"; client: ZendeskClient }
  | { platform: "freshdesk"; client: FreshdeskClient };

/** Test and bench seams: where REST calls go and how 429 waits are slept. */
export interface ConnectorOptions {
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
}

export function webhookUrlFor(
  publicUrl: string,
  installation: Pick<InstallationRow, "id" | "platform">,
) {
  return `${publicUrl.replace(/\/+$/, "")}/v1/webhooks/${installation.platform}?installation=${installation.id}`;
}

function baseUrlOf(installation: InstallationRow, row: HelpdeskConnectionRow | null): string {
  if (row?.baseUrl) return row.baseUrl;
  return installation.platform === "zendesk"
    ? zendeskBaseUrl(installation.subdomain)
    : freshdeskBaseUrl(installation.subdomain);
}

function hint(secret: string): string {
  return secret.length <= 8 ? "…" : `…${secret.slice(-4)}`;
}

function toConnection(
  ctx: Pick<ServiceContext, "config">,
  installation: InstallationRow,
  row: HelpdeskConnectionRow,
): HelpdeskConnection {
  return {
    platform: installation.platform,
    authType: row.authType,
    email: row.email,
    baseUrl: baseUrlOf(installation, row),
    secretHint: hint(decryptSecret(ctx.config.secretKey, row.secretEnc)),
    webhook: {
      url: webhookUrlFor(ctx.config.publicUrl, installation),
      zendeskWebhookId: row.zendeskWebhookId,
      zendeskTriggerId: row.zendeskTriggerId,
    },
    knowledgeSync: {
      enabled: row.knowledgeSyncEnabled,
      lastSyncedAt: row.lastSyncedAt?.toISOString() ?? null,
      lastFullSyncAt: row.lastFullSyncAt?.toISOString() ?? null,
      lastError: row.lastSyncError,
      lastStats: row.lastSyncStats ?? null,
    },
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function getConnectionRow(
  db: DbOrTx,
  installationId: string,
): Promise<HelpdeskConnectionRow | null> {
  const [row] = await db
    .select()
    .from(helpdeskConnections)
    .where(eq(helpdeskConnections.installationId, installationId));
  return row ?? null;
}

/** The installation's stored connection (never the secret). */
export async function getHelpdeskConnection({
  ctx,
}: VerbArgs<object>): Promise<HelpdeskConnection> {
  const { installationId } = ctx.tenant;
  const installation = await getInstallationRow(ctx.db, installationId);
  const row = await getConnectionRow(ctx.db, installationId);
  if (!row) throw new AppError("NOT_FOUND", "No helpdesk credentials are stored");
  return toConnection(ctx, installation, row);
}

/** Hosts an installation may point its REST base URL at without the operator. */
const HELPDESK_HOSTS: Record<"zendesk" | "freshdesk", RegExp> = {
  zendesk: /^[a-z0-9-]+\.zendesk\.com$/,
  freshdesk: /^[a-z0-9-]+\.(freshdesk|freshworks)\.com$/,
};

/**
 * Stores (replaces) the credentials, encrypted; the answer never contains the secret. Only the
 * operator (`anyBaseUrl`) may point the client at another host: otherwise an installation
 * could make the server send requests into the operator's network.
 */
export async function setHelpdeskConnection({
  ctx,
  input,
}: VerbArgs<HelpdeskConnectionInput>): Promise<HelpdeskConnection> {
  return storeConnection(ctx, input, { anyBaseUrl: false });
}

async function storeConnection(
  ctx: TenantContext,
  input: HelpdeskConnectionInput,
  options: { anyBaseUrl: boolean },
): Promise<HelpdeskConnection> {
  const { installationId } = ctx.tenant;
  const installation = await getInstallationRow(ctx.db, installationId);
  const allowed = installation.platform === "zendesk" ? ["api_token", "oauth"] : ["api_key"];
  if (!allowed.includes(input.authType)) {
    throw new AppError(
      "BAD_REQUEST",
      `authType must be ${allowed.join(" or ")} for a ${installation.platform} installation`,
    );
  }
  if (input.baseUrl && !options.anyBaseUrl) {
    const url = new URL(input.baseUrl);
    if (url.protocol !== "https:" || !HELPDESK_HOSTS[installation.platform].test(url.hostname)) {
      throw new AppError(
        "BAD_REQUEST",
        `baseUrl must be an https://….${installation.platform}.com address; other hosts need the operator's admin API`,
        [{ path: "baseUrl", message: "host not allowed" }],
      );
    }
  }
  const secret = input.authType === "api_key" ? input.apiKey : input.token;
  const values = {
    authType: input.authType,
    email: input.authType === "api_token" ? input.email : null,
    secretEnc: encryptSecret(ctx.config.secretKey, secret),
    baseUrl: input.baseUrl?.replace(/\/+$/, "") ?? null,
    ...(input.knowledgeSync !== undefined ? { knowledgeSyncEnabled: input.knowledgeSync } : {}),
  };
  const [row] = await ctx.db
    .insert(helpdeskConnections)
    .values({ installationId, ...values })
    .onConflictDoUpdate({
      target: helpdeskConnections.installationId,
      // New credentials may see a different account: restart the knowledge sync from scratch.
      set: { ...values, syncCursor: null, lastSyncError: null, syncFailures: 0 },
    })
    .returning();
  if (!row) throw new Error("connection upsert returned nothing");
  return toConnection(ctx, installation, row);
}

export async function deleteHelpdeskConnection({ ctx }: VerbArgs<object>): Promise<void> {
  const { installationId } = ctx.tenant;
  const rows = await ctx.db
    .delete(helpdeskConnections)
    .where(eq(helpdeskConnections.installationId, installationId))
    .returning({ id: helpdeskConnections.installationId });
  if (rows.length === 0) throw new AppError("NOT_FOUND", "No helpdesk credentials are stored");
}

/** Sets the webhook secret to a value the helpdesk chose (Zendesk generates its own). */
export async function setWebhookSecret({
  ctx,
  input: { webhookSecret },
}: VerbArgs<{ webhookSecret: string }>): Promise<void> {
  const { installationId } = ctx.tenant;
  await getInstallationRow(ctx.db, installationId);
  await ctx.db
    .update(installations)
    .set({ webhookSecretEnc: encryptSecret(ctx.config.secretKey, webhookSecret) })
    .where(eq(installations.id, installationId));
}

/** The operator acting for an installation it names (unknown → 404). */
async function asInstallation(ctx: ServiceContext, installationId: string) {
  return withTenant(ctx, jobTenant(await getInstallationRow(ctx.db, installationId)));
}

/** The operator's read of any installation's connection. */
export async function getInstallationHelpdeskConnection({
  ctx,
  input,
}: SystemVerbArgs<{ installationId: string }>): Promise<HelpdeskConnection> {
  return getHelpdeskConnection({ ctx: await asInstallation(ctx, input.installationId), input: {} });
}

/** The operator's write: unlike the installation's own, any REST base URL is allowed. */
export async function setInstallationHelpdeskConnection({
  ctx,
  input,
}: SystemVerbArgs<{
  installationId: string;
  connection: HelpdeskConnectionInput;
}>): Promise<HelpdeskConnection> {
  return storeConnection(await asInstallation(ctx, input.installationId), input.connection, {
    anyBaseUrl: true,
  });
}

export function clientFromRow(
  ctx: Pick<ServiceContext, "config">,
  installation: InstallationRow,
  row: HelpdeskConnectionRow,
  options: ConnectorOptions = {},
): HelpdeskClient {
  const secret = decryptSecret(ctx.config.secretKey, row.secretEnc);
  const baseUrl = baseUrlOf(installation, row);
  if (installation.platform === "zendesk") {
    const auth =
      row.authType === "oauth"
        ? { type: "oauth" as const, token: secret }
        : { type: "api_token" as const, email: row.email ?? "", token: secret };
    return {
      platform: "zendesk",
      client: new ZendeskClient({ baseUrl, auth, fetch: options.fetch, sleep: options.sleep }),
    };
  }
  return {
    platform: "freshdesk",
    client: new FreshdeskClient({
      baseUrl,
      apiKey: secret,
      fetch: options.fetch,
      sleep: options.sleep,
    }),
  };
}

/** The REST client of an installation, or null when no credentials are stored. */
export async function helpdeskClientFor(
  ctx: Pick<ServiceContext, "db" | "config">,
  installation: InstallationRow,
  options: ConnectorOptions = {},
): Promise<HelpdeskClient | null> {
  const row = await getConnectionRow(ctx.db, installation.id);
  return row ? clientFromRow(ctx, installation, row, options) : null;
}
