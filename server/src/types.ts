import type { TokenScope } from "@tandem/shared";
import type { RequestIdVariables } from "hono/request-id";
import type { AppConfig } from "./config";
import type { Database } from "./db/client";
import type { Logger } from "./lib/logger";

/** What a request acts as: one installation, with the scopes of the token it presented. */
export interface Tenant {
  installationId: string;
  platform: "zendesk" | "freshdesk";
  subdomain: string;
  tokenId: string;
  scopes: TokenScope[];
  /** The agent identity signed by the helpdesk (Zendesk JWT), when present and valid. */
  verifiedAgent: { id: string; name?: string } | null;
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
}

/** Context passed to services: no Hono types, just what the business logic needs. */
export interface ServiceContext {
  db: Database["db"];
  config: AppConfig;
  logger: Logger;
  clock: Clock;
}

export type AppEnv = {
  Variables: RequestIdVariables & {
    deps: AppDeps;
    logger: Logger;
    tenant: Tenant;
  };
};
