import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake OpenAI-compatible server for tests, the playground and benchmarks: the real `openai`
 * SDK talks to it over HTTP. By default it answers chat completions with a plausible, grounded
 * draft built from the prompt it received (in the language the prompt asks for); scripts make
 * it fail, stall or answer garbage. Every request body is recorded, so tests can assert what
 * left the server (e.g. that no personal data did).
 */

export interface RecordedRequest {
  method: string;
  path: string;
  /** Headers without `authorization`. */
  headers: Record<string, string>;
  /** Whether a bearer token was sent (its value is not kept). */
  authorized: boolean;
  /** The raw body as received. */
  raw: string;
  /** The parsed JSON body (null when it was not JSON). */
  body: Record<string, unknown> | null;
  receivedAt: number;
}

export interface ChatRequestBody {
  model?: string;
  messages?: Array<{ role: string; content: unknown }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown } };
}

/** One scripted answer for the next chat completion (scripts are consumed in order). */
export interface ScriptStep {
  /** Answer with this HTTP status and an OpenAI-style error body (e.g. 429, 500, 401). */
  status?: number;
  /** Wait before answering (the client's timeout may fire first). */
  delayMs?: number;
  /** Never answer: the client times out. */
  hang?: boolean;
  /** The assistant message content, verbatim (e.g. `"not json {"` for garbage). */
  content?: string | ((request: ChatRequestBody) => string);
  /** Fields merged over the default draft (structured outputs only). */
  draft?:
    | Record<string, unknown>
    | ((request: ChatRequestBody, defaults: FakeDraft) => Record<string, unknown>);
  /** Replaces the whole response body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Applies to /v1/embeddings instead of chat completions. */
  endpoint?: "chat" | "embeddings";
}

export interface FakeDraft {
  language: string;
  reply: string;
  summary: string;
  triage: { intent: string; sentiment: string; urgency: string; confidence: number };
  rationale: string[];
  citations: string[];
  actions: Array<{ type: string; paramsJson: string; rationale: string }>;
}

export interface FakeOpenAI {
  /** Base URL for `OPENAI_BASE_URL` / the SDK's `baseURL` (ends in /v1). */
  url: string;
  port: number;
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** Chat completion requests only. */
  chatRequests(): RecordedRequest[];
  /** Queues answers for the next requests; unscripted requests get the default behaviour. */
  script(...steps: ScriptStep[]): void;
  /** Delay applied to every default answer (benchmarks: simulated model latency). */
  setLatency(ms: number): void;
  /** Forgets recorded requests and pending scripts. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeOpenAIOptions {
  port?: number;
  host?: string;
  /** Default latency of every answer, ms. */
  latencyMs?: number;
  /** Embedding dimensions (default 64). */
  dimensions?: number;
}

const LOCALIZED: Record<
  string,
  { hi: (n: string) => string; body: (t: string | null) => string; bye: string }
