import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TicketContext } from "@tandem/shared";
import { htmlToText } from "@tandem/sidebar";
import type {
  FreshdeskArticle,
  FreshdeskContact,
  FreshdeskConversation,
  FreshdeskFolder,
  FreshdeskTicket,
} from "../connectors/freshdesk";
import type {
  ZendeskArticle,
  ZendeskComment,
  ZendeskTicket,
  ZendeskUser,
} from "../connectors/zendesk";

/**
 * A local stand-in for the Zendesk and Freshdesk REST endpoints Tandem calls, answering the
 * documented shapes (developer.zendesk.com, developers.freshdesk.com/api): auth checks,
 * cursor / offset / Link pagination, sideloads, incremental article export, webhook + trigger
 * creation, and injectable failures (429 with Retry-After, 5xx).
 */
export interface FakeHelpdesk {
  url: string;
  zendesk: {
    email: string;
    token: string;
    oauthToken: string;
    tickets: Map<number, ZendeskTicket>;
    comments: Map<number, ZendeskComment[]>;
    users: Map<number, ZendeskUser>;
    groups: Map<number, { id: number; name: string }>;
    articles: Map<number, ZendeskArticle & { edited_at_epoch: number }>;
    segments: { id: number; user_type: string; name: string }[];
    webhooks: Map<string, Record<string, unknown> & { signingSecret: string }>;
    triggers: Map<string, Record<string, unknown>>;
  };
  freshdesk: {
    apiKey: string;
    tickets: Map<number, FreshdeskTicket>;
    conversations: Map<number, FreshdeskConversation[]>;
    contacts: Map<number, FreshdeskContact>;
    categories: { id: number; name: string }[];
    folders: Map<number, (FreshdeskFolder & { parent?: number })[]>;
    articles: Map<number, FreshdeskArticle[]>;
  };
  /** Every request, in order: method and path (with query). */
  requests: { method: string; path: string }[];
  /** The next requests whose path matches get this answer instead (once each). */
  failNext(pattern: RegExp, status: number, headers?: Record<string, string>): void;
  /** Adds a Zendesk ticket with its first (public, customer) comment; returns its id. */
  addZendeskTicket(input: {
    subject: string;
    body: string;
    requester?: Partial<ZendeskUser>;
    tags?: string[];
    status?: string;
    priority?: string | null;
  }): number;
  addZendeskComment(
    ticketId: number,
    input: { body: string; authorId?: number; public?: boolean },
  ): number;
  addZendeskArticle(input: Partial<ZendeskArticle> & { title: string; body: string }): number;
  addFreshdeskTicket(input: {
    subject: string;
    body: string;
    requester?: Partial<FreshdeskContact>;
    tags?: string[];
  }): number;
  addFreshdeskReply(
    ticketId: number,
    input: { body: string; incoming?: boolean; private?: boolean },
  ): number;
  close(): Promise<void>;
}

const AGENT_ID = 900;

/**
 * The TicketContext the Zendesk sidebar sends for a ticket of the fake, built the way the app
 * maps ZAF's `ticket.conversation` (positional message ids, comment HTML turned to text).
 */
export function zendeskSidebarContext(fake: FakeHelpdesk, ticketId: number): TicketContext {
  const ticket = fake.zendesk.tickets.get(ticketId);
  if (!ticket) throw new Error(`no ticket ${ticketId}`);
  const requester = fake.zendesk.users.get(ticket.requester_id);
  return {
    platform: "zendesk",
    id: String(ticket.id),
    subject: ticket.subject ?? "",
    status: ticket.status,
    priority: ticket.priority,
    type: ticket.type,
    tags: ticket.tags,
    requester: {
      id: String(ticket.requester_id),
      name: requester?.name ?? "Customer",
      ...(requester?.email ? { email: requester.email } : {}),
      ...(requester?.locale ? { locale: requester.locale } : {}),
    },
    messages: (fake.zendesk.comments.get(ticketId) ?? []).map((c, index) => {
      const role = fake.zendesk.users.get(c.author_id)?.role;
      return {
        id: `${ticket.id}-${index + 1}`,
        author: role === "end-user" ? ("customer" as const) : ("agent" as const),
        public: c.public,
        body: htmlToText(c.html_body ?? c.body),
        createdAt: c.created_at,
      };
    }),
  };
}

