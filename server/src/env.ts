import { z } from "zod";

/** The only place that reads `process.env` (see index.ts and cli.ts). */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /**
   * PostgreSQL connections this process keeps open. Measured on 2 cores (BENCHMARKS.md): 10 took
   * a fifth less database CPU per decision than 20, at the same throughput and half the p99.
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().default("./.tandem"),
  ADMIN_TOKEN: z.string().min(16, "ADMIN_TOKEN must be at least 16 characters").optional(),
  OPENAI_API_KEY: z
    .string()
    .min(1)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  OPENAI_BASE_URL: z
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  PUBLIC_URL: z.url().optional(),
  /** Key for secrets encrypted at rest; unset → generated once into DATA_DIR/secret.key. */
  SECRET_KEY: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Extra browser origins allowed by CORS (comma-separated), e.g. the playground's. */
  CORS_ORIGINS: z.string().default(""),
  /** Pre-drafts (webhook-triggered): model calls per minute across all server processes. */
  PREDRAFT_MODEL_RPM: z.coerce.number().int().min(0).default(600),
  /** Pre-drafts running at once per installation, across all server processes. */
  PREDRAFT_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
});
export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}
