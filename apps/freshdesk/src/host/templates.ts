/**
 * Which request template (config/requests.json) carries which Tandem API call. The platform only
 * lets a front end fill `context.*` into a template's path and query, so each route names the
 * path segments and query keys it moves into the context. The validator checks this table
 * against config/requests.json and manifest.json.
 */

export interface TemplateRoute {
  template: string;
  method: "GET" | "POST";
  /** Matches the API path (without query); capture groups fill `params` in order. */
  pattern: RegExp;
  params: readonly string[];
  /**
   * Query keys the template forwards, each with the value used when the call leaves it out:
   * a template always renders every key, and the server refuses an empty one.
   */
  query?: Readonly<Record<string, (now: Date) => string>>;
}

export const tandemRoutes: readonly TemplateRoute[] = [
  { template: "tandemWhoAmI", method: "GET", pattern: /^\/v1\/installation$/, params: [] },
  { template: "tandemCreateDraft", method: "POST", pattern: /^\/v1\/drafts$/, params: [] },
  {
    template: "tandemGetTicketDraft",
    method: "GET",
    pattern: /^\/v1\/tickets\/([^/]+)\/draft$/,
    params: ["ticket_id"],
  },
  {
    template: "tandemMarkDraftShown",
    method: "POST",
    pattern: /^\/v1\/drafts\/([^/]+)\/shown$/,
    params: ["draft_id"],
  },
  {
    template: "tandemRecordDecision",
    method: "POST",
    pattern: /^\/v1\/drafts\/([^/]+)\/decision$/,
    params: ["draft_id"],
  },
  {
    template: "tandemRecordSent",
    method: "POST",
    pattern: /^\/v1\/drafts\/([^/]+)\/sent$/,
    params: ["draft_id"],
  },
  {
    template: "tandemReportOutcomes",
    method: "POST",
    pattern: /^\/v1\/drafts\/([^/]+)\/outcomes$/,
    params: ["draft_id"],
  },
  {
    template: "tandemAddDraftAction",
    method: "POST",
    pattern: /^\/v1\/drafts\/([^/]+)\/actions$/,
    params: ["draft_id"],
  },
  {
    template: "tandemListTicketApprovals",
    method: "GET",
    pattern: /^\/v1\/tickets\/([^/]+)\/approvals$/,
    params: ["ticket_id"],
  },
  {
    template: "tandemDecideApproval",
    method: "POST",
    pattern: /^\/v1\/approvals\/([^/]+)\/decision$/,
    params: ["approval_id"],
  },
  {
    template: "tandemGetExecution",
    method: "GET",
    pattern: /^\/v1\/executions\/([^/]+)$/,
    params: ["execution_id"],
  },
  {
    template: "tandemRetryExecution",
    method: "POST",
    pattern: /^\/v1\/executions\/([^/]+)\/retry$/,
    params: ["execution_id"],
  },
  {
    template: "tandemAnalyticsSummary",
    method: "GET",
    pattern: /^\/v1\/analytics\/summary$/,
    params: [],
    query: {
      from: (now) => isoDay(now, -29),
      to: (now) => isoDay(now, 0),
      // Every draft of a Freshdesk installation is a Freshdesk one, so this filter is neutral.
      platform: () => "freshdesk",
      groupBy: () => "day",
    },
  },
];

function isoDay(now: Date, offsetDays: number): string {
  const day = new Date(now.getTime() + offsetDays * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/** Freshdesk's own REST API, read with the account's API key (conversations are no data object). */
export const freshdeskConversationsTemplate = "freshdeskListConversations";
export const freshdeskConversationsPageSize = 100;

/** Every template the bundle may invoke. */
export const allTemplateNames: readonly string[] = [
  ...tandemRoutes.map((route) => route.template),
  freshdeskConversationsTemplate,
];

/** Ids and query values the platform pastes into a URL: no separators, no encoding tricks. */
const SAFE_CONTEXT_VALUE = /^[A-Za-z0-9._:+~-]{1,128}$/;

export function isSafeContextValue(value: string): boolean {
  return SAFE_CONTEXT_VALUE.test(value);
}

export interface RoutedCall {
  template: string;
  context: Record<string, string>;
}

/** Finds the template for an API call, or null when the call has none (a programming error). */
export function routeCall(
  method: string,
  pathWithQuery: string,
  now: Date = new Date(),
): RoutedCall | null {
  const [path = "", search = ""] = pathWithQuery.split("?", 2);
  for (const route of tandemRoutes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const context: Record<string, string> = {};
    route.params.forEach((name, index) => {
      context[name] = decodeURIComponent(match[index + 1] ?? "");
    });
    const query = new URLSearchParams(search);
    for (const [key, fallback] of Object.entries(route.query ?? {})) {
      context[key] = query.get(key) || fallback(now);
    }
    return { template: route.template, context };
  }
  return null;
}
