/**
 * Colour and type tokens of the dashboard. Hosts skin it by setting these variables on (or above)
 * the `.tandem-dashboard` element; `applyTheme` sets one of the presets below.
 */
export type DashboardTheme = Record<
  | "--tandem-bg"
  | "--tandem-surface"
  | "--tandem-fg"
  | "--tandem-muted"
  | "--tandem-border"
  | "--tandem-accent"
  | "--tandem-good"
  | "--tandem-warn"
  | "--tandem-bad"
  | "--tandem-font"
  | "--tandem-radius",
  string
>;

export const dashboardThemes: Record<"default" | "garden" | "crayons", DashboardTheme> = {
  default: {
    "--tandem-bg": "#f6f7f9",
    "--tandem-surface": "#ffffff",
    "--tandem-fg": "#1d2530",
    "--tandem-muted": "#576170",
    "--tandem-border": "#dde2e8",
    "--tandem-accent": "#3565d9",
    "--tandem-good": "#1a8a5a",
    "--tandem-warn": "#c27c0e",
    "--tandem-bad": "#c93b3b",
    "--tandem-font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    "--tandem-radius": "8px",
  },
  /** Zendesk Garden palette (blue-600, green-600, yellow-700, red-600, grey-600/800). */
  garden: {
    "--tandem-bg": "#f8f9f9",
    "--tandem-surface": "#ffffff",
    "--tandem-fg": "#2f3941",
    "--tandem-muted": "#5c6970",
    "--tandem-border": "#d8dcde",
    "--tandem-accent": "#1f73b7",
    "--tandem-good": "#038153",
    "--tandem-warn": "#ad5918",
    "--tandem-bad": "#cd3642",
    "--tandem-font":
      "system-ui, -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Oxygen-Sans, Ubuntu, Cantarell, 'Helvetica Neue', Arial, sans-serif",
    "--tandem-radius": "4px",
  },
  /** Freshworks Crayons palette (azure, jungle, casablanca, persimmon, elephant/smoke). */
  crayons: {
    "--tandem-bg": "#f5f7f9",
    "--tandem-surface": "#ffffff",
    "--tandem-fg": "#12344d",
    "--tandem-muted": "#475867",
    "--tandem-border": "#cfd7df",
    "--tandem-accent": "#2c5cc5",
    "--tandem-good": "#00795b",
    "--tandem-warn": "#a36500",
    "--tandem-bad": "#d72d30",
    "--tandem-font":
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    "--tandem-radius": "4px",
  },
};

export function applyTheme(element: HTMLElement, theme: Partial<DashboardTheme>) {
  for (const [name, value] of Object.entries(theme)) {
    if (value) element.style.setProperty(name, value);
  }
}

