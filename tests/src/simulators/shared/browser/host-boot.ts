import type { SimDirectory, SimTicket } from "../sim-ticket";
import { h } from "./dom";
import { simulatorDrawer, toastRegion } from "./sim-chrome";
import { Workspace } from "./workspace";

/** Boot config fields every simulated agent page gets (see hostPageRoutes in ../host-page.ts). */
export interface HostPageConfig {
  basePath: string;
  ticketId: number;
  tickets: Array<{ id: number; subject: string }>;
  appSrc: string;
  appOrigin: string;
  appName: string;
  links: Array<{ label: string; href: string }>;
}

export function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/**
 * Starts an agent page: reads its boot config, loads the ticket into a Workspace, applies the
 * platform's stylesheet and creates the simulator's own toasts and drawer.
 */
export async function bootHostPage<C extends HostPageConfig>(css: string) {
  const config = JSON.parse(document.getElementById("sim-config")?.textContent ?? "{}") as C;
  const api = `${config.basePath}/_sim/api/tickets/${config.ticketId}`;
  const loaded = (await (await fetch(api)).json()) as {
    ticket: SimTicket;
    directory: SimDirectory;
  };
  const workspace = new Workspace(loaded.ticket, loaded.directory);

  const style = document.createElement("style");
  style.textContent = css;
  document.head.append(style);

  const toasts = toastRegion();
  const drawer = simulatorDrawer({
    tickets: config.tickets,
    ticketId: config.ticketId,
    ticketHref: (id) => `${config.basePath}/tickets/${id}`,
    links: config.links,
    onCustomerMessage: async (text) => {
      const res = await postJson(`${api}/customer-message`, { text });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    },
  });
  return { config, api, workspace, directory: loaded.directory, toasts, drawer };
}

/** Runs the page's main; if it fails, the page says so instead of staying blank. */
export function runHostPage(main: () => Promise<void>): void {
  main().catch((err) => {
    document.body.textContent = `The simulator failed to start: ${(err as Error).message}`;
  });
}

/** What end-to-end tests read and drive on the page (`window.tandemSim`). */
export function exposeSimulator(sim: Record<string, unknown>): void {
  (window as unknown as { tandemSim: unknown }).tandemSim = sim;
}

/**
 * The page frame: the helpdesk's top bar and main area (classes prefixed per platform, e.g.
 * `zd-shell`), then the simulator's own drawer and toasts.
 */
export function mountHostPage(options: {
  prefix: string;
  product: string;
  badge: string;
  agentName: string;
  main: Node[];
  drawer: { element: HTMLElement };
  toasts: { element: HTMLElement };
  /** Page-level elements after the simulator's (e.g. a dialog). */
  extra?: Node[];
}): void {
  const { prefix } = options;
  document.body.append(
    h(
      "div",
      { class: `${prefix}-shell` },
      h(
        "nav",
        { class: `${prefix}-topbar`, "aria-label": options.product },
        h("span", { class: `${prefix}-logo` }, options.product),
        h("span", { class: `${prefix}-sim-badge` }, options.badge),
        h("span", { class: `${prefix}-agent` }, options.agentName),
      ),
      h("main", { class: `${prefix}-main` }, ...options.main),
      options.drawer.element,
      options.toasts.element,
      ...(options.extra ?? []),
    ),
  );
}
