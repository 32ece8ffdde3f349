import { el, svg } from "./dom";
import { DASH } from "./format";

/**
 * Inline SVG charts. Colours are CSS variables (set on the dashboard root), so a host can skin
 * them; each chart carries a visually hidden data table for screen readers.
 */
export interface Series {
  name: string;
  /** A CSS colour, usually `var(--tandem-…)`. */
  color: string;
  values: (number | null)[];
  /** Dashed stroke, to tell series apart without colour. */
  dashed?: boolean;
}

let uid = 0;
const nextId = (prefix: string) => `${prefix}-${++uid}`;

function dataTable(
  doc: Document,
  caption: string,
  head: string[],
  rows: string[][],
): HTMLTableElement {
  return el(doc, "table", { class: "tandem-sr-only" }, [
    el(doc, "caption", {}, [caption]),
    el(doc, "thead", {}, [
      el(
        doc,
        "tr",
        {},
        head.map((h) => el(doc, "th", { scope: "col" }, [h])),
      ),
    ]),
    el(
      doc,
      "tbody",
      {},
      rows.map((row) =>
        el(
          doc,
          "tr",
          {},
          row.map((cell, i) =>
            i === 0 ? el(doc, "th", { scope: "row" }, [cell]) : el(doc, "td", {}, [cell]),
          ),
        ),
      ),
    ),
  ]);
}

function legend(doc: Document, items: { name: string; color: string; dashed?: boolean }[]) {
  return el(
    doc,
    "ul",
    { class: "tandem-legend" },
    items.map((item) =>
      el(doc, "li", {}, [
        el(doc, "span", {
          class: `tandem-swatch${item.dashed ? " tandem-swatch-dashed" : ""}`,
          style: `--swatch: ${item.color}`,
          "aria-hidden": "true",
        }),
        item.name,
      ]),
    ),
  );
}

function figure(doc: Document, title: string, description: string | undefined, body: Node[]) {
  const id = nextId("tandem-fig");
  return el(doc, "figure", { class: "tandem-card tandem-chart", "aria-labelledby": id }, [
    el(doc, "figcaption", { id, class: "tandem-card-title" }, [title]),
    description ? el(doc, "p", { class: "tandem-card-note" }, [description]) : null,
    ...body,
  ]);
}

/**
 * A drawn chart's frame: its legend, the SVG (labelled for screen readers) and the same numbers
 * as a table that only screen readers show.
 */
function chartFigure(
  doc: Document,
  input: { title: string; description?: string },
  chart: {
    width: number;
    height: number;
    label: string;
    legend: { name: string; color: string; dashed?: boolean }[];
    content: (SVGElement | null)[];
  },
  table: { head: string[]; rows: string[][] },
): HTMLElement {
  const image = svg(
    doc,
    "svg",
    {
      viewBox: `0 0 ${chart.width} ${chart.height}`,
      role: "img",
      "aria-label": chart.label,
      class: "tandem-svg",
    },
    chart.content,
  );
  return figure(doc, input.title, input.description, [
    legend(doc, chart.legend),
    image,
    dataTable(doc, input.title, table.head, table.rows),
  ]);
}

/** A chart's frame with a line saying there is nothing to draw. */
function emptyFigure(
  doc: Document,
  input: { title: string; description?: string; empty?: string },
): HTMLElement {
  return figure(doc, input.title, input.description, [
    el(doc, "p", { class: "tandem-empty" }, [input.empty ?? "No data in this period."]),
  ]);
}

export interface LineChartInput {
  title: string;
  description?: string;
  labels: string[];
  /** Labels for the hidden table and tooltips (defaults to `labels`). */
  longLabels?: string[];
  series: Series[];
  format: (value: number) => string;
  /** Fixed top of the y axis (e.g. 1 for rates); otherwise the data's maximum, rounded up. */
  yMax?: number;
  empty?: string;
}

