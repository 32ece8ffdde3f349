import type { Hono } from "hono";
import { type Listening, listen } from "../../lib/http";

export interface ServedSimulator<T> {
  /** Where agents open ticket pages, e.g. `${hostUrl}/tickets/1`. */
  hostUrl: string;
  /** The app's own origin (different from the host's, as in the real helpdesks). */
  assetsUrl: string;
  simulator: T;
  close(): Promise<void>;
}

/**
 * Listens on two localhost ports — the helpdesk page and the app's asset origin — and builds the
 * simulator once both URLs are known.
 */
export async function serveSimulator<T extends { host: Hono; assets: Hono }>(
  build: (urls: { hostUrl: string; assetsUrl: string }) => T,
  ports: { host?: number; assets?: number } = {},
): Promise<ServedSimulator<T>> {
  let simulator: T | null = null;
  const notReady = () => new Response("starting", { status: 503 });
  const host: Listening = await listen(
    (req) => (simulator ? simulator.host.fetch(req) : notReady()),
    ports.host ?? 0,
  );
  const assets: Listening = await listen(
    (req) => (simulator ? simulator.assets.fetch(req) : notReady()),
    ports.assets ?? 0,
  );
  simulator = build({ hostUrl: host.url, assetsUrl: assets.url });
  return {
    hostUrl: host.url,
    assetsUrl: assets.url,
    simulator,
    close: async () => {
      await Promise.all([host.close(), assets.close()]);
    },
  };
}
