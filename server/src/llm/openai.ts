import OpenAI from "openai";
import type { AppConfig } from "../config";
import { parseModelDraft } from "./parse-draft";
import {
  type DraftModel,
  type Embedder,
  ModelError,
  type ModelFailure,
  type ModelPrompt,
  type ModelResult,
  type ModelUsage,
  modelDraftJsonSchema,
  type OutputCheck,
} from "./types";

export interface OpenAIModelOptions {
  /** Per attempt; the SDK aborts and (while retries remain) tries again. */
  timeoutMs?: number;
  /** For the whole draft, retries included: an agent is waiting. */
  deadlineMs?: number;
  /** Retries on 429, 5xx, timeouts and connection errors, with the SDK's exponential backoff. */
  maxRetries?: number;
  maxOutputTokens?: number;
}

const DEFAULTS = {
  timeoutMs: 15_000,
  deadlineMs: 30_000,
  maxRetries: 2,
  maxOutputTokens: 1_500,
} as const;
export const EMBEDDING_MODEL = "text-embedding-3-small";
const EMBEDDING_PAUSE_MS = 60_000;

function clientFor(openai: AppConfig["openai"], options: OpenAIModelOptions): OpenAI {
  return new OpenAI({
    apiKey: openai.apiKey,
    baseURL: openai.baseUrl,
    timeout: options.timeoutMs ?? DEFAULTS.timeoutMs,
    maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
  });
}

function failureOf(err: unknown): ModelError {
  if (err instanceof ModelError) return err;
  if (err instanceof OpenAI.APIConnectionTimeoutError || err instanceof OpenAI.APIUserAbortError) {
    return new ModelError("timeout", "request timed out");
  }
  if (err instanceof OpenAI.APIConnectionError) {
    return new ModelError("unreachable", "connection failed");
  }
  if (err instanceof OpenAI.APIError) {
    const status = err.status;
    let failure: ModelFailure = "upstream_error";
    if (status === 429) failure = "rate_limited";
    else if (status === 401 || status === 403) failure = "auth";
    else if (status !== undefined && status >= 400 && status < 500) failure = "bad_request";
    return new ModelError(failure, `HTTP ${status ?? "?"}`, { status });
  }
  return new ModelError("upstream_error", err instanceof Error ? err.name : "unknown error");
}

function addUsage(total: ModelUsage, usage: OpenAI.CompletionUsage | undefined): void {
  if (!usage) return;
  total.inputTokens += usage.prompt_tokens ?? 0;
  total.outputTokens += usage.completion_tokens ?? 0;
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (cached) total.cachedTokens = (total.cachedTokens ?? 0) + cached;
}

/**
 * Drafts with one chat completion using strict structured outputs. Transport failures are
 * retried by the SDK (bounded, with backoff). An answer with a bad part keeps the rest
 * (`parseModelDraft`); one that is unusable or fails `check` is sent back once with a
 * correction, then the call fails with `invalid_output`.
 */
export function createOpenAIDraftModel(
  openai: AppConfig["openai"],
  options: OpenAIModelOptions = {},
): DraftModel {
  const client = clientFor(openai, options);
  const schema = modelDraftJsonSchema();
  // Only api.openai.com knows prompt_cache_key; compatible servers may reject unknown fields.
  const officialEndpoint = !openai.baseUrl || openai.baseUrl.includes("api.openai.com");
  return {
    name: openai.model,
    async draft(prompt: ModelPrompt, check?: OutputCheck): Promise<ModelResult> {
      const usage: ModelUsage = { inputTokens: 0, outputTokens: 0 };
      const deadline = AbortSignal.timeout(options.deadlineMs ?? DEFAULTS.deadlineMs);
      const messages: OpenAI.ChatCompletionMessageParam[] = [
        { role: "system", content: prompt.system },
        { role: "user", content: prompt.user },
      ];
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        let completion: OpenAI.ChatCompletion;
        try {
          completion = await client.chat.completions.create(
            {
              model: openai.model,
              messages,
              response_format: {
                type: "json_schema",
                json_schema: { name: "tandem_draft", strict: true, schema },
              },
              max_completion_tokens: options.maxOutputTokens ?? DEFAULTS.maxOutputTokens,
              ...(officialEndpoint ? { prompt_cache_key: "tandem-draft-v1" } : {}),
            },
            { signal: deadline },
          );
        } catch (err) {
          const failure = failureOf(err);
          throw new ModelError(failure.failure, failure.message, {
            status: failure.status,
            usage,
          });
        }
        addUsage(usage, completion.usage);
        const choice = completion.choices[0];
        if (choice?.message.refusal) {
          throw new ModelError("refused", "model refused", { usage });
        }
        const content = choice?.message.content ?? "";
        const parsed = parseModelDraft(content, choice?.finish_reason);
        let correction: string;
        if ("correction" in parsed) {
          correction = parsed.correction;
        } else {
          const problem = check?.(parsed.output) ?? null;
          if (!problem) {
            return {
              output: parsed.output,
              notes: parsed.notes,
              usage,
              model: completion.model || openai.model,
              attempts: attempt,
            };
          }
          correction = problem;
        }
        messages.push(
          { role: "assistant", content: content.slice(0, 8_000) },
          { role: "user", content: correction },
        );
      }
      throw new ModelError("invalid_output", "answer failed validation twice", { usage });
    },
  };
}

/** Embeddings through the same OpenAI-compatible endpoint and key. */
export function createOpenAIEmbedder(
  openai: AppConfig["openai"],
  options: OpenAIModelOptions & { model?: string } = {},
): Embedder {
  const client = clientFor(openai, { maxRetries: 1, timeoutMs: 10_000, ...options });
  const model = options.model ?? EMBEDDING_MODEL;
  // After a failure (no embeddings model on this endpoint, outage), stop asking for a while:
  // retrieval falls back to full-text search instead of paying a failing round trip per draft.
  let pausedUntil = 0;
  return {
    model,
    async embed(texts: string[]): Promise<number[][]> {
      if (texts.length === 0) return [];
      if (Date.now() < pausedUntil)
        throw new ModelError("unreachable", "embeddings paused after a failure");
      try {
        const result = await client.embeddings.create({
          model,
          input: texts,
          encoding_format: "float",
        });
        return [...result.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
      } catch (err) {
        pausedUntil = Date.now() + EMBEDDING_PAUSE_MS;
        throw failureOf(err);
      }
    },
  };
}
