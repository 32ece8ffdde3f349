import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Env } from "./env";
import { deriveKey, sha256 } from "./lib/crypto";

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  /** PostgreSQL pool size (absent → the database client's default). */
  databasePoolSize?: number;
  dataDir: string;
  /** SHA-256 of ADMIN_TOKEN; the admin API is disabled when absent. */
  adminTokenHash?: string;
  openai: { apiKey?: string; baseUrl?: string; model: string };
  publicUrl: string;
  secretKey: Buffer;
  logLevel: Env["LOG_LEVEL"];
  corsOrigins: string[];
  version: string;
  /** Pre-drafting limits (absent → the worker's defaults). */
  predraft?: { modelRequestsPerMinute: number; concurrencyPerInstallation: number };
}

export const VERSION = "0.1.0";

/** Resolves the environment into the config every dependency is built from. */
export function configFromEnv(env: Env): AppConfig {
  const dataDir = resolve(env.DATA_DIR);
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    dataDir,
    adminTokenHash: env.ADMIN_TOKEN ? sha256(env.ADMIN_TOKEN) : undefined,
    openai: { apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL },
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    secretKey: env.SECRET_KEY ? deriveKey(env.SECRET_KEY) : loadOrCreateKeyFile(dataDir),
    logLevel: env.LOG_LEVEL,
    corsOrigins: env.CORS_ORIGINS.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    version: VERSION,
    predraft: {
      modelRequestsPerMinute: env.PREDRAFT_MODEL_RPM,
      concurrencyPerInstallation: env.PREDRAFT_CONCURRENCY,
    },
  };
}

function loadOrCreateKeyFile(dataDir: string): Buffer {
  const path = join(dataDir, "secret.key");
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, randomBytes(32).toString("base64"), { mode: 0o600 });
    chmodSync(path, 0o600);
  }
  return deriveKey(readFileSync(path, "utf8").trim());
}
