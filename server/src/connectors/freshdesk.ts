import { basicAuth, type FetchLike, HelpdeskApiError, HttpClient, nextLink } from "./http";

/** Freshdesk REST v2 shapes, limited to the fields we read (developers.freshdesk.com/api). */
export interface FreshdeskContact {
  id: number;
  name: string;
  email?: string | null;
  language?: string | null;
}

export interface FreshdeskConversation {
  id: number;
  body?: string | null;
  body_text?: string | null;
  /** true when the message came from outside (the customer). */
  incoming: boolean;
  private: boolean;
  user_id: number;
  source?: number;
  created_at: string;
}

export interface FreshdeskTicket {
  id: number;
  subject: string | null;
  description?: string | null;
  description_text?: string | null;
  status: number;
  priority: number;
  type: string | null;
  /** 1 email, 2 portal, 3 phone, 7 chat, 9 feedback widget, 10 outbound email. */
  source?: number;
  tags?: string[];
  requester_id: number;
  responder_id: number | null;
  group_id: number | null;
  custom_fields?: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  requester?: FreshdeskContact;
  conversations?: FreshdeskConversation[];
}

export interface FreshdeskCategory {
  id: number;
  name: string;
}

export interface FreshdeskFolder {
  id: number;
  name: string;
  /** 1 all users, 2 logged-in users, 3 agents only, 4 selected companies, 5 bots, 6 contact segments, 7 company segments. */
  visibility?: number;
}

export interface FreshdeskArticle {
  id: number;
  title: string;
  description?: string | null;
  description_text?: string | null;
  /** 1 draft, 2 published. */
  status: number;
  folder_id?: number;
  category_id?: number;
  tags?: string[];
  updated_at: string;
}

export interface FreshdeskClientOptions {
  baseUrl: string;
  apiKey: string;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

export function freshdeskBaseUrl(domain: string): string {
  return `https://${domain}.freshdesk.com`;
}

const MAX_PAGES = 200;

export class FreshdeskClient {
  readonly http: HttpClient;

  constructor(options: FreshdeskClientOptions) {
    this.http = new HttpClient({
      baseUrl: options.baseUrl,
      // Freshdesk: the API key is the Basic username; the password is ignored ("X").
      authorization: basicAuth(options.apiKey, "X"),
      product: "Freshdesk",
      fetch: options.fetch,
      sleep: options.sleep,
      timeoutMs: options.timeoutMs,
    });
  }

  /** The ticket with its requester and (the first page of) its conversations embedded. */
  async getTicket(id: string): Promise<FreshdeskTicket> {
    const { data } = await this.http.json<FreshdeskTicket>(
      `/api/v2/tickets/${encodeURIComponent(id)}`,
      { query: { include: "requester,conversations" } },
    );
    if (!data || typeof data.id !== "number") {
      throw new HelpdeskApiError("bad_response", "Freshdesk sent no ticket");
    }
    return data;
  }

  /** Every conversation of a ticket, oldest first, following the `Link` header. */
  async listConversations(ticketId: string): Promise<FreshdeskConversation[]> {
    return this.paginate<FreshdeskConversation>(
      `/api/v2/tickets/${encodeURIComponent(ticketId)}/conversations`,
    );
  }

  async getContact(id: number | string): Promise<FreshdeskContact> {
    const { data } = await this.http.json<FreshdeskContact>(
      `/api/v2/contacts/${encodeURIComponent(String(id))}`,
    );
    return data;
  }

  async listCategories(): Promise<FreshdeskCategory[]> {
    return this.paginate<FreshdeskCategory>("/api/v2/solutions/categories");
  }

  async listFolders(categoryId: number): Promise<FreshdeskFolder[]> {
    return this.paginate<FreshdeskFolder>(`/api/v2/solutions/categories/${categoryId}/folders`);
  }

  /** Nested folders; accounts without them answer 404, which means "none". */
  async listSubfolders(folderId: number): Promise<FreshdeskFolder[]> {
    try {
      return await this.paginate<FreshdeskFolder>(
        `/api/v2/solutions/folders/${folderId}/subfolders`,
      );
    } catch (err) {
      if (err instanceof HelpdeskApiError && err.kind === "not_found") return [];
      throw err;
    }
  }

  async listArticles(folderId: number): Promise<FreshdeskArticle[]> {
    return this.paginate<FreshdeskArticle>(`/api/v2/solutions/folders/${folderId}/articles`);
  }

  /** A cheap authenticated call to check credentials. */
  async me(): Promise<{ id: number }> {
    const { data } = await this.http.json<{ id: number }>("/api/v2/agents/me");
    return data;
  }

  private async paginate<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let url: string | null = path;
    let query: Record<string, number> | undefined = { per_page: 100, page: 1 };
    for (let pages = 0; url && pages < MAX_PAGES; pages += 1) {
      const { data, headers }: { data: T[]; headers: Headers } = await this.http.json<T[]>(url, {
        query,
      });
      if (!Array.isArray(data)) {
        throw new HelpdeskApiError("bad_response", "Freshdesk sent a non-list page");
      }
      items.push(...data);
      url = nextLink(headers);
      query = undefined;
    }
    return items;
  }
}
