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
import { recordAuditEvent } from "./audit";

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

export async function createInstallation(
  ctx: ServiceContext,
  input: InstallationCreate,
): Promise<InstallationCreated> {
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
      actor: { kind: "admin" },
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

export async function listInstallations(db: DbOrTx): Promise<Installation[]> {
  const rows = await db.select().from(installations).orderBy(asc(installations.createdAt));
  return rows.map(toInstallation);
}

export async function getInstallationRow(db: DbOrTx, id: string): Promise<InstallationRow> {
  const [row] = await db.select().from(installations).where(eq(installations.id, id));
  if (!row) throw new AppError("NOT_FOUND", "Installation not found");
  return row;
}

export async function findInstallationBySubdomain(
  db: DbOrTx,
  platform: "zendesk" | "freshdesk",
  subdomain: string,
): Promise<InstallationRow | undefined> {
  const [row] = await db
    .select()
    .from(installations)
    .where(
      and(
        eq(installations.platform, platform),
        eq(installations.subdomain, normalizeSubdomain(platform, subdomain)),
      ),
    );
  return row;
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

export async function rotateWebhookSecret(ctx: ServiceContext, installationId: string) {
  await getInstallationRow(ctx.db, installationId);
  const webhookSecret = randomToken("whsec", 24);
  await ctx.db
    .update(installations)
    .set({ webhookSecretEnc: encryptSecret(ctx.config.secretKey, webhookSecret) })
    .where(eq(installations.id, installationId));
  return { webhookSecret };
}

export async function setJwtSecret(
  ctx: ServiceContext,
  installationId: string,
  jwtSecret: string | null,
): Promise<Installation> {
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

export async function issueToken(
  ctx: ServiceContext,
  installationId: string,
  input: { name: string; scopes: TokenScope[] },
  actor: { kind: "admin" | "agent"; id?: string | null } = { kind: "admin" },
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

export async function listTokens(db: DbOrTx, installationId: string): Promise<Token[]> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.installationId, installationId))
    .orderBy(asc(apiTokens.createdAt));
  return rows.map(toToken);
}

export async function revokeToken(
  ctx: ServiceContext,
  installationId: string,
  tokenId: string,
  actor: { kind: "admin" | "agent"; id?: string | null } = { kind: "admin" },
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

/** Issues a replacement with the same name and scopes, then revokes the old token. */
export async function rotateToken(ctx: ServiceContext, installationId: string, tokenId: string) {
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
  const created = await issueToken(ctx, installationId, {
    name: old.name,
    scopes: old.scopes as TokenScope[],
  });
  await revokeToken(ctx, installationId, tokenId);
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
