import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "./fake-openai";

let fake: FakeOpenAI;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ apiKey: "sk-fake", baseURL: fake.url, maxRetries: 0, timeout: 500 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const structured = {
  type: "json_schema" as const,
  json_schema: { name: "d", strict: true, schema: { type: "object" } },
};
const prompt = (language: string) => [
  { role: "system" as const, content: "rules" },
  {
    role: "user" as const,
    content: `Customer: Ana Ruiz\nTASK: write in X and set "language" to "${language}".\nSOURCES (cite by id):\n[S1] article · "Guía de envíos" · es`,
  },
];

describe("fake OpenAI server", () => {
  it("answers structured outputs with a grounded draft in the requested language", async () => {
    const res = await client.chat.completions.create({
      model: "m",
      messages: prompt("es"),
      response_format: structured,
    });
    const draft = JSON.parse(res.choices[0]?.message.content ?? "{}");
    expect(draft.language).toBe("es");
    expect(draft.reply).toContain("Hola, Ana");
    expect(draft.citations).toEqual(["S1"]);
    expect(res.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(fake.chatRequests()[0]?.authorized).toBe(true);
    expect(fake.chatRequests()[0]?.headers.authorization).toBeUndefined();
  });

  it("reports cached prompt tokens when the system prompt repeats", async () => {
    await client.chat.completions.create({
      model: "m",
      messages: prompt("en"),
      response_format: structured,
    });
    const second = await client.chat.completions.create({
      model: "m",
      messages: prompt("en"),
      response_format: structured,
    });
    expect(second.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThan(0);
  });

  it("streams", async () => {
    const stream = await client.chat.completions.create({
      model: "m",
      messages: prompt("de"),
      response_format: structured,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      usage = chunk.usage ?? usage;
    }
    expect(JSON.parse(text).language).toBe("de");
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("plays scripted errors, garbage and delays", async () => {
    fake.script({ status: 429 }, { status: 500 }, { content: "garbage {" }, { delayMs: 2_000 });
    await expect(
      client.chat.completions.create({ model: "m", messages: prompt("en") }),
    ).rejects.toMatchObject({ status: 429 });
    await expect(
      client.chat.completions.create({ model: "m", messages: prompt("en") }),
    ).rejects.toMatchObject({ status: 500 });
    const garbage = await client.chat.completions.create({ model: "m", messages: prompt("en") });
    expect(garbage.choices[0]?.message.content).toBe("garbage {");
    await expect(
      client.chat.completions.create({ model: "m", messages: prompt("en") }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect(fake.chatRequests()).toHaveLength(4);
  });

  it("embeds deterministically: similar texts are close", async () => {
    const res = await client.embeddings.create({
      model: "e",
      input: ["refund my order", "refund order please", "password reset"],
    });
    const [a, b, c] = res.data.map((d) => d.embedding);
    const dot = (x: number[] = [], y: number[] = []) =>
      x.reduce((s, v, i) => s + v * (y[i] ?? 0), 0);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
  });
});
