import { z } from "zod";

/** Every error the API can answer with. Clients branch on `code`, never on `message`. */
export const ErrorCodes = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "STALE_DRAFT",
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
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UPSTREAM_MODEL_FAILED: 502,
  UNAVAILABLE: 503,
};

export const ErrorIssueSchema = z.object({
  path: z.string().max(500),
  message: z.string().max(500),
});

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

/** True when a value has the API's error shape, so clients can branch on `code`. */
export function isErrorBody(value: unknown): value is ErrorBody {
  return ErrorBodySchema.safeParse(value).success;
}
