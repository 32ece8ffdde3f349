import { z } from "zod";
import { IdSchema, IsoDateSchema } from "./common";

/** Options every kind of helpdesk credential takes. */
const connectionOptions = {
  /** Another API host (a sandbox); installation tokens may only name the helpdesk's own domains. */
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
  knowledgeSync: z.boolean().optional(),
};

/** Server-side REST credentials for the installation's helpdesk (write-only: never answered). */
export const HelpdeskConnectionInputSchema = z
  .discriminatedUnion("authType", [
    z.object({
      authType: z.literal("api_token"),
      /** Zendesk: the agent or admin whose API token this is. */
      email: z.email().max(320),
      token: z.string().min(8).max(512),
      ...connectionOptions,
    }),
    z.object({
      authType: z.literal("oauth"),
      /** Zendesk OAuth access token (scopes: read, plus write for the webhook setup). */
      token: z.string().min(8).max(2_000),
      ...connectionOptions,
    }),
    z.object({
      authType: z.literal("api_key"),
      /** Freshdesk API key (Profile settings → API key). */
      apiKey: z.string().min(8).max(512),
      ...connectionOptions,
    }),
  ])
  .meta({ id: "HelpdeskConnectionInput" });
export type HelpdeskConnectionInput = z.infer<typeof HelpdeskConnectionInputSchema>;

export const KnowledgeSyncStatsSchema = z.object({
  upserted: z.number().int(),
  unchanged: z.number().int(),
  deleted: z.number().int(),
  skipped: z.number().int(),
  full: z.boolean(),
});

export const HelpdeskConnectionSchema = z
  .object({
    platform: z.enum(["zendesk", "freshdesk"]),
    authType: z.enum(["api_token", "oauth", "api_key"]),
    email: z.string().nullable(),
    baseUrl: z.string(),
    /** Last characters of the stored secret, so an admin can tell which one is set. */
    secretHint: z.string(),
    webhook: z.object({
      url: z.string(),
      zendeskWebhookId: z.string().nullable(),
      zendeskTriggerId: z.string().nullable(),
    }),
    knowledgeSync: z.object({
      enabled: z.boolean(),
      lastSyncedAt: IsoDateSchema.nullable(),
      lastFullSyncAt: IsoDateSchema.nullable(),
      lastError: z.string().nullable(),
      lastStats: KnowledgeSyncStatsSchema.nullable(),
    }),
    updatedAt: IsoDateSchema,
  })
  .meta({ id: "HelpdeskConnection" });
export type HelpdeskConnection = z.infer<typeof HelpdeskConnectionSchema>;

export const ZendeskSetupRequestSchema = z
  .object({
    /** The URL Zendesk should call; defaults to the server's PUBLIC_URL. */
    publicUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
  })
  .meta({ id: "ZendeskSetupRequest" });

export const ZendeskSetupResultSchema = z
  .object({
    webhookId: z.string(),
    triggerId: z.string(),
    endpoint: z.string(),
    /** The webhook's signing secret is stored as this installation's webhook secret. */
    signingSecretStored: z.boolean(),
  })
  .meta({ id: "ZendeskSetupResult" });

export const WebhookAcceptedSchema = z
  .object({
    accepted: z.literal(true),
    /** `duplicate`: this delivery was seen before and ignored. */
    outcome: z.enum(["queued", "duplicate", "skipped"]),
    ticketId: z.string().nullable(),
    reason: z.string().optional(),
  })
  .meta({ id: "WebhookAccepted" });
export type WebhookAccepted = z.infer<typeof WebhookAcceptedSchema>;

export const JobFailureSchema = z
  .object({
    id: IdSchema,
    queue: z.string(),
    jobId: z.string(),
    ticketId: z.string().nullable(),
    kind: z.string(),
    reason: z.string(),
    attempts: z.number().int(),
    retriedAt: IsoDateSchema.nullable(),
    createdAt: IsoDateSchema,
  })
  .meta({ id: "JobFailure" });
export type JobFailure = z.infer<typeof JobFailureSchema>;

export const JobFailureQuerySchema = z.object({
  ticketId: IdSchema.optional(),
  kind: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const KnowledgeSyncResultSchema = z
  .object({ stats: KnowledgeSyncStatsSchema, syncedAt: IsoDateSchema })
  .meta({ id: "KnowledgeSyncResult" });
