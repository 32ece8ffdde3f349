import { createServer, type IncomingHttpHeaders } from "node:http";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Statuses to answer in order; once used up, every request gets `fallbackStatus`. */
  script: number[];
  fallbackStatus: number;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A local HTTP endpoint standing in for a business action's receiver. */
export async function startReceiver(
  respond?: (request: ReceivedRequest) => { status: number; body?: unknown } | undefined,
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const receiver: Omit<Receiver, "url"> & { url: string } = {
    url: "",
    requests,
    script: [],
    fallbackStatus: 200,
    waitFor(count, timeoutMs = 20_000) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`receiver got ${requests.length}/${count} requests`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: ReceivedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(request);
      const custom = respond?.(request);
      const status = custom?.status ?? receiver.script.shift() ?? receiver.fallbackStatus;
      const body =
        custom?.body ?? (status < 300 ? { ok: true, refundId: "RF-1" } : { error: "boom" });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) waiter.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  receiver.url = `http://127.0.0.1:${port}`;
  return receiver;
}
