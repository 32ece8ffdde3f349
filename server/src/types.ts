import type { TokenScope } from "@tandem/shared";
import type { RequestIdVariables } from "hono/request-id";
import type { AppConfig } from "./config";
import type { Database } from "./db/client";
import type { JobQueue } from "./jobs/queue";
import type { Logger } from "./lib/logger";
import type { DraftModel, Embedder } from "./llm/types";

/** What a request acts as: one installation, with the scopes of the token it presented. */
export interface Tenant {
  installationId: string;
  platform: "zendesk" | "freshdesk";
  subdomain: string;
  /** The presented token; null for work a background job does on the installation's behalf. */
  tokenId: string | null;
  scopes: TokenScope[];
  /**
   * The agent the helpdesk app named in a valid Zendesk JWT, when the installation requires one.
   * Asserted, never verified: the iframe's own code writes the claims the proxy signs, so the
   * signature proves the request came through this account's Zendesk proxy, not who the agent is.
   */
  agentClaim: AgentClaim | null;
}

/**
 * An agent identity as the server knows it. `asserted` is the only kind: neither Zendesk nor
 * Freshworks signs the signed-in agent for package-hosted apps (see ARCHITECTURE.md, "Agent
 * identity"), so nothing here is ever called verified.
 */
export interface AgentClaim {
  id: string;
  name?: string;
  identity: "asserted";
}

export interface Clock {
  now(): Date;
}

/** Everything createApp needs; index.ts builds the real ones, tests build their own. */
export interface AppDeps {
  config: AppConfig;
  database: Database;
  logger: Logger;
  clock: Clock;
  drafterMode: () => "model" | "offline";
  /**
   * Durable background jobs (pg-boss on the same database). Absent in tests that don't need it:
   * work is then left in its outbox rows (e.g. pending executions) until a queue runs.
   */
  jobs?: JobQueue;
  /**
   * The drafting model. Undefined → built from `config.openai` (offline without a key);
   * null → always the offline drafter.
   */
  model?: DraftModel | null;
  /** Embeddings for knowledge retrieval; same convention as `model`. */
  embedder?: Embedder | null;
}

/**
 * The one context every service verb takes (`verb({ ctx, input })`): no Hono types, just what the
 * business logic needs. Built once per request by middleware (`middleware/context.ts`) and by
 * background workers (`serviceContext`), so a verb behaves the same in both.
 */
export interface ServiceContext {
  db: Database["db"];
  /** Whether the database answers (health checks); the driver's own cheapest round trip. */
  ping: Database["ping"];
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  /** Durable jobs; undefined where no queue runs (work then waits in its outbox rows). */
  jobs: JobQueue | undefined;
  /** See AppDeps.model: undefined → resolved from config. */
  model?: DraftModel | null;
  embedder?: Embedder | null;
  drafterMode: () => "model" | "offline";
  /** The installation the request acts for (with its token and agent claim), when authenticated. */
  tenant: Tenant | null;
}

/** A context that acts for one installation: what installation-scoped verbs take. */
export interface TenantContext extends ServiceContext {
  tenant: Tenant;
}

export type AppEnv = {
  Variables: RequestIdVariables & {
    deps: AppDeps;
    logger: Logger;
    tenant: Tenant;
    ctx: ServiceContext;
  };
};
