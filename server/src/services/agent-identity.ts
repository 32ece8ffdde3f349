import type { Agent } from "@tandem/shared";
import type { TenantContext } from "../types";

/**
 * The one rule for who acted: the agent named in the helpdesk's signed JWT (when the installation
 * requires one) wins over the agent the request body names. Either way the browser's code wrote
 * it, so it is recorded as `asserted`, never `verified` (ARCHITECTURE.md, "Agent identity").
 */
export function actingAgent(
  ctx: TenantContext,
  named: Agent,
): { agent: Agent; identity: "asserted" } {
  const claim = ctx.tenant.agentClaim;
  return {
    agent: claim ? { id: claim.id, name: claim.name ?? named.name } : named,
    identity: claim?.identity ?? "asserted",
  };
}

/** The agent a request names, if any (the JWT's first, then the body's). */
export function namedAgent(
  ctx: TenantContext,
  named: { id: string; name?: string } | null | undefined,
): { id: string; name?: string } | null {
  return ctx.tenant.agentClaim ?? named ?? null;
}

/** The audit actor of an agent's request: the JWT's agent id, else the given fallback id. */
export function agentActor(
  ctx: TenantContext,
  fallbackId: string | null = null,
): { kind: "agent"; id: string | null } {
  return { kind: "agent", id: ctx.tenant.agentClaim?.id ?? fallbackId };
}
