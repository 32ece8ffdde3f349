import type { Health } from "@tandem/shared";
import type { SystemVerbArgs } from "./verb-args";

/** Liveness and readiness: the database answers, and which drafter serves drafts. */
export async function checkHealth({ ctx }: SystemVerbArgs<object>): Promise<Health> {
  let db: Health["db"] = "ok";
  try {
    await ctx.ping();
  } catch {
    db = "down";
  }
  return {
    status: db === "ok" ? "ok" : "degraded",
    db,
    drafter: ctx.drafterMode(),
    version: ctx.config.version,
  };
}
