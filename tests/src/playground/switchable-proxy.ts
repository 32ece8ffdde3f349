import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

export interface SwitchableProxy {
  url: string;
  port: number;
  /** While down, every connection is cut like a stopped server's (no HTTP answer at all). */
  setDown(down: boolean): void;
  readonly down: boolean;
  close(): Promise<void>;
}

/**
 * A transparent HTTP proxy in front of the Tandem server that can "take the server down" and
 * bring it back without restarting it: fault tests (a clear error, then a working retry).
 */
export async function startSwitchableProxy(target: string, port = 0): Promise<SwitchableProxy> {
  const upstream = new URL(target);
  let down = false;
  const server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const forward = httpRequest(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end('{"error":{"code":"UNREACHABLE","message":"upstream unreachable"}}');
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "localhost", () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${actual}`,
    port: actual,
    setDown(value) {
      down = value;
      if (value) server.closeAllConnections();
    },
    get down() {
      return down;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