export function lineChart(doc: Document, input: LineChartInput): HTMLElement {
  const width = 640;
  const height = 220;
  const pad = { top: 12, right: 12, bottom: 28, left: 52 };
  const all = input.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  if (all.length === 0) {
    return emptyFigure(doc, input);
  }
  const max = input.yMax ?? niceMax(Math.max(...all));
  const n = input.labels.length;
  const x = (i: number) =>
    pad.left +
    (n <= 1 ? (width - pad.left - pad.right) / 2 : (i * (width - pad.left - pad.right)) / (n - 1));
  const y = (v: number) => pad.top + (1 - v / (max || 1)) * (height - pad.top - pad.bottom);

  const grid: SVGElement[] = [];
  for (let step = 0; step <= 4; step++) {
    const value = (max * step) / 4;
    grid.push(
      svg(doc, "line", {
        x1: pad.left,
        x2: width - pad.right,
        y1: y(value),
        y2: y(value),
        class: "tandem-gridline",
      }),
      svg(
        doc,
        "text",
        { x: pad.left - 6, y: y(value) + 4, "text-anchor": "end", class: "tandem-axis" },
        [input.format(value)],
      ),
    );
  }
  const every = Math.max(1, Math.ceil(n / 8));
  const xLabels = input.labels.map((label, i) =>
    (i % every === 0 && (i === n - 1 || n - 1 - i >= every / 2 + 1)) || i === n - 1
      ? svg(
          doc,
          "text",
          { x: x(i), y: height - 8, "text-anchor": "middle", class: "tandem-axis" },
          [label],
        )
      : null,
  );
  const long = input.longLabels ?? input.labels;
  const lines = input.series.map((series) => {
    // Gaps (null) break the line instead of dropping to zero.
    let d = "";
    let open = false;
    series.values.forEach((value, i) => {
      if (value === null) {
        open = false;
        return;
      }
      d += `${open ? "L" : "M"}${x(i).toFixed(1)},${y(value).toFixed(1)}`;
      open = true;
    });
    const dots = series.values.map((value, i) =>
      value === null
        ? null
        : svg(doc, "circle", { cx: x(i), cy: y(value), r: 3, style: `fill: ${series.color}` }, [
            svg(doc, "title", {}, [`${series.name}, ${long[i]}: ${input.format(value)}`]),
          ]),
    );
    return svg(doc, "g", {}, [
      svg(doc, "path", {
        d,
        class: "tandem-line",
        style: `stroke: ${series.color}${series.dashed ? "; stroke-dasharray: 6 4" : ""}`,
      }),
      ...dots,
    ]);
  });
  const summary = input.series
    .map((s) => {
      const last = [...s.values].reverse().find((v) => v !== null);
      return `${s.name}: latest ${last === undefined || last === null ? "none" : input.format(last)}`;
    })
    .join("; ");
  return chartFigure(
    doc,
    input,
    {
      width,
      height,
      label: `${input.title}. ${summary}`,
      legend: input.series,
      content: [...grid, ...xLabels, ...lines],
    },
    {
      head: ["Day", ...input.series.map((s) => s.name)],
      rows: long.map((label, i) => [
        label,
        ...input.series.map((s) =>
          s.values[i] === null || s.values[i] === undefined
            ? DASH
            : input.format(s.values[i] as number),
        ),
      ]),
    },
  );
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

export interface StackedRow {
  label: string;
  segments: number[];
  /** Right-hand text, e.g. an acceptance rate. */
  note?: string;
}

export interface StackedBarsInput {
  title: string;
  description?: string;
  parts: { name: string; color: string }[];
  rows: StackedRow[];
  empty?: string;
}

/** Horizontal bars, one per row, split into parts; each bar's length is its row total. */
export function stackedBars(doc: Document, input: StackedBarsInput): HTMLElement {
  const rows = input.rows.filter((r) => r.segments.some((v) => v > 0));
  if (rows.length === 0) {
    return emptyFigure(doc, input);
  }
  const width = 640;
  const labelWidth = 170;
  const noteWidth = 70;
  const barHeight = 20;
  const gap = 10;
  const height = rows.length * (barHeight + gap) + gap;
  const max = Math.max(...rows.map((r) => r.segments.reduce((a, b) => a + b, 0)));
  const scale = (width - labelWidth - noteWidth - 8) / (max || 1);
  const bars = rows.map((row, index) => {
    const top = gap + index * (barHeight + gap);
    let left = labelWidth;
    const total = row.segments.reduce((a, b) => a + b, 0);
    const rects = row.segments.map((value, i) => {
      const part = input.parts[i] as { name: string; color: string };
      const w = value * scale;
      const rect =
        value > 0
          ? svg(
              doc,
              "rect",
              {
                x: left,
                y: top,
                width: Math.max(w, 1),
                height: barHeight,
                rx: 2,
                style: `fill: ${part.color}`,
              },
              [svg(doc, "title", {}, [`${row.label}: ${part.name} ${value} of ${total}`])],
            )
          : null;
      left += w;
      return rect;
    });
    return svg(doc, "g", {}, [
      svg(
        doc,
        "text",
        {
          x: labelWidth - 8,
          y: top + barHeight / 2 + 4,
          "text-anchor": "end",
          class: "tandem-label",
        },
        [truncate(row.label, 24)],
      ),
      ...rects,
      svg(doc, "text", { x: left + 6, y: top + barHeight / 2 + 4, class: "tandem-axis" }, [
        row.note ?? String(total),
      ]),
    ]);
  });
  return chartFigure(
    doc,
    input,
    {
      width,
      height,
      label: `${input.title}: ${rows.length} rows; details in the table.`,
      legend: input.parts,
      content: bars,
    },
    {
      head: ["", ...input.parts.map((p) => p.name), "Note"],
      rows: rows.map((r) => [r.label, ...r.segments.map(String), r.note ?? ""]),
    },
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
