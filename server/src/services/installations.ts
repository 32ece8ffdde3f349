import type {
  Installation,
  InstallationCreate,
  InstallationCreated,
  Token,
  TokenScope,
} from "@tandem/shared";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { type ApiTokenRow, apiTokens, type InstallationRow, installations } from "../db/schema";
import { AppError } from "../errors";
import { decryptSecret, encryptSecret, randomToken, sha256 } from "../lib/crypto";
import { clearTokenCache } from "../lib/token-cache";
import type { ServiceContext } from "../types";
import { agentActor } from "./agent-identity";
import { recordAuditEvent } from "./audit";
import type { SystemVerbArgs, VerbArgs } from "./verb-args";

export const TOKEN_PREFIX = "tdm";

export function toInstallation(row: InstallationRow): Installation {
  return {
    id: row.id,
    platform: row.platform,
    subdomain: row.subdomain,
    ...(row.name ? { name: row.name } : {}),
    jwtConfigured: row.jwtSecretEnc !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toToken(row: ApiTokenRow): Token {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes as TokenScope[],
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Normalizes `acme.zendesk.com` / `acme.freshdesk.com` to the account name we key on. */
export function normalizeSubdomain(platform: "zendesk" | "freshdesk", value: string): string {
  const lower = value.trim().toLowerCase();
  const suffix = platform === "zendesk" ? ".zendesk.com" : ".freshdesk.com";
  return lower.endsWith(suffix) ? lower.slice(0, -suffix.length) : lower;
}

async function insertToken(
  db: DbOrTx,
  installationId: string,
  name: string,
  scopes: TokenScope[],
): Promise<{ row: ApiTokenRow; token: string }> {
  const token = randomToken(TOKEN_PREFIX);
  const [row] = await db
    .insert(apiTokens)
    .values({
      installationId,
      name,
      scopes,
      tokenHash: sha256(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 7),
    })
    .returning();
  if (!row) throw new Error("token insert returned nothing");
  return { row, token };
}

type TokenInput = { name: string; scopes: TokenScope[] };
type AuditActor = { kind: "admin" | "agent"; id?: string | null };
const operator: AuditActor = { kind: "admin" };

/** Operator: a new installation with its app token, admin token and webhook secret (shown once). */
export async function createInstallation({
  ctx,
  input,
}: SystemVerbArgs<InstallationCreate>): Promise<InstallationCreated> {
  const subdomain = normalizeSubdomain(input.platform, input.subdomain);
  const webhookSecret = randomToken("whsec", 24);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(installations)
      .values({
        platform: input.platform,
        subdomain,
        name: input.name ?? null,
        webhookSecretEnc: encryptSecret(ctx.config.secretKey, webhookSecret),
        jwtSecretEnc: input.jwtSecret ? encryptSecret(ctx.config.secretKey, input.jwtSecret) : null,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw new AppError(
        "CONFLICT",
        `An installation for ${input.platform} '${subdomain}' already exists`,
      );
    }
    // Two tokens with separate powers: the helpdesk apps hold only the `app` one, so an agent
    // with the browser's developer tools can never change the rules it works under.
    const app = await insertToken(tx, row.id, "helpdesk app", ["app"]);
    const admin = await insertToken(tx, row.id, "admin", ["admin"]);
    await recordAuditEvent(tx, {
      installationId: row.id,
      type: "installation.created",
      actor: operator,
      subjectId: row.id,
      data: { platform: row.platform, subdomain },
    });
    return {
      ...toInstallation(row),
      appToken: app.token,
      appTokenId: app.row.id,
      adminToken: admin.token,
      adminTokenId: admin.row.id,
      webhookSecret,
    };
  });
}

/** Operator: every installation, oldest first. */
export async function listInstallations({ ctx }: SystemVerbArgs<object>): Promise<Installation[]> {
  const rows = await ctx.db.select().from(installations).orderBy(asc(installations.createdAt));
  return rows.map(toInstallation);
}

/** The installation's row (with its secrets) for other services; 404 when unknown. */
export async function getInstallationRow(db: DbOrTx, id: string): Promise<InstallationRow> {
  const [row] = await db.select().from(installations).where(eq(installations.id, id));
  if (!row) throw new AppError("NOT_FOUND", "Installation not found");
  return row;
}

/** Operator: one installation. */
export async function getInstallation({
  ctx,
  input,
}: SystemVerbArgs<{ installationId: string }>): Promise<Installation> {
  return toInstallation(await getInstallationRow(ctx.db, input.installationId));
}

/** Who the calling token is: its installation, its scopes and the agent its JWT names. */
export async function describeCaller({ ctx }: VerbArgs<object>) {
  const row = await getInstallationRow(ctx.db, ctx.tenant.installationId);
  return {
    installation: toInstallation(row),
    scopes: ctx.tenant.scopes,
    agent: ctx.tenant.agentClaim,
  };
}

export function webhookSecretOf(ctx: Pick<ServiceContext, "config">, row: InstallationRow): string {
  return decryptSecret(ctx.config.secretKey, row.webhookSecretEnc);
}

export function jwtSecretOf(
  ctx: Pick<ServiceContext, "config">,
  row: Pick<InstallationRow, "jwtSecretEnc">,
): string | null {
  return row.jwtSecretEnc ? decryptSecret(ctx.config.secretKey, row.jwtSecretEnc) : null;
}

/** Operator: a new webhook signing secret (shown once). */
export async function rotateWebhookSecret({
  ctx,
  input,
}: SystemVerbArgs<{ installationId: string }>) {
  await getInstallationRow(ctx.db, input.installationId);
  const webhookSecret = randomToken("whsec", 24);
  await ctx.db
    .update(installations)
    .set({ webhookSecretEnc: encryptSecret(ctx.config.secretKey, webhookSecret) })
    .where(eq(installations.id, input.installationId));
  return { webhookSecret };
}

/** Operator: sets or clears the Zendesk JWT shared secret. */
export async function setJwtSecret({
  ctx,
  input,
}: SystemVerbArgs<{ installationId: string; jwtSecret: string | null }>): Promise<Installation> {
  const { installationId, jwtSecret } = input;
  await getInstallationRow(ctx.db, installationId);
  const [row] = await ctx.db
    .update(installations)
    .set({ jwtSecretEnc: jwtSecret ? encryptSecret(ctx.config.secretKey, jwtSecret) : null })
    .where(eq(installations.id, installationId))
    .returning();
  if (!row) throw new AppError("NOT_FOUND", "Installation not found");
  clearTokenCache();
  return toInstallation(row);
}

async function issueAudited(
  ctx: ServiceContext,
  installationId: string,
  input: TokenInput,
  actor: AuditActor,
) {
  await getInstallationRow(ctx.db, installationId);
  const scopes = [...new Set(input.scopes)];
  // A bot that also held `app` could approve its own requests, and one with `admin` could
  // rewrite the policy it is judged by. (`app` with `admin` is allowed, for scripts and tests,
  // but never belongs in a helpdesk app.)
  if (scopes.includes("bot") && scopes.length > 1) {
    throw new AppError(
      "BAD_REQUEST",
      "A bot token has the bot scope only: issue separate tokens for app or admin",
    );
  }
  return ctx.db.transaction(async (tx) => {
    const { row, token } = await insertToken(tx, installationId, input.name, scopes);
    await recordAuditEvent(tx, {
      installationId,
      type: "token.issued",
      actor,
      subjectId: row.id,
      data: { name: input.name, scopes },
    });
    return { ...toToken(row), token };
  });
}

async function tokensOf(db: DbOrTx, installationId: string): Promise<Token[]> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.installationId, installationId))
    .orderBy(asc(apiTokens.createdAt));
  return rows.map(toToken);
}

