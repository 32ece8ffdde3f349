import type { ServiceContext, TenantContext } from "../types";

/**
 * What a service verb takes (`verb({ ctx, input })`): the context it acts in (an installation's,
 * unless the verb says otherwise) and its input.
 */
export interface VerbArgs<Input, Ctx = TenantContext> {
  ctx: Ctx;
  input: Input;
}

/** What a verb that acts for no one installation takes: the operator's, and background jobs'. */
export type SystemVerbArgs<Input> = VerbArgs<Input, ServiceContext>;