/** The dashboard's stylesheet; `injectDashboardStyles` adds it to a document once. */
export const dashboardCss = `
.tandem-dashboard { font-family: var(--tandem-font); color: var(--tandem-fg); background: var(--tandem-bg); padding: 16px; line-height: 1.4; font-size: 14px; }
.tandem-dashboard *, .tandem-dashboard *::before, .tandem-dashboard *::after { box-sizing: border-box; }
.tandem-dashboard h1, .tandem-dashboard h2, .tandem-dashboard h3 { margin: 0; font-weight: 600; }
.tandem-dashboard h1 { font-size: 20px; }
.tandem-toolbar { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; margin: 12px 0 16px; }
.tandem-field { display: flex; flex-direction: column; gap: 4px; font-size: 12px; color: var(--tandem-muted); }
.tandem-field input, .tandem-field select { font: inherit; font-size: 14px; color: var(--tandem-fg); background: var(--tandem-surface); border: 1px solid var(--tandem-border); border-radius: var(--tandem-radius); padding: 6px 8px; min-height: 34px; }
.tandem-presets { display: flex; gap: 4px; }
.tandem-button { font: inherit; font-size: 14px; cursor: pointer; border-radius: var(--tandem-radius); border: 1px solid var(--tandem-accent); background: var(--tandem-surface); color: var(--tandem-accent); padding: 6px 12px; min-height: 34px; }
.tandem-button[aria-pressed="true"], .tandem-button-primary { background: var(--tandem-accent); color: #fff; }
.tandem-button:disabled { opacity: 0.55; cursor: default; }
.tandem-button:focus-visible, .tandem-field input:focus-visible, .tandem-field select:focus-visible { outline: 3px solid color-mix(in srgb, var(--tandem-accent) 45%, transparent); outline-offset: 1px; }
.tandem-status { min-height: 20px; color: var(--tandem-muted); margin-bottom: 8px; }
.tandem-status-error { color: var(--tandem-bad); }
.tandem-tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; margin: 0 0 16px; }
.tandem-tile { background: var(--tandem-surface); border: 1px solid var(--tandem-border); border-radius: var(--tandem-radius); padding: 12px 14px; }
.tandem-tile dt { font-size: 12px; color: var(--tandem-muted); }
.tandem-tile dd { margin: 4px 0 0; display: flex; flex-direction: column; }
.tandem-tile-value { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.tandem-tile-hint { font-size: 12px; color: var(--tandem-muted); }
.tandem-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px; }
.tandem-card { background: var(--tandem-surface); border: 1px solid var(--tandem-border); border-radius: var(--tandem-radius); padding: 14px; margin: 0; min-width: 0; }
.tandem-wide { grid-column: 1 / -1; }
.tandem-card-title { font-size: 15px; font-weight: 600; display: block; }
.tandem-card-note { margin: 4px 0 0; font-size: 12px; color: var(--tandem-muted); }
.tandem-svg { width: 100%; height: auto; display: block; margin-top: 8px; overflow: visible; }
.tandem-svg .tandem-gridline { stroke: var(--tandem-border); stroke-width: 1; }
.tandem-svg .tandem-axis { fill: var(--tandem-muted); font-size: 11px; font-variant-numeric: tabular-nums; }
.tandem-svg .tandem-label { fill: var(--tandem-fg); font-size: 12px; }
.tandem-svg .tandem-line { fill: none; stroke-width: 2.5; stroke-linejoin: round; stroke-linecap: round; }
.tandem-legend { list-style: none; display: flex; flex-wrap: wrap; gap: 12px; padding: 0; margin: 8px 0 0; font-size: 12px; color: var(--tandem-muted); }
.tandem-legend li { display: inline-flex; align-items: center; gap: 6px; }
.tandem-swatch { width: 12px; height: 12px; border-radius: 2px; background: var(--swatch); display: inline-block; }
.tandem-swatch-dashed { background: repeating-linear-gradient(90deg, var(--swatch) 0 4px, transparent 4px 6px); }
.tandem-empty { color: var(--tandem-muted); margin: 24px 0; text-align: center; }
.tandem-table-wrap { overflow-x: auto; margin-top: 8px; }
.tandem-table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
.tandem-table th, .tandem-table td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--tandem-border); white-space: nowrap; }
.tandem-table thead th { font-size: 12px; color: var(--tandem-muted); font-weight: 600; }
.tandem-table .tandem-num { text-align: right; }
.tandem-meter { display: inline-block; width: 56px; height: 6px; background: var(--tandem-border); border-radius: 3px; margin-right: 8px; vertical-align: middle; overflow: hidden; }
.tandem-meter span { display: block; height: 100%; background: var(--tandem-good); }
.tandem-notes { margin-top: 16px; font-size: 12px; color: var(--tandem-muted); }
.tandem-notes p { margin: 4px 0; }
.tandem-sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.tandem-skeleton { height: 120px; border-radius: var(--tandem-radius); background: linear-gradient(90deg, var(--tandem-border), var(--tandem-surface), var(--tandem-border)); background-size: 200% 100%; animation: tandem-shimmer 1.4s infinite linear; }
@keyframes tandem-shimmer { from { background-position: 200% 0; } to { background-position: -200% 0; } }
@media (prefers-reduced-motion: reduce) { .tandem-skeleton { animation: none; } }
@media (max-width: 520px) { .tandem-grid { grid-template-columns: 1fr; } }
`;

export function injectDashboardStyles(doc: Document) {
  if (doc.getElementById("tandem-dashboard-styles")) return;
  const style = doc.createElement("style");
  style.id = "tandem-dashboard-styles";
  style.textContent = dashboardCss;
  doc.head.append(style);
}
