import { basicAuth, type FetchLike, HelpdeskApiError, HttpClient } from "./http";

/** Zendesk REST shapes, limited to the fields we read (developer.zendesk.com API reference). */
export interface ZendeskTicket {
  id: number;
  subject: string | null;
  description?: string | null;
  status: string;
  priority: string | null;
  type: string | null;
  tags: string[];
  requester_id: number;
  assignee_id: number | null;
  group_id: number | null;
  custom_fields?: { id: number; value: unknown }[];
  created_at: string;
  updated_at: string;
}

export interface ZendeskComment {
  id: number;
  type?: string;
  author_id: number;
  body: string;
  html_body?: string;
  plain_body?: string;
  public: boolean;
  created_at: string;
}

export interface ZendeskUser {
  id: number;
  name: string;
  email?: string | null;
  role: "end-user" | "agent" | "admin" | string;
  locale?: string | null;
}

export interface ZendeskGroup {
  id: number;
  name: string;
}

export interface ZendeskArticle {
  id: number;
  title: string;
  body: string | null;
  html_url?: string;
  locale: string;
  draft: boolean;
  user_segment_id: number | null;
  label_names?: string[];
  updated_at: string;
}

export interface ZendeskUserSegment {
  id: number;
  user_type: "signed_in_users" | "staff" | string;
}

export interface ZendeskWebhookInput {
  name: string;
  endpoint: string;
  status: "active" | "inactive";
  http_method: "POST";
  request_format: "json";
  subscriptions: string[];
}

export interface ZendeskTriggerInput {
  title: string;
  description?: string;
  active: boolean;
  conditions: {
    all: { field: string; operator: string; value?: string }[];
    any: { field: string; operator: string; value?: string }[];
  };
  actions: { field: string; value: unknown }[];
}

export type ZendeskAuth =
  | { type: "api_token"; email: string; token: string }
  | { type: "oauth"; token: string };

export interface ZendeskClientOptions {
  baseUrl: string;
  auth: ZendeskAuth;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

export function zendeskBaseUrl(subdomain: string): string {
  return `https://${subdomain}.zendesk.com`;
}

interface Paged {
  next_page?: string | null;
  meta?: { has_more?: boolean };
  links?: { next?: string | null };
}

/** Either pagination style Zendesk answers with: cursor (`links.next`) or offset (`next_page`). */
function nextPage(page: Paged): string | null {
  if (page.meta && page.links) return page.meta.has_more ? (page.links.next ?? null) : null;
  return page.next_page ?? null;
}

const MAX_PAGES = 200;

export class ZendeskClient {
  readonly http: HttpClient;

  constructor(options: ZendeskClientOptions) {
    const authorization =
      options.auth.type === "api_token"
        ? basicAuth(`${options.auth.email}/token`, options.auth.token)
        : `Bearer ${options.auth.token}`;
    this.http = new HttpClient({
      baseUrl: options.baseUrl,
      authorization,
      product: "Zendesk",
      fetch: options.fetch,
      sleep: options.sleep,
      timeoutMs: options.timeoutMs,
    });
  }

  async getTicket(id: string): Promise<ZendeskTicket> {
    const { data } = await this.http.json<{ ticket: ZendeskTicket }>(
      `/api/v2/tickets/${encodeURIComponent(id)}.json`,
    );
    if (!data?.ticket) throw new HelpdeskApiError("bad_response", "Zendesk sent no ticket");
    return data.ticket;
  }

  /** All comments, oldest first, with their authors sideloaded. */
  async listComments(
    ticketId: string,
  ): Promise<{ comments: ZendeskComment[]; users: ZendeskUser[] }> {
    const comments: ZendeskComment[] = [];
    const users = new Map<number, ZendeskUser>();
    let url: string | null = `/api/v2/tickets/${encodeURIComponent(ticketId)}/comments.json`;
    let query: Record<string, string | number> | undefined = {
      include: "users",
      "page[size]": 100,
      sort_order: "asc",
    };
    for (let pages = 0; url && pages < MAX_PAGES; pages += 1) {
      const { data }: { data: Paged & { comments?: ZendeskComment[]; users?: ZendeskUser[] } } =
        await this.http.json(url, { query });
      for (const comment of data.comments ?? []) comments.push(comment);
      for (const user of data.users ?? []) users.set(user.id, user);
      url = nextPage(data);
      query = undefined;
    }
    return { comments, users: [...users.values()] };
  }

  async getUser(id: number | string): Promise<ZendeskUser> {
    const { data } = await this.http.json<{ user: ZendeskUser }>(
      `/api/v2/users/${encodeURIComponent(String(id))}.json`,
    );
    if (!data?.user) throw new HelpdeskApiError("bad_response", "Zendesk sent no user");
    return data.user;
  }