async function revokeAudited(
  ctx: ServiceContext,
  installationId: string,
  tokenId: string,
  actor: AuditActor,
): Promise<void> {
  const [row] = await ctx.db
    .update(apiTokens)
    .set({ revokedAt: ctx.clock.now() })
    .where(
      and(
        eq(apiTokens.id, tokenId),
        eq(apiTokens.installationId, installationId),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning();
  if (!row) throw new AppError("NOT_FOUND", "Token not found or already revoked");
  clearTokenCache();
  await recordAuditEvent(ctx.db, {
    installationId,
    type: "token.revoked",
    actor,
    subjectId: tokenId,
  });
}

/** A token for the caller's own installation, audited as the agent its JWT names. */
export async function issueToken({ ctx, input }: VerbArgs<TokenInput>) {
  return issueAudited(ctx, ctx.tenant.installationId, input, agentActor(ctx));
}

/** The caller's own installation's tokens (hashes are never shown). */
export async function listTokens({ ctx }: VerbArgs<object>) {
  return tokensOf(ctx.db, ctx.tenant.installationId);
}

/** Revokes one of the caller's own installation's tokens; another installation's is a 404. */
export async function revokeToken({ ctx, input }: VerbArgs<{ tokenId: string }>): Promise<void> {
  await revokeAudited(ctx, ctx.tenant.installationId, input.tokenId, agentActor(ctx));
}

/** Operator: a token for the named installation. */
export async function issueInstallationToken({
  ctx,
  input,
}: SystemVerbArgs<TokenInput & { installationId: string }>) {
  const { installationId, ...token } = input;
  return issueAudited(ctx, installationId, token, operator);
}

/** Operator: the named installation's tokens; 404 when it is unknown. */
export async function listInstallationTokens({
  ctx,
  input,
}: SystemVerbArgs<{ installationId: string }>): Promise<Token[]> {
  await getInstallationRow(ctx.db, input.installationId);
  return tokensOf(ctx.db, input.installationId);
}

/** Operator: revokes one of the named installation's tokens. */
export async function revokeInstallationToken({
  ctx,
  input,
}: SystemVerbArgs<{ installationId: string; tokenId: string }>): Promise<void> {
  await revokeAudited(ctx, input.installationId, input.tokenId, operator);
}

/** Operator: issues a replacement with the same name and scopes, then revokes the old token. */
export async function rotateInstallationToken({
  ctx,
  input,
}: SystemVerbArgs<{ installationId: string; tokenId: string }>) {
  const { installationId, tokenId } = input;
  const [old] = await ctx.db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.id, tokenId),
        eq(apiTokens.installationId, installationId),
        isNull(apiTokens.revokedAt),
      ),
    );
  if (!old) throw new AppError("NOT_FOUND", "Token not found or already revoked");
  const created = await issueAudited(
    ctx,
    installationId,
    { name: old.name, scopes: old.scopes as TokenScope[] },
    operator,
  );
  await revokeAudited(ctx, installationId, tokenId, operator);
  return created;
}

export interface AuthenticatedToken {
  token: ApiTokenRow;
  installation: InstallationRow;
}

/** Looks a presented token up by its hash; the raw token is never compared or stored. */
export async function authenticateToken(
  db: DbOrTx,
  presented: string,
): Promise<AuthenticatedToken | null> {
  const hash = sha256(presented);
  const [row] = await db
    .select({ token: apiTokens, installation: installations })
    .from(apiTokens)
    .innerJoin(installations, eq(installations.id, apiTokens.installationId))
    .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)));
  return row ?? null;
}

export async function touchToken(db: DbOrTx, tokenId: string, at: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, tokenId));
}
