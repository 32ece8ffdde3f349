import type { SimTicketUpdate } from "../shared/sim-ticket";
import type { TicketStore } from "../shared/ticket-store";
import {
  FD_PRIORITY_FROM,
  FD_STATUS_FROM,
  fdContact,
  fdConversation,
  fdTicket,
} from "./freshdesk-shapes";

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

const notFound = () =>
  json({ code: "access_denied", message: "You are not authorized to perform this action." }, 404);

/**
 * The Freshdesk REST v2 endpoints a sidebar app reaches through a request template
 * (conversations, ticket update, reply, note), with HTTP Basic `<api key>:X` auth.
 */
export function createFreshdeskApi(store: TicketStore, apiKey: string | null) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname.replace(/^.*?(\/api\/v2\/)/, "$1");
    if (apiKey !== null) {
      const auth = request.headers.get("authorization") ?? "";
      // Freshdesk documents `<key>:X`; the official request-template samples send `encode(key)`.
      const accepted = [`${apiKey}:X`, apiKey].map(
        (v) => `Basic ${Buffer.from(v).toString("base64")}`,
      );
      if (!accepted.includes(auth))
        return json(
          {
            code: "invalid_credentials",
            message: "You have to be logged in to perform this action.",
          },
          401,
        );
    }
    const method = request.method.toUpperCase();
    let m: string[] = [];
    const matches = (pattern: RegExp, value: string) => {
      const found = pattern.exec(value);
      m = found ? [...found] : [];
      return found !== null;
    };
    const readBody = async () =>
      (await request.json().catch(() => null)) as Record<string, unknown> | null;

    if (matches(/^\/api\/v2\/tickets\/(\d+)$/, path)) {
      const id = Number(m[1]);
      if (method === "GET") {
        const ticket = store.get(id);
        if (!ticket) return notFound();
        const include = (url.searchParams.get("include") ?? "").split(",");
        return json({
          ...fdTicket(ticket),
          ...(include.includes("conversations")
            ? { conversations: fdConversation(ticket).slice(0, 10) }
            : {}),
          ...(include.includes("requester") ? { requester: fdContact(ticket) } : {}),
        });
      }
      if (method === "PUT") {
        const body = await readBody();
        if (!body)
          return json(
            {
              description: "Validation failed",
              errors: [{ field: "body", message: "Invalid JSON" }],
            },
            400,
          );
        const update: SimTicketUpdate = {};
        if (body.status !== undefined) {
          const s = FD_STATUS_FROM[Number(body.status)];
          if (!s)
            return json(
              {
                description: "Validation failed",
                errors: [
                  {
                    field: "status",
                    message: "It should be one of these values: '2,3,4,5'",
                    code: "invalid_value",
                  },
                ],
              },
              400,
            );
          update.status = s;
        }
        if (body.priority !== undefined) {
          const p = FD_PRIORITY_FROM[Number(body.priority)];
          if (!p)
            return json(
              {
                description: "Validation failed",
                errors: [
                  {
                    field: "priority",
                    message: "It should be one of these values: '1,2,3,4'",
                    code: "invalid_value",
                  },
                ],
              },
              400,
            );
          update.priority = p;
        }
        if (typeof body.type === "string") update.type = body.type.toLowerCase();
        if (Array.isArray(body.tags)) update.tags = body.tags.map(String);
        if (body.group_id !== undefined)
          update.groupId = body.group_id === null ? null : Number(body.group_id);
        if (body.responder_id !== undefined)
          update.assigneeId = body.responder_id === null ? null : Number(body.responder_id);
        if (body.custom_fields && typeof body.custom_fields === "object")
          update.customFields = body.custom_fields as SimTicketUpdate["customFields"];
        const saved = store.update(id, update);
        return saved ? json(fdTicket(saved)) : notFound();
      }
    }
    if (method === "GET" && matches(/^\/api\/v2\/tickets\/(\d+)\/conversations$/, path)) {
      const ticket = store.get(Number(m[1]));
      if (!ticket) return notFound();
      const page = Math.max(1, Number(url.searchParams.get("page") ?? 1));
      const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("per_page") ?? 30)));
      const all = fdConversation(ticket);
      const slice = all.slice((page - 1) * perPage, page * perPage);
      const more = page * perPage < all.length;
      const next = new URL(url);
      next.searchParams.set("page", String(page + 1));
      return json(slice, 200, more ? { link: `<${next.toString()}>; rel="next"` } : {});
    }
    if (method === "POST" && matches(/^\/api\/v2\/tickets\/(\d+)\/(reply|notes)$/, path)) {
      const body = await readBody();
      const html = typeof body?.body === "string" ? body.body : "";
      if (!html.trim())
        return json(
          {
            description: "Validation failed",
            errors: [
              { field: "body", message: "Mandatory attribute missing", code: "missing_field" },
            ],
          },
          400,
        );
      const isNote = m[2] === "notes";
      const saved = store.update(Number(m[1]), {
        comment: { html, public: isNote ? body?.private === false : true },
      });
      if (!saved) return notFound();
      const message = saved.messages.at(-1);
      return json(
        {
          id: message?.id,
          body: html,
          private: isNote ? body?.private !== false : false,
          ticket_id: saved.id,
          created_at: message?.createdAt,
        },
        201,
      );
    }
    if (method === "GET" && matches(/^\/api\/v2\/contacts\/(\d+)$/, path)) {
      const ticket = store.list().find((t) => t.requester.id === Number(m[1]));
      return ticket ? json(fdContact(ticket)) : notFound();
    }
    if (method === "GET" && path === "/api/v2/groups") return json(store.directory.groups);
    if (method === "GET" && path === "/api/v2/agents/me") {
      const u = store.directory.currentUser;
      return json({ id: u.id, contact: { name: u.name, email: u.email } });
    }
    return json({ code: "invalid_path", message: "This path is not valid" }, 404);
  };
}
