import type { AppDeps, ServiceContext, Tenant, TenantContext } from "./types";

type ContextDeps = Pick<AppDeps, "database" | "config" | "logger" | "clock"> &
  Partial<Pick<AppDeps, "model" | "embedder" | "jobs" | "drafterMode">>;

const offline = () => "offline" as const;

/** The context of one request or one job run: the process's deps, no installation yet. */
export function serviceContext(deps: ContextDeps, logger = deps.logger): ServiceContext {
  return {
    db: deps.database.db,
    ping: () => deps.database.ping(),
    config: deps.config,
    logger,
    clock: deps.clock,
    jobs: deps.jobs,
    model: deps.model,
    embedder: deps.embedder,
    drafterMode: deps.drafterMode ?? offline,
    tenant: null,
  };
}

/** The same context acting for an installation (set by `requireInstallation`). */
export function withTenant(ctx: ServiceContext, tenant: Tenant): TenantContext {
  return { ...ctx, tenant };
}

/**
 * What a background job acts as: the installation, no token and no agent. Jobs are started by a
 * decision or a webhook that was authorized when it was accepted.
 */
export function jobTenant(installation: {
  id: string;
  platform: "zendesk" | "freshdesk";
  subdomain: string;
}): Tenant {
  return {
    installationId: installation.id,
    platform: installation.platform,
    subdomain: installation.subdomain,
    tokenId: null,
    scopes: [],
    agentClaim: null,
  };
}
