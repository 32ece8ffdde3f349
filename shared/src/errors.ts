import { z } from "zod";
import { ErrorCodes } from "./error-codes";

export {
  type ErrorCode,
  ErrorCodes,
  ErrorStatus,
  errorCodeForStatus,
  isErrorBody,
} from "./error-codes";

export const ErrorCodeSchema = z.enum(ErrorCodes);

export const ErrorIssueSchema = z.object({
  /** Dotted path of the field at fault, e.g. `actions.0.params.checkOut`. */
  path: z.string().max(500),
  /** English; clients word it in the agent's language from `keyword` and `params` when set. */
  message: z.string().max(500),
  /**
   * The params-schema rule that failed, as JSON Schema names it: `required`, `maximum`,
   * `minimum`, `formatExclusiveMinimum` (after), `formatMinimum` (not before), `pattern`…
   */
  keyword: z.string().max(100).optional(),
  /** The rule's blanks: `limit` (the bound's value) and `field` (the other param compared). */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type ErrorIssue = z.infer<typeof ErrorIssueSchema>;

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: ErrorCodeSchema,
      message: z.string().max(2000),
      requestId: z.string().max(100),
      issues: z.array(ErrorIssueSchema).max(50).optional(),
    }),
  })
  .meta({ id: "ErrorBody" });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
