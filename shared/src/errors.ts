import { z } from "zod";

/** Every error the API can answer with. Clients branch on `code`, never on `message`. */
export const ErrorCodes = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "STALE_DRAFT",
  "UNBACKED_COMMITMENT",
  "TARGET_LOCKED",
  "RATE_LIMITED",
  "PAYLOAD_TOO_LARGE",
  "UPSTREAM_MODEL_FAILED",
  "UNAVAILABLE",
  "INTERNAL",
] as const;

export const ErrorCodeSchema = z.enum(ErrorCodes);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorStatus: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE_DRAFT: 409,
  UNBACKED_COMMITMENT: 409,
  TARGET_LOCKED: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UPSTREAM_MODEL_FAILED: 502,
  UNAVAILABLE: 503,
};

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

/** The code an HTTP status stands for when no error body says better (proxies, frameworks). */
export function errorCodeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return "BAD_REQUEST";
    case 401:
      return "UNAUTHORIZED";
    case 403:
      return "FORBIDDEN";
    case 404:
      return "NOT_FOUND";
    case 409:
      return "CONFLICT";
    case 413:
      return "PAYLOAD_TOO_LARGE";
    case 429:
      return "RATE_LIMITED";
    case 503:
      return "UNAVAILABLE";
    default:
      return status >= 400 && status < 500 ? "BAD_REQUEST" : "INTERNAL";
  }
}

/** True when a value has the API's error shape, so clients can branch on `code`. */
export function isErrorBody(value: unknown): value is ErrorBody {
  return ErrorBodySchema.safeParse(value).success;
}
