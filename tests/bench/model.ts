// The model side of the benchmarks: the fake OpenAI-compatible model in its own process, the
// chat request the server sends it, and that request posted straight to the model.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { FakeOpenAI } from "@tandem/server/testing";
import { seedHelpCentre } from "./fixtures/help-centre";
import { nextDraftRequest } from "./fixtures/tickets";
import { createInstallation, type LoadResult, load, startBenchServer } from "./lib";

/** Starts the fake model in a child process (its CPU is not the server's) and returns its URL. */
export async function fakeModelProcess(
  latencyMs: number,
): Promise<{ url: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL("./fake-openai-process.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, String(latencyMs)], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
  return { url: chunk.toString("utf8").trim(), child };
}

/** The chat-completion request the server sends for a draft with the help centre loaded. */
export async function capturedChatBody(fake: FakeOpenAI): Promise<string> {
  const server = await startBenchServer("pglite", null, {
    openai: { apiKey: "sk-bench", baseUrl: fake.url, model: "bench-model" },
  });
  try {
    const { token, adminToken } = await createInstallation(server);
    await seedHelpCentre(server.url, adminToken);
    fake.reset();
    const res = await fetch(`${server.url}/v1/drafts`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: nextDraftRequest("capture").body,
    });
    if (res.status !== 200) throw new Error(`draft failed: ${res.status}`);
    const sent = fake.chatRequests()[0]?.raw;
    if (!sent) throw new Error("the server sent no chat request");
    return sent;
  } finally {
    await server.cleanup();
  }
}

/**
 * The model alone: the same chat-completion request the server sends, posted straight to the
 * fake model with the given concurrency. The yardstick for "≤ 1.05× the model's own latency".
 */
export function modelAlone(
  modelUrl: string,
  chatBody: string,
  options: { connections: number; duration: number },
): Promise<LoadResult> {
  return load({
    url: `${modelUrl}/chat/completions`,
    method: "POST",
    headers: { authorization: "Bearer sk-bench", "content-type": "application/json" },
    body: chatBody,
    ...options,
  });
}
