import { type Context, Hono } from "hono";
import { bundleBrowserScript } from "../../lib/browser-bundle";
import { escapeHtml, type SimTicket } from "./sim-ticket";
import { ticketRoutes } from "./ticket-routes";
import type { TicketStore } from "./ticket-store";

/** Settings the browser side of a simulator boots with (never secrets). */
export type HostBootConfig = Record<string, unknown>;

/** The HTML shell of a simulated agent page; the bundled host script renders the rest. */
export function hostPageHtml(options: {
  title: string;
  platform: "zendesk" | "freshdesk";
  scriptUrl: string;
  config: HostBootConfig;
}): string {
  // `<` is escaped so ticket text inside the JSON can never close the script element.
  const json = JSON.stringify(options.config).replaceAll("<", "\\u003c");
  return `<!doctype html>
<html lang="en" data-platform="${options.platform}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
<noscript>The simulated helpdesk needs JavaScript.</noscript>
<script id="sim-config" type="application/json">${json}</script>
<script src="${escapeHtml(options.scriptUrl)}"></script>
</body>
</html>`;
}

/**
 * What both simulated helpdesks serve the same way: `/` opens the first ticket, `/tickets/:id`
 * is the agent page (the platform supplies its title and boot config), `/_sim/host.js` is its
 * bundled script and `/_sim/api` the page's own backend. Platform routes are added to the result.
 */
export function hostPageRoutes(options: {
  store: TicketStore;
  basePath: string;
  platform: "zendesk" | "freshdesk";
  /** Entry file of the browser script that renders the page. */
  hostScript: string;
  links: Array<{ label: string; href: string }>;
  /** The page for one ticket, or why there is none (answered with 404). */
  ticketPage: (
    c: Context,
    id: number,
    ticket: SimTicket,
  ) => Promise<{ title: string; config: HostBootConfig } | { notFound: string }>;
}): Hono {
  const { store, basePath } = options;
  const host = new Hono();
  host.get("/", (c) => {
    const first = store.list()[0];
    return first ? c.redirect(`${basePath}/tickets/${first.id}`) : c.text("No tickets", 404);
  });

  host.get("/tickets/:id", async (c) => {
    const id = Number(c.req.param("id"));
    const ticket = store.get(id);
    if (!ticket) return c.text("No such ticket", 404);
    const page = await options.ticketPage(c, id, ticket);
    if ("notFound" in page) return c.text(page.notFound, 404);
    return c.html(
      hostPageHtml({
        title: page.title,
        platform: options.platform,
        scriptUrl: `${basePath}/_sim/host.js`,
        config: {
          basePath,
          ticketId: id,
          tickets: store.list().map((t) => ({ id: t.id, subject: t.subject })),
          links: options.links,
          ...page.config,
        },
      }),
    );
  });

  host.get("/_sim/host.js", async () => {
    const script = await bundleBrowserScript(options.hostScript);
    return new Response(script, { headers: { "content-type": "text/javascript; charset=utf-8" } });
  });

  host.route("/_sim/api", ticketRoutes(store));
  return host;
}
