import type { AnalyticsSummary, Platform } from "@tandem/shared";
import { el } from "./dom";
import { type DashboardData, renderDashboard } from "./render";
import { applyTheme, type DashboardTheme, dashboardThemes, injectDashboardStyles } from "./styles";

export interface DashboardFilters {
  /** Inclusive UTC dates, YYYY-MM-DD. */
  from: string;
  to: string;
  platform?: Platform;
}

/** How the host reaches the API: a GET of a path such as `/v1/analytics/summary?…`, parsed JSON. */
export type FetchJson = (path: string) => Promise<unknown>;

function query(filters: DashboardFilters, groupBy?: string): string {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.platform) params.set("platform", filters.platform);
  if (groupBy) params.set("groupBy", groupBy);
  return params.toString();
}

export function summaryPath(filters: DashboardFilters, groupBy?: string) {
  return `/v1/analytics/summary?${query(filters, groupBy)}`;
}

export function exportPath(filters: DashboardFilters) {
  return `/v1/analytics/export.csv?${new URLSearchParams({ from: filters.from, to: filters.to })}`;
}

/** Fetches the four summaries the dashboard shows, in parallel. */
export async function loadDashboardData(
  fetchJson: FetchJson,
  filters: DashboardFilters,
): Promise<DashboardData> {
  const [byDay, byIntent, byActionType, byAgent] = (await Promise.all(
    ["day", "intent", "actionType", "agent"].map((groupBy) =>
      fetchJson(summaryPath(filters, groupBy)),
    ),
  )) as AnalyticsSummary[];
  return { byDay, byIntent, byActionType, byAgent } as DashboardData;
}

const DAY_MS = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export function lastDays(days: number, now = new Date()): DashboardFilters {
  return { from: isoDay(new Date(now.getTime() - (days - 1) * DAY_MS)), to: isoDay(now) };
}

export interface MountOptions {
  fetchJson: FetchJson;
  /** Downloads the CSV export (hosts add their auth); without it the button is hidden. */
  downloadCsv?: (path: string, filename: string) => Promise<void>;
  initial?: Partial<DashboardFilters>;
  /** Offer the platform filter (hide it where the host is one platform). */
  platformFilter?: boolean;
  theme?: keyof typeof dashboardThemes | Partial<DashboardTheme>;
  title?: string;
  document?: Document;
  /** Called when loading fails, e.g. to ask for a new token on 401. */
  onError?: (error: unknown) => void;
}

export interface MountedDashboard {
  refresh(): Promise<void>;
  filters(): DashboardFilters;
  destroy(): void;
}

/**
 * The whole analytics view: title, filters (date range, presets, platform), CSV download, live
 * status, and the dashboard itself. Used by the server's /dashboard page and both helpdesk apps.
 */
