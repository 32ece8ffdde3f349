import { createOpenAIDraftModel, createOpenAIEmbedder } from "../../llm";
import { createTestContext } from "../../test/app";
import type { FakeOpenAI } from "../../test/fake-openai";

/** A test app in model mode: its drafter (and, when asked, its embedder) call the fake OpenAI. */
export function createModelTestContext(
  fake: FakeOpenAI,
  drafter: { timeoutMs: number; maxRetries: number },
  options: { embedder?: boolean } = {},
) {
  const openai = { apiKey: "sk-test", baseUrl: fake.url, model: "gpt-test" };
  return createTestContext({
    config: { openai },
    deps: {
      model: createOpenAIDraftModel(openai, drafter),
      ...(options.embedder ? { embedder: createOpenAIEmbedder(openai) } : {}),
    },
  });
}
