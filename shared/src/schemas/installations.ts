import { z } from "zod";
import { IdSchema, IsoDateSchema, NameSchema, PlatformSchema } from "./common";

/** Zendesk subdomain (`acme`) or Freshdesk domain (`acme` or `acme.freshdesk.com`). */
export const SubdomainSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
    "lowercase letters, digits, '-' and '.' only",
  );

export const TokenScopes = ["app", "admin", "bot"] as const;
export const TokenScopeSchema = z.enum(TokenScopes);
export type TokenScope = z.infer<typeof TokenScopeSchema>;

export const InstallationCreateSchema = z
  .object({
    platform: PlatformSchema,
    subdomain: SubdomainSchema,
    name: NameSchema.optional(),
    /** Zendesk `jwt_secret_key` shared secret, to verify the agent identity the proxy signs. */
    jwtSecret: z.string().min(16).max(512).optional(),
  })
  .meta({ id: "InstallationCreate" });
export type InstallationCreate = z.infer<typeof InstallationCreateSchema>;

export const InstallationSchema = z
  .object({
    id: IdSchema,
    platform: PlatformSchema,
    subdomain: z.string(),
    name: z.string().optional(),
    jwtConfigured: z.boolean(),
    createdAt: IsoDateSchema,
  })
  .meta({ id: "Installation" });
export type Installation = z.infer<typeof InstallationSchema>;

export const InstallationCreatedSchema = InstallationSchema.extend({
  /**
   * Scope `app`: the only token the helpdesk apps get. It drafts, decides and reads, but cannot
   * change the policy or knowledge, manage tokens or credentials, or read the audit trail.
   * Shown once; only its hash is stored.
   */
  appToken: z.string(),
  appTokenId: IdSchema,
  /** Scope `admin`: for the people who set the policy. Never paste it into a helpdesk app. */
  adminToken: z.string(),
  adminTokenId: IdSchema,
  webhookSecret: z.string(),
}).meta({ id: "InstallationCreated" });
export type InstallationCreated = z.infer<typeof InstallationCreatedSchema>;

export const TokenCreateSchema = z
  .object({
    name: NameSchema.default("token"),
    scopes: z.array(TokenScopeSchema).min(1).max(TokenScopes.length),
  })
  .meta({ id: "TokenCreate" });

export const TokenSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    scopes: z.array(TokenScopeSchema),
    prefix: z.string(),
    createdAt: IsoDateSchema,
    lastUsedAt: IsoDateSchema.nullable(),
    revokedAt: IsoDateSchema.nullable(),
  })
  .meta({ id: "Token" });
export type Token = z.infer<typeof TokenSchema>;

export const TokenCreatedSchema = TokenSchema.extend({ token: z.string() }).meta({
  id: "TokenCreated",
});

export const InstallationIdParamSchema = z.object({ id: z.uuid() });
export const TokenIdParamSchema = z.object({ id: z.uuid(), tokenId: z.uuid() });

export const WhoAmISchema = z
  .object({
    installation: InstallationSchema,
    scopes: z.array(TokenScopeSchema),
    /** The agent the helpdesk app named (JWT claims), recorded as asserted, never verified. */
    agent: z
      .object({
        id: z.string(),
        name: z.string().optional(),
        identity: z.enum(["asserted", "verified"]),
      })
      .nullable(),
  })
  .meta({ id: "WhoAmI" });