export function mountDashboard(container: HTMLElement, options: MountOptions): MountedDashboard {
  const doc = options.document ?? container.ownerDocument;
  injectDashboardStyles(doc);
  const defaults = lastDays(30);
  let filters: DashboardFilters = {
    from: options.initial?.from ?? defaults.from,
    to: options.initial?.to ?? defaults.to,
    ...(options.initial?.platform ? { platform: options.initial.platform } : {}),
  };
  const root = el(doc, "div", { class: "tandem-dashboard" });
  const theme = options.theme ?? "default";
  applyTheme(
    root,
    typeof theme === "string" ? dashboardThemes[theme] : { ...dashboardThemes.default, ...theme },
  );

  const fromInput = el(doc, "input", { type: "date", value: filters.from, max: filters.to });
  const toInput = el(doc, "input", { type: "date", value: filters.to, min: filters.from });
  const presets = [7, 30, 90].map((days) =>
    el(
      doc,
      "button",
      { type: "button", class: "tandem-button", "aria-pressed": "false", "data-days": days },
      [`${days} days`],
    ),
  );
  const platform = el(doc, "select", {}, [
    el(doc, "option", { value: "" }, ["All platforms"]),
    el(doc, "option", { value: "zendesk" }, ["Zendesk"]),
    el(doc, "option", { value: "freshdesk" }, ["Freshdesk"]),
  ]);
  platform.value = filters.platform ?? "";
  const refreshButton = el(doc, "button", { type: "button", class: "tandem-button" }, ["Refresh"]);
  const csvButton = options.downloadCsv
    ? el(doc, "button", { type: "button", class: "tandem-button tandem-button-primary" }, [
        "Download CSV",
      ])
    : null;
  const status = el(doc, "div", { class: "tandem-status", role: "status", "aria-live": "polite" });
  const body = el(doc, "div", { class: "tandem-body", "aria-busy": "false" });

  const toolbar = el(
    doc,
    "div",
    { class: "tandem-toolbar", role: "group", "aria-label": "Filters" },
    [
      el(doc, "label", { class: "tandem-field" }, ["From", fromInput]),
      el(doc, "label", { class: "tandem-field" }, ["To", toInput]),
      el(
        doc,
        "div",
        { class: "tandem-presets", role: "group", "aria-label": "Quick ranges" },
        presets,
      ),
      options.platformFilter === false
        ? null
        : el(doc, "label", { class: "tandem-field" }, ["Platform", platform]),
      refreshButton,
      csvButton,
    ],
  );
  root.append(el(doc, "h1", {}, [options.title ?? "Approval analytics"]), toolbar, status, body);
  container.replaceChildren(root);

  let generation = 0;
  const syncPresets = () => {
    const today = isoDay(new Date());
    for (const button of presets) {
      const days = Number(button.getAttribute("data-days"));
      const range = lastDays(days);
      button.setAttribute(
        "aria-pressed",
        String(filters.to === today && filters.from === range.from),
      );
    }
  };

  const refresh = async () => {
    const mine = ++generation;
    body.setAttribute("aria-busy", "true");
    status.className = "tandem-status";
    status.textContent = "Loading…";
    if (!body.firstChild) {
      body.replaceChildren(el(doc, "div", { class: "tandem-skeleton", "aria-hidden": "true" }));
    }
    try {
      const data = await loadDashboardData(options.fetchJson, filters);
      if (mine !== generation) return;
      renderDashboard(body, data, { document: doc });
      status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
      if (mine !== generation) return;
      status.className = "tandem-status tandem-status-error";
      status.textContent = `Could not load analytics: ${error instanceof Error ? error.message : String(error)}`;
      options.onError?.(error);
    } finally {
      if (mine === generation) body.setAttribute("aria-busy", "false");
    }
  };

  const setRange = (from: string, to: string) => {
    if (!from || !to) return;
    filters = from <= to ? { ...filters, from, to } : { ...filters, from: to, to: from };
    fromInput.value = filters.from;
    toInput.value = filters.to;
    toInput.min = filters.from;
    fromInput.max = filters.to;
    syncPresets();
    void refresh();
  };

  const listeners: [EventTarget, string, EventListener][] = [
    [fromInput, "change", () => setRange(fromInput.value, toInput.value)],
    [toInput, "change", () => setRange(fromInput.value, toInput.value)],
    [
      platform,
      "change",
      () => {
        const { platform: _omit, ...rest } = filters;
        filters = platform.value ? { ...rest, platform: platform.value as Platform } : rest;
        void refresh();
      },
    ],
    [refreshButton, "click", () => void refresh()],
    ...presets.map((button): [EventTarget, string, EventListener] => [
      button,
      "click",
      () => {
        const range = lastDays(Number(button.getAttribute("data-days")));
        setRange(range.from, range.to);
      },
    ]),
  ];
  if (csvButton && options.downloadCsv) {
    const download = options.downloadCsv;
    listeners.push([
      csvButton,
      "click",
      () => {
        csvButton.disabled = true;
        status.className = "tandem-status";
        status.textContent = "Preparing CSV…";
        download(exportPath(filters), `tandem-decisions-${filters.from}-to-${filters.to}.csv`)
          .then(() => {
            status.textContent = "CSV downloaded.";
          })
          .catch((error: unknown) => {
            status.className = "tandem-status tandem-status-error";
            status.textContent = `Could not download the CSV: ${error instanceof Error ? error.message : String(error)}`;
          })
          .finally(() => {
            csvButton.disabled = false;
          });
      },
    ]);
  }
  for (const [target, type, listener] of listeners) target.addEventListener(type, listener);
  syncPresets();
  void refresh();

  return {
    refresh,
    filters: () => ({ ...filters }),
    destroy() {
      generation++;
      for (const [target, type, listener] of listeners) target.removeEventListener(type, listener);
      container.replaceChildren();
    },
  };
}
