import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Listens on localhost (port 0 → any free port) and answers with a fetch-style handler. */
export async function listen(
  fetch: FetchHandler,
  port = 0,
  hostname = "localhost",
): Promise<Listening> {
  const server = await new Promise<ServerType>((resolvePromise, reject) => {
    const s = serve({ fetch, port, hostname }, () => resolvePromise(s));
    s.once("error", reject);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${hostname}:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}

/** Only loopback targets: the simulators never reach the internet. */
export function isLoopbackUrl(value: string): boolean {
  try {
    const { hostname, protocol } = new URL(value);
    return (
      (protocol === "http:" || protocol === "https:") &&
      (hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]")
    );
  } catch {
    return false;
  }
}
