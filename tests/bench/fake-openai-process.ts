// A fake OpenAI-compatible model in its own process, so a benchmark's CPU figures are the
// server's alone. Usage: node --import tsx fake-openai-process.ts <latencyMs>; prints its URL.
import { startFakeOpenAI } from "@tandem/server/testing";

const fake = await startFakeOpenAI({ latencyMs: Number(process.argv[2] ?? 0) });
process.stdout.write(`${fake.url}\n`);
const stop = () => {
  fake.close().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
