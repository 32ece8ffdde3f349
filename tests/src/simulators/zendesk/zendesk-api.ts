import type { TicketStore } from "../shared/ticket-store";
import { restTicket, zafComment } from "./zendesk-shapes";

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

const notFound = () => json({ error: "RecordNotFound", description: "Not found" }, 404);

/**
 * The few Zendesk Support REST endpoints an app reaches through `client.request('/api/v2/…')`
 * (same-account, cookie-authenticated in Zendesk, so no credentials here).
 */
export function createZendeskApi(store: TicketStore): (request: Request) => Promise<Response> {
  return async (request) => {
    const { pathname } = new URL(request.url);
    const method = request.method.toUpperCase();
    const { directory } = store;
    let m: string[] = [];
    const matches = (pattern: RegExp, value: string) => {
      const found = pattern.exec(value);
      m = found ? [...found] : [];
      return found !== null;
    };

    if (method === "GET" && matches(/^\/api\/v2\/tickets\/(\d+)\.json$/, pathname)) {
      const ticket = store.get(Number(m[1]));
      return ticket ? json({ ticket: restTicket(ticket) }) : notFound();
    }
    if (method === "GET" && matches(/^\/api\/v2\/tickets\/(\d+)\/comments\.json$/, pathname)) {
      const ticket = store.get(Number(m[1]));
      return ticket
        ? json({
            comments: ticket.messages.map(zafComment),
            next_page: null,
            count: ticket.messages.length,
          })
        : notFound();
    }
    if (method === "GET" && pathname === "/api/v2/users/me.json") {
      const u = directory.currentUser;
      return json({
        user: { id: u.id, name: u.name, email: u.email, locale: u.locale, role: u.role },
      });
    }
    if (method === "GET" && pathname === "/api/v2/groups.json") {
      return json({ groups: directory.groups, next_page: null, count: directory.groups.length });
    }
    if (method === "GET" && pathname === "/api/v2/macros/active.json") {
      return json({
        macros: directory.macros.map((macro) => ({
          id: macro.id,
          title: macro.title,
          active: true,
        })),
        next_page: null,
        count: directory.macros.length,
      });
    }
    if (method === "GET" && matches(/^\/api\/v2\/macros\/(\d+)\/apply\.json$/, pathname)) {
      const macro = directory.macros.find((x) => x.id === Number(m[1]));
      if (!macro) return notFound();
      return json({
        result: {
          ticket: {
            ...(macro.status ? { status: macro.status } : {}),
            ...(macro.priority ? { priority: macro.priority } : {}),
            ...(macro.type ? { type: macro.type } : {}),
          },
          comment: macro.html ? { html_body: macro.html, public: true } : undefined,
        },
      });
    }
    return json({ error: "InvalidEndpoint", description: "Not found" }, 404);
  };
}