export async function startFakeHelpdesk(): Promise<FakeHelpdesk> {
  let nextId = 1000;
  const id = () => ++nextId;
  const clock = { t: Date.parse("2026-01-01T10:00:00Z") };
  const tick = () => {
    clock.t += 1000;
    return clock.t;
  };
  const now = () => new Date(tick()).toISOString();

  const zendesk: FakeHelpdesk["zendesk"] = {
    email: "admin@acme.test",
    token: "zd-api-token-123456",
    oauthToken: "zd-oauth-token-123456",
    tickets: new Map(),
    comments: new Map(),
    users: new Map([
      [
        AGENT_ID,
        {
          id: AGENT_ID,
          name: "Alex Agent",
          email: "alex@acme.test",
          role: "agent",
          locale: "en-US",
        },
      ],
    ]),
    groups: new Map([[77, { id: 77, name: "Billing" }]]),
    articles: new Map(),
    segments: [
      { id: 501, user_type: "signed_in_users", name: "Signed-in users" },
      { id: 502, user_type: "staff", name: "Agents and admins" },
    ],
    webhooks: new Map(),
    triggers: new Map(),
  };
  const freshdesk: FakeHelpdesk["freshdesk"] = {
    apiKey: "fd-api-key-123456",
    tickets: new Map(),
    conversations: new Map(),
    contacts: new Map(),
    categories: [],
    folders: new Map(),
    articles: new Map(),
  };
  const requests: FakeHelpdesk["requests"] = [];
  const failures: { pattern: RegExp; status: number; headers: Record<string, string> }[] = [];

  const send = (
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  const authOf = (req: IncomingMessage): "zendesk" | "freshdesk" | null => {
    const header = req.headers.authorization ?? "";
    if (header === `Bearer ${zendesk.oauthToken}`) return "zendesk";
    const basic = /^Basic (.+)$/.exec(header);
    if (!basic?.[1]) return null;
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    if (decoded === `${zendesk.email}/token:${zendesk.token}`) return "zendesk";
    if (decoded === `${freshdesk.apiKey}:X`) return "freshdesk";
    return null;
  };

  /** Cursor pagination (`page[size]`, `page[after]`) the way Zendesk answers it. */
  const cursorPage = <T>(
    base: string,
    url: URL,
    items: T[],
    key: string,
  ): Record<string, unknown> => {
    const size = Math.min(100, Number(url.searchParams.get("page[size]") ?? 100));
    const after = Number(url.searchParams.get("page[after]") ?? 0);
    const slice = items.slice(after, after + size);
    const hasMore = after + size < items.length;
    const next = new URL(base);
    for (const [k, v] of url.searchParams) next.searchParams.set(k, v);
    next.searchParams.set("page[after]", String(after + size));
    return {
      [key]: slice,
      meta: { has_more: hasMore, after_cursor: hasMore ? String(after + size) : null },
      links: { next: hasMore ? next.toString() : null },
    };
  };

  /** Freshdesk pagination: `page` / `per_page` and a `Link: <…>; rel="next"` header. */
  const linkPage = <T>(base: string, url: URL, items: T[]) => {
    const perPage = Math.min(100, Number(url.searchParams.get("per_page") ?? 30));
    const page = Number(url.searchParams.get("page") ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < items.length) {
      const next = new URL(base);
      next.searchParams.set("per_page", String(perPage));
      next.searchParams.set("page", String(page + 1));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    return { slice, headers };
  };

  let baseUrl = "";

  const zendeskRoutes = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const path = url.pathname;
    let m: RegExpExecArray | null;
    m = /^\/api\/v2\/tickets\/(\d+)\.json$/.exec(path);
    if (m) {
      const ticket = zendesk.tickets.get(Number(m[1]));
      return ticket ? send(res, 200, { ticket }) : send(res, 404, { error: "RecordNotFound" });
    }
    m = /^\/api\/v2\/tickets\/(\d+)\/comments\.json$/.exec(path);
    if (m) {
      const ticketId = Number(m[1]);
      if (!zendesk.tickets.has(ticketId)) return send(res, 404, { error: "RecordNotFound" });
      const comments = zendesk.comments.get(ticketId) ?? [];
      const page = cursorPage(`${baseUrl}${path}`, url, comments, "comments");
      if (url.searchParams.get("include") === "users") {
        const ids = new Set((page.comments as ZendeskComment[]).map((c) => c.author_id));
        page.users = [...ids].map((i) => zendesk.users.get(i)).filter(Boolean);
      }
      return send(res, 200, page);
    }
    if (path === "/api/v2/users/me.json")
      return send(res, 200, { user: zendesk.users.get(AGENT_ID) });
    m = /^\/api\/v2\/users\/(\d+)\.json$/.exec(path);
    if (m) {
      const user = zendesk.users.get(Number(m[1]));
      return user ? send(res, 200, { user }) : send(res, 404, { error: "RecordNotFound" });
    }
    m = /^\/api\/v2\/groups\/(\d+)\.json$/.exec(path);
    if (m) {
      const group = zendesk.groups.get(Number(m[1]));
      return group ? send(res, 200, { group }) : send(res, 404, { error: "RecordNotFound" });
    }
    if (path === "/api/v2/help_center/incremental/articles.json") {
      const start = Number(url.searchParams.get("start_time") ?? 0);
      const changed = [...zendesk.articles.values()]
        .filter((a) => a.edited_at_epoch >= start)
        .sort((a, b) => a.edited_at_epoch - b.edited_at_epoch);
      const endTime =
        changed.length > 0 ? (changed[changed.length - 1]?.edited_at_epoch ?? start) : start;
      return send(res, 200, {
        articles: changed.map(({ edited_at_epoch: _e, ...a }) => a),
        count: changed.length,
        end_time: endTime,
        next_page: null,
      });
    }
    if (path === "/api/v2/help_center/articles.json") {
      const all = [...zendesk.articles.values()].map(({ edited_at_epoch: _e, ...a }) => a);
      return send(res, 200, cursorPage(`${baseUrl}${path}`, url, all, "articles"));
    }
    if (path === "/api/v2/help_center/user_segments.json") {
      return send(res, 200, { user_segments: zendesk.segments, next_page: null });
    }
    if (path === "/api/v2/webhooks" && req.method === "POST") {
      const body = (await readBody(req)).webhook as Record<string, unknown>;
      const webhookId = `01H${id()}`;
      zendesk.webhooks.set(webhookId, {
        ...body,
        id: webhookId,
        signingSecret: `zd-sign-${webhookId}`,
      });
      return send(res, 201, { webhook: { ...body, id: webhookId } });
    }
    m = /^\/api\/v2\/webhooks\/([^/]+)$/.exec(path);
    if (m && req.method === "PUT") {
      const existing = zendesk.webhooks.get(m[1] ?? "");
      if (!existing) return send(res, 404, { errors: [{ code: "WebhookNotFound" }] });
      const body = (await readBody(req)).webhook as Record<string, unknown>;
      zendesk.webhooks.set(m[1] ?? "", { ...existing, ...body });
      return send(res, 204);
    }
    m = /^\/api\/v2\/webhooks\/([^/]+)\/signing_secret$/.exec(path);
    if (m) {
      const webhook = zendesk.webhooks.get(m[1] ?? "");
      if (!webhook) return send(res, 404, { errors: [{ code: "WebhookNotFound" }] });
      return send(res, 200, {
        signing_secret: { algorithm: "SHA256", secret: webhook.signingSecret },
      });
    }
    if (path === "/api/v2/triggers.json" && req.method === "POST") {
      const body = (await readBody(req)).trigger as Record<string, unknown>;
      const triggerId = String(id());
      zendesk.triggers.set(triggerId, { ...body, id: Number(triggerId) });
      return send(res, 201, { trigger: { ...body, id: Number(triggerId) } });
    }
    m = /^\/api\/v2\/triggers\/(\d+)\.json$/.exec(path);
    if (m && req.method === "PUT") {
      if (!zendesk.triggers.has(m[1] ?? "")) return send(res, 404, { error: "RecordNotFound" });
      const body = (await readBody(req)).trigger as Record<string, unknown>;
      zendesk.triggers.set(m[1] ?? "", { ...body, id: Number(m[1]) });
      return send(res, 200, { trigger: { ...body, id: Number(m[1]) } });
    }
    return send(res, 404, { error: "InvalidEndpoint" });
  };

  const freshdeskRoutes = async (_req: IncomingMessage, res: ServerResponse, url: URL) => {
    const path = url.pathname;
    let m: RegExpExecArray | null;
    m = /^\/api\/v2\/tickets\/(\d+)$/.exec(path);
    if (m) {
      const ticket = freshdesk.tickets.get(Number(m[1]));
      if (!ticket) return send(res, 404, { code: "access_denied" });
      const include = (url.searchParams.get("include") ?? "").split(",");
      const body: FreshdeskTicket = { ...ticket };
      if (include.includes("requester"))
        body.requester = freshdesk.contacts.get(ticket.requester_id);
      // Embedded conversations are capped at ten, like the real API.
      if (include.includes("conversations"))
        body.conversations = (freshdesk.conversations.get(ticket.id) ?? []).slice(0, 10);
      return send(res, 200, body);
    }
    m = /^\/api\/v2\/tickets\/(\d+)\/conversations$/.exec(path);
    if (m) {
      const all = freshdesk.conversations.get(Number(m[1]));
      if (!all) return send(res, 404, { code: "access_denied" });
      const { slice, headers } = linkPage(`${baseUrl}${path}`, url, all);
      return send(res, 200, slice, headers);
    }
    m = /^\/api\/v2\/contacts\/(\d+)$/.exec(path);
    if (m) {
      const contact = freshdesk.contacts.get(Number(m[1]));
      return contact ? send(res, 200, contact) : send(res, 404, { code: "access_denied" });
    }
    if (path === "/api/v2/agents/me")
      return send(res, 200, { id: AGENT_ID, contact: { name: "Alex Agent" } });
    if (path === "/api/v2/solutions/categories") {
      const { slice, headers } = linkPage(`${baseUrl}${path}`, url, freshdesk.categories);
      return send(res, 200, slice, headers);
    }
    m = /^\/api\/v2\/solutions\/categories\/(\d+)\/folders$/.exec(path);
    if (m) {
      const folders = (freshdesk.folders.get(Number(m[1])) ?? []).filter(
        (f) => f.parent === undefined,
      );
      return send(res, 200, folders);
    }
    m = /^\/api\/v2\/solutions\/folders\/(\d+)\/subfolders$/.exec(path);
    if (m) {
      const parent = Number(m[1]);
      const all = [...freshdesk.folders.values()].flat().filter((f) => f.parent === parent);
      return send(res, 200, all);
    }
    m = /^\/api\/v2\/solutions\/folders\/(\d+)\/articles$/.exec(path);
    if (m) {
      const { slice, headers } = linkPage(
        `${baseUrl}${path}`,
        url,
        freshdesk.articles.get(Number(m[1])) ?? [],
      );
      return send(res, 200, slice, headers);
    }
    return send(res, 404, { code: "invalid_endpoint" });
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", baseUrl);
    requests.push({ method: req.method ?? "GET", path: `${url.pathname}${url.search}` });
    const failure = failures.findIndex((f) => f.pattern.test(url.pathname));
    if (failure >= 0) {
      const [f] = failures.splice(failure, 1);
      if (f) return send(res, f.status, { error: "injected" }, f.headers);
    }
    const who = authOf(req);
    if (!who) return send(res, 401, { error: "Couldn't authenticate you" });
    const handler = who === "zendesk" ? zendeskRoutes : freshdeskRoutes;
    handler(req, res, url).catch(() => send(res, 500, { error: "fake failed" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeHelpdesk = {
    url: baseUrl,
    zendesk,
    freshdesk,
    requests,
    failNext(pattern, status, headers = {}) {
      failures.push({ pattern, status, headers });
    },
    addZendeskTicket(input) {
      const requesterId = input.requester?.id ?? id();
      zendesk.users.set(requesterId, {
        id: requesterId,
        name: input.requester?.name ?? "Marta Customer",
        email: input.requester?.email ?? `customer${requesterId}@example.test`,
        role: "end-user",
        locale: input.requester?.locale ?? "en-US",
      });
      const ticketId = id();
      const createdAt = now();
      zendesk.tickets.set(ticketId, {
        id: ticketId,
        subject: input.subject,
        description: input.body,
        status: input.status ?? "new",
        priority: input.priority ?? null,
        type: null,
        tags: input.tags ?? [],
        requester_id: requesterId,
        assignee_id: null,
        group_id: 77,
        custom_fields: [],
        created_at: createdAt,
        updated_at: createdAt,
      });
      zendesk.comments.set(ticketId, []);
      fake.addZendeskComment(ticketId, { body: input.body, authorId: requesterId });
      return ticketId;
    },
    addZendeskComment(ticketId, input) {
      const ticket = zendesk.tickets.get(ticketId);
      if (!ticket) throw new Error(`no ticket ${ticketId}`);
      const commentId = id();
      const createdAt = now();
      const list = zendesk.comments.get(ticketId) ?? [];
      list.push({
        id: commentId,
        type: "Comment",
        author_id: input.authorId ?? ticket.requester_id,
        body: input.body,
        html_body: `<div class="zd-comment"><p>${input.body}</p></div>`,
        plain_body: input.body,
        public: input.public ?? true,
        created_at: createdAt,
      });
      zendesk.comments.set(ticketId, list);
      ticket.updated_at = createdAt;
      return commentId;
    },
    addZendeskArticle(input) {
      const articleId = input.id ?? id();
      const editedAt = Math.floor(tick() / 1000);
      zendesk.articles.set(articleId, {
        id: articleId,
        title: input.title,
        body: input.body,
        html_url: input.html_url ?? `https://acme.zendesk.com/hc/en-us/articles/${articleId}`,
        locale: input.locale ?? "en-us",
        draft: input.draft ?? false,
        user_segment_id: input.user_segment_id ?? null,
        label_names: input.label_names ?? [],
        updated_at: new Date(editedAt * 1000).toISOString(),
        edited_at_epoch: editedAt,
      });
      return articleId;
    },
    addFreshdeskTicket(input) {
      const requesterId = input.requester?.id ?? id();
      freshdesk.contacts.set(requesterId, {
        id: requesterId,
        name: input.requester?.name ?? "Marta Customer",
        email: input.requester?.email ?? `customer${requesterId}@example.test`,
        language: input.requester?.language ?? "en",
      });
      const ticketId = id();
      const createdAt = now();
      freshdesk.tickets.set(ticketId, {
        id: ticketId,
        subject: input.subject,
        description: `<div>${input.body}</div>`,
        description_text: input.body,
        status: 2,
        priority: 1,
        type: null,
        tags: input.tags ?? [],
        requester_id: requesterId,
        responder_id: null,
        group_id: null,
        custom_fields: {},
        created_at: createdAt,
        updated_at: createdAt,
      });
      freshdesk.conversations.set(ticketId, []);
      return ticketId;
    },
    addFreshdeskReply(ticketId, input) {
      const ticket = freshdesk.tickets.get(ticketId);
      if (!ticket) throw new Error(`no ticket ${ticketId}`);
      const conversationId = id();
      const incoming = input.incoming ?? true;
      const list = freshdesk.conversations.get(ticketId) ?? [];
      list.push({
        id: conversationId,
        body: `<div>${input.body}</div>`,
        body_text: input.body,
        incoming,
        private: input.private ?? false,
        user_id: incoming ? ticket.requester_id : AGENT_ID,
        source: 0,
        created_at: now(),
      });
      freshdesk.conversations.set(ticketId, list);
      return conversationId;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
