import type { Params } from "./schemas/common";
import type { BusinessAction } from "./schemas/policy";

/**
 * The params that name the object a business action changes. Declared in the policy
 * (`targetParams`); when omitted, every param of the schema whose name ends in `Id`
 * (`bookingId`, `orderId`) — the stricter default, since a wrong guess only makes a param
 * read-only, while a missed target lets an approver re-point the action at another object.
 */
export function targetParamsOf(
  action: Pick<BusinessAction, "targetParams" | "paramsSchema">,
): string[] {
  if (action.targetParams) return [...action.targetParams];
  const properties = action.paramsSchema.properties;
  if (typeof properties !== "object" || properties === null) return [];
  return Object.keys(properties).filter((name) => /Id$/.test(name));
}

/** Target params whose value differs between what was proposed and what is being approved. */
export function changedTargetParams(
  targets: readonly string[],
  proposed: Params,
  approved: Params,
): string[] {
  return targets.filter(
    (name) => JSON.stringify(proposed[name] ?? null) !== JSON.stringify(approved[name] ?? null),
  );
}