> = {
  en: {
    hi: (n) => `Hi ${n},`,
    body: (t) =>
      t
        ? `Thanks for your message. Based on our guide "${t}", here is what applies to your case, and I will take care of the next step for you.`
        : "Thanks for your message. I am checking this for you and will get back to you shortly.",
    bye: "Best regards,",
  },
  es: {
    hi: (n) => `Hola, ${n}:`,
    body: (t) =>
      t
        ? `Gracias por tu mensaje. Según nuestra guía «${t}», esto es lo que aplica a tu caso y me encargo del siguiente paso.`
        : "Gracias por tu mensaje. Lo estoy revisando y te respondo en breve.",
    bye: "Un saludo,",
  },
  de: {
    hi: (n) => `Hallo ${n},`,
    body: (t) =>
      t
        ? `vielen Dank für Ihre Nachricht. Laut unserer Anleitung „${t}“ gilt für Ihren Fall Folgendes, und ich kümmere mich um den nächsten Schritt.`
        : "vielen Dank für Ihre Nachricht. Ich prüfe das gerade und melde mich in Kürze bei Ihnen.",
    bye: "Viele Grüße",
  },
  fr: {
    hi: (n) => `Bonjour ${n},`,
    body: (t) =>
      t
        ? `Merci pour votre message. D'après notre guide « ${t} », voici ce qui s'applique à votre cas, et je m'occupe de la suite.`
        : "Merci pour votre message. Je vérifie cela et je reviens vers vous très vite.",
    bye: "Bien cordialement,",
  },
  pt: {
    hi: (n) => `Olá, ${n},`,
    body: (t) =>
      t
        ? `Obrigado pela sua mensagem. De acordo com o nosso guia "${t}", isto é o que se aplica ao seu caso e eu cuido do próximo passo.`
        : "Obrigado pela sua mensagem. Estou verificando e retorno em breve.",
    bye: "Atenciosamente,",
  },
  it: {
    hi: (n) => `Ciao ${n},`,
    body: (t) =>
      t
        ? `grazie per il tuo messaggio. Secondo la nostra guida "${t}", ecco cosa vale per il tuo caso e mi occupo io del passo successivo.`
        : "grazie per il tuo messaggio. Sto verificando e ti rispondo al più presto.",
    bye: "Cordiali saluti,",
  },
  nl: {
    hi: (n) => `Hallo ${n},`,
    body: (t) =>
      t
        ? `bedankt voor uw bericht. Volgens onze handleiding "${t}" is dit wat voor uw situatie geldt, en ik regel de volgende stap.`
        : "bedankt voor uw bericht. Ik zoek het voor u uit en laat snel van me horen.",
    bye: "Met vriendelijke groet,",
  },
};

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        part && typeof part === "object" && "text" in part
          ? String((part as { text: unknown }).text)
          : "",
      )
      .join("");
  }
  return "";
}

function promptText(request: ChatRequestBody, role?: string): string {
  return (request.messages ?? [])
    .filter((m) => !role || m.role === role)
    .map((m) => textOf(m.content))
    .join("\n\n");
}

const INTENT_HINTS: Array<[RegExp, string]> = [
  [/refund|reembols|rückerstatt|erstatt|rembours|estorno|rimbors|terugbetal/i, "refund"],
  [/cancel|stornier|annul|kündig|opzeg/i, "cancellation"],
  [
    /deliver|shipping|tracking|envío|paquete|lieferung|paket|livraison|colis|entrega|spedizion|bezorg/i,
    "shipping",
  ],
  [/password|login|contraseña|passwort|mot de passe|senha|wachtwoord/i, "account_access"],
  [/invoice|charged|factura|rechnung|facture|fatura|fattura|factuur/i, "billing"],
];

/** The draft a helpful, well-behaved model would produce for this prompt. */
export function defaultFakeDraft(request: ChatRequestBody): FakeDraft {
  const user = promptText(request, "user");
  const language = /set "language" to "([a-z]{2,3})"/.exec(user)?.[1] ?? "en";
  const customer = /^Customer: ([^(\n]+)/m.exec(user)?.[1]?.trim() ?? "";
  const agent = /^Agent writing the reply: (.+)$/m.exec(user)?.[1]?.trim();
  const sources = [
    ...user.matchAll(/^\[(S\d+)\] (article|macro)( · INTERNAL[^·]*)? · "([^"]*)"/gm),
  ].map((m) => ({
    ref: m[1] ?? "",
    kind: m[2] ?? "",
    internal: Boolean(m[3]),
    title: m[4] ?? "",
  }));
  const publicSource = sources.find((s) => !s.internal);
  const macroLine = /macro actions: (.+)$/m.exec(user)?.[1];
  const actions: FakeDraft["actions"] = [];
  if (macroLine) {
    for (const part of macroLine.split("; ")) {
      const m = /^([a-z][a-z0-9_]*) (\{.*\})$/.exec(part.trim());
      if (m?.[1] && m[2])
        actions.push({ type: m[1], paramsJson: m[2], rationale: "Part of the matching macro." });
    }
  }
  const thread = /THREAD[^\n]*\n<<<([^\n]+)\n([\s\S]*?)\n\1>>>/.exec(user)?.[2] ?? user;
  const intent = INTENT_HINTS.find(([re]) => re.test(thread))?.[1] ?? "general_question";
  const phrases = LOCALIZED[language] ?? LOCALIZED.en;
  if (!phrases) throw new Error("no default phrases");
  const firstName = customer.split(/\s+/)[0] || "";
  const reply = [
    phrases.hi(firstName),
    phrases.body(publicSource?.title ?? null),
    agent ? `${phrases.bye}\n${agent}` : phrases.bye,
  ].join("\n\n");
  return {
    language,
    reply,
    summary: `The customer ${intent === "general_question" ? "has a question" : `writes about ${intent.replace(/_/g, " ")}`}.`,
    triage: {
      intent,
      sentiment: "neutral",
      urgency: "normal",
      confidence: publicSource ? 0.8 : 0.4,
    },
    rationale: publicSource ? [`Grounded in "${publicSource.title}".`] : ["No source matched."],
    citations: publicSource ? [publicSource.ref] : [],
    actions,
  };
}