  async getGroup(id: number | string): Promise<ZendeskGroup> {
    const { data } = await this.http.json<{ group: ZendeskGroup }>(
      `/api/v2/groups/${encodeURIComponent(String(id))}.json`,
    );
    if (!data?.group) throw new HelpdeskApiError("bad_response", "Zendesk sent no group");
    return data.group;
  }

  /**
   * Help Center incremental export: articles whose metadata changed at or after `startTime`
   * (epoch seconds). Answers the `end_time` to use as the next start.
   */
  async listArticlesChangedSince(
    startTime: number,
  ): Promise<{ articles: ZendeskArticle[]; endTime: number }> {
    const articles: ZendeskArticle[] = [];
    let endTime = startTime;
    let url: string | null = "/api/v2/help_center/incremental/articles.json";
    let query: Record<string, number> | undefined = { start_time: startTime };
    for (let pages = 0; url && pages < MAX_PAGES; pages += 1) {
      const { data }: { data: Paged & { articles?: ZendeskArticle[]; end_time?: number } } =
        await this.http.json(url, { query });
      articles.push(...(data.articles ?? []));
      if (typeof data.end_time === "number") endTime = Math.max(endTime, data.end_time);
      const next = nextPage(data);
      // The incremental export repeats the last page's URL when there is nothing newer.
      url = next && next !== url ? next : null;
      query = undefined;
    }
    return { articles, endTime };
  }

  /** Every article (for the periodic reconciliation that finds deletions). */
  async listAllArticles(): Promise<ZendeskArticle[]> {
    const articles: ZendeskArticle[] = [];
    let url: string | null = "/api/v2/help_center/articles.json";
    let query: Record<string, number> | undefined = { "page[size]": 100 };
    for (let pages = 0; url && pages < MAX_PAGES; pages += 1) {
      const { data }: { data: Paged & { articles?: ZendeskArticle[] } } = await this.http.json(
        url,
        { query },
      );
      articles.push(...(data.articles ?? []));
      url = nextPage(data);
      query = undefined;
    }
    return articles;
  }

  async listUserSegments(): Promise<ZendeskUserSegment[]> {
    const segments: ZendeskUserSegment[] = [];
    let url: string | null = "/api/v2/help_center/user_segments.json";
    for (let pages = 0; url && pages < MAX_PAGES; pages += 1) {
      const { data }: { data: Paged & { user_segments?: ZendeskUserSegment[] } } =
        await this.http.json(url);
      segments.push(...(data.user_segments ?? []));
      url = nextPage(data);
    }
    return segments;
  }

  async upsertWebhook(id: string | null, webhook: ZendeskWebhookInput): Promise<{ id: string }> {
    const { data } = id
      ? await this.http.json<{ webhook?: { id: string } }>(
          `/api/v2/webhooks/${encodeURIComponent(id)}`,
          { method: "PUT", body: { webhook } },
        )
      : await this.http.json<{ webhook?: { id: string } }>("/api/v2/webhooks", {
          method: "POST",
          body: { webhook },
        });
    // PUT answers 204 No Content.
    const resolved = data?.webhook?.id ?? id;
    if (!resolved) throw new HelpdeskApiError("bad_response", "Zendesk sent no webhook id");
    return { id: String(resolved) };
  }

  async getWebhookSigningSecret(id: string): Promise<string> {
    const { data } = await this.http.json<{ signing_secret?: { secret?: string } }>(
      `/api/v2/webhooks/${encodeURIComponent(id)}/signing_secret`,
    );
    const secret = data?.signing_secret?.secret;
    if (!secret) throw new HelpdeskApiError("bad_response", "Zendesk sent no signing secret");
    return secret;
  }

  async upsertTrigger(id: string | null, trigger: ZendeskTriggerInput): Promise<{ id: string }> {
    const { data } = id
      ? await this.http.json<{ trigger?: { id: number | string } }>(
          `/api/v2/triggers/${encodeURIComponent(id)}.json`,
          { method: "PUT", body: { trigger } },
        )
      : await this.http.json<{ trigger?: { id: number | string } }>("/api/v2/triggers.json", {
          method: "POST",
          body: { trigger },
        });
    const resolved = data?.trigger?.id ?? id;
    if (resolved === undefined || resolved === null) {
      throw new HelpdeskApiError("bad_response", "Zendesk sent no trigger id");
    }
    return { id: String(resolved) };
  }

  /** A cheap authenticated call to check credentials. */
  async me(): Promise<ZendeskUser> {
    const { data } = await this.http.json<{ user: ZendeskUser | { id: null } }>(
      "/api/v2/users/me.json",
    );
    // Unrecognised credentials can come back as 200 with the anonymous user (id null).
    if (!data?.user || data.user.id === null) {
      throw new HelpdeskApiError("auth", "Zendesk did not recognise the stored credentials");
    }
    return data.user as ZendeskUser;
  }
}
