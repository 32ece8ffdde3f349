import type { AppConfig } from "../config";
import type { ServiceContext } from "../types";
import { createOpenAIDraftModel, createOpenAIEmbedder } from "./openai";
import type { DraftModel, Embedder } from "./types";

export * from "./openai";
export * from "./parse-draft";
export * from "./types";

const models = new WeakMap<AppConfig["openai"], DraftModel | null>();
const embedders = new WeakMap<AppConfig["openai"], Embedder | null>();

/** The model configured by OPENAI_API_KEY/OPENAI_BASE_URL/OPENAI_MODEL, or null (offline). */
export function modelFromConfig(config: AppConfig): DraftModel | null {
  if (!models.has(config.openai)) {
    models.set(config.openai, config.openai.apiKey ? createOpenAIDraftModel(config.openai) : null);
  }
  return models.get(config.openai) ?? null;
}

export function embedderFromConfig(config: AppConfig): Embedder | null {
  if (!embedders.has(config.openai)) {
    embedders.set(config.openai, config.openai.apiKey ? createOpenAIEmbedder(config.openai) : null);
  }
  return embedders.get(config.openai) ?? null;
}

/** The context's model when set (null = forced offline), else the configured one. */
export function resolveModel(ctx: Pick<ServiceContext, "config" | "model">): DraftModel | null {
  return ctx.model !== undefined ? ctx.model : modelFromConfig(ctx.config);
}

export function resolveEmbedder(ctx: Pick<ServiceContext, "config" | "embedder">): Embedder | null {
  return ctx.embedder !== undefined ? ctx.embedder : embedderFromConfig(ctx.config);
}