const estimate = (text: string) => Math.ceil(text.length / 4);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sleep(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    if (ms <= 0) return resolve(true);
    const timer = setTimeout(() => resolve(true), ms);
    res.on("close", () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** Deterministic bag-of-words vectors: texts sharing words are close, so retrieval is testable. */
export function fakeEmbedding(text: string, dimensions = 64): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []) {
    const digest = createHash("md5").update(word.slice(0, 6)).digest();
    const index = digest.readUInt16BE(0) % dimensions;
    vector[index] = (vector[index] ?? 0) + ((digest[2] ?? 0) % 2 === 0 ? 1 : 0.5);
  }
  const norm = Math.sqrt(vector.reduce((s, v) => s + v * v, 0)) || 1;
  return vector.map((v) => v / norm);
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptStep[] = [];
  const seenPrefixes = new Set<string>();
  let latency = options.latencyMs ?? 0;
  const dimensions = options.dimensions ?? 64;
  let counter = 0;

  const nextStep = (endpoint: "chat" | "embeddings"): ScriptStep | undefined => {
    const index = queue.findIndex((s) => (s.endpoint ?? "chat") === endpoint);
    return index >= 0 ? queue.splice(index, 1)[0] : undefined;
  };

  const sendJson = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  };

  const sendError = (res: ServerResponse, status: number, headers: Record<string, string> = {}) => {
    const type =
      status === 429
        ? "rate_limit_exceeded"
        : status >= 500
          ? "server_error"
          : "invalid_request_error";
    sendJson(
      res,
      status,
      { error: { message: `fake upstream error ${status}`, type, code: type, param: null } },
      // The SDK honours retry-after-ms: keeps retrying tests fast.
      status === 429 || status >= 500 ? { "retry-after-ms": "5", ...headers } : headers,
    );
  };

  async function chat(req: ChatRequestBody, res: ServerResponse) {
    const step = nextStep("chat");
    const alive = await sleep(step?.delayMs ?? latency, res);
    if (!alive) return;
    if (step?.hang) {
      await new Promise<void>((resolve) => res.on("close", () => resolve()));
      return;
    }
    if (step?.status && step.status >= 400) return sendError(res, step.status, step.headers);
    if (step?.body !== undefined) return sendJson(res, step.status ?? 200, step.body, step.headers);

    const structured =
      req.response_format?.type === "json_schema" || req.response_format?.type === "json_object";
    let content: string;
    if (step?.content !== undefined) {
      content = typeof step.content === "function" ? step.content(req) : step.content;
    } else if (structured) {
      const defaults = defaultFakeDraft(req);
      const override =
        typeof step?.draft === "function" ? step.draft(req, defaults) : (step?.draft ?? {});
      content = JSON.stringify({ ...defaults, ...override });
    } else {
      content = defaultFakeDraft(req).reply;
    }
    const system = promptText(req, "system");
    const cached = seenPrefixes.has(system) ? estimate(system) : 0;
    seenPrefixes.add(system);
    const usage = {
      prompt_tokens: estimate(promptText(req)),
      completion_tokens: estimate(content),
      total_tokens: estimate(promptText(req)) + estimate(content),
      prompt_tokens_details: { cached_tokens: cached },
    };
    counter += 1;
    const id = `chatcmpl-fake-${counter}`;
    const created = Math.floor(Date.now() / 1000);
    const model = req.model ?? "fake-model";
    if (!req.stream) {
      return sendJson(
        res,
        200,
        {
          id,
          object: "chat.completion",
          created,
          model,
          choices: [
            {
              index: 0,
              message: { role: "assistant", content, refusal: null },
              finish_reason: "stop",
              logprobs: null,
            },
          ],
          usage,
        },
        step?.headers,
      );
    }
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      ...step?.headers,
    });
    const chunk = (
      delta: Record<string, unknown>,
      finish: string | null,
      extra: Record<string, unknown> = {},
    ) =>
      res.write(
        `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], ...extra })}\n\n`,
      );
    chunk({ role: "assistant", content: "" }, null);
    for (let i = 0; i < content.length; i += 24) chunk({ content: content.slice(i, i + 24) }, null);
    chunk({}, "stop");
    if (req.stream_options?.include_usage) {
      res.write(
        `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage })}\n\n`,
      );
    }
    res.end("data: [DONE]\n\n");
  }

  async function embeddings(req: Record<string, unknown>, res: ServerResponse) {
    const step = nextStep("embeddings");
    const alive = await sleep(step?.delayMs ?? 0, res);
    if (!alive) return;
    if (step?.hang) return;
    if (step?.status && step.status >= 400) return sendError(res, step.status, step.headers);
    const input = req.input;
    const texts = Array.isArray(input) ? input.map(String) : [String(input ?? "")];
    // The SDK asks for base64 (little-endian float32) unless the caller chose floats.
    const encode = (vector: number[]): number[] | string =>
      req.encoding_format === "base64"
        ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
        : vector;
    sendJson(res, 200, {
      object: "list",
      model: req.model ?? "fake-embedding",
      data: texts.map((t, index) => ({
        object: "embedding",
        index,
        embedding: encode(fakeEmbedding(t, dimensions)),
      })),
      usage: {
        prompt_tokens: texts.reduce((s, t) => s + estimate(t), 0),
        total_tokens: texts.reduce((s, t) => s + estimate(t), 0),
      },
    });
  }

  const server = createServer(async (req, res) => {
    try {
      const raw = await readBody(req);
      let body: Record<string, unknown> | null = null;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      } catch {
        body = null;
      }
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (k !== "authorization" && typeof v === "string") headers[k] = v;
      }
      requests.push({
        method: req.method ?? "GET",
        path,
        headers,
        authorized: /^Bearer \S+/.test(req.headers.authorization ?? ""),
        raw,
        body,
        receivedAt: Date.now(),
      });
      if (req.method === "POST" && path.endsWith("/chat/completions")) {
        if (!body) return sendError(res, 400);
        return await chat(body as ChatRequestBody, res);
      }
      if (req.method === "POST" && path.endsWith("/embeddings")) {
        if (!body) return sendError(res, 400);
        return await embeddings(body, res);
      }
      if (req.method === "GET" && path.endsWith("/models")) {
        return sendJson(res, 200, {
          object: "list",
          data: [{ id: "fake-model", object: "model", owned_by: "tandem" }],
        });
      }
      sendError(res, 404);
    } catch {
      if (!res.headersSent) sendError(res, 500);
      else res.end();
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve),
  );
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    chatRequests: () => requests.filter((r) => r.path.endsWith("/chat/completions")),
    script: (...steps) => {
      queue.push(...steps);
    },
    setLatency: (ms) => {
      latency = ms;
    },
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      seenPrefixes.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `fakeOpenAI.start({ port })`, for callers that prefer a namespace. */
export const fakeOpenAI = { start: startFakeOpenAI };
