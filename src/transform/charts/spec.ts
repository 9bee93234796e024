/**
 * A chart's Vega-Lite specification: the brand's colours and fonts, grey-scale safe (tints of the primary colour that
 * differ in lightness, dashes and point shapes for lines, every value printed beside its mark), sized to fit the text
 * column of Letter and A4 pages.
 */
import type { Brand, ChartData } from "../../shared/model.js";

/** Width of the plot area in CSS pixels: with its axes the chart stays within a 170 mm column (642 px). */
const PLOT_WIDTH = 520;
const PLOT_HEIGHT = 170;
/** A compact chart (half the column, so that two sit side by side): its plot area. */
const COMPACT = { width: 210, height: 60 };

/** True for a chart small enough to take half the column: one series of at most four bars or points. */
export function isCompact(chart: ChartData): boolean {
  return chart.series.length === 1 && chart.rows.length <= 4 && (chart.type === "bar" || chart.type === "line");
}
const FONT_SIZE = 11;

/** `hex` mixed with white: `t` = 0 is the colour, 1 is white. */
function tint(hex: string, t: number): string {
  const n = parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * t);
  const [r, g, b] = [mix(n >> 16), mix((n >> 8) & 255), mix(n & 255)];
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

/** Relative luminance of a hex colour (WCAG). */
function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Lightness steps of the primary colour, far enough apart to tell apart in grey-scale print. */
const TINTS = [0, 0.45, 0.72, 0.3, 0.6, 0.85];
const DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3], [4, 4]];
const SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"];

type Spec = Record<string, unknown>;

/** How a chart writes its numbers and its fixed words: the brief's language. English when not given. */
export interface ChartLanguage {
  /** A BCP 47 tag whose `Intl` number format the axes follow (`fr` → 1 000,5). */
  locale: string;
  /** The axis title of a stacked 100 % bar chart. */
  share: string;
}

const ENGLISH: ChartLanguage = { locale: "en", share: "Share (%)" };

/**
 * Vega's number locale for `locale`, read from `Intl` (decimal mark, group separator); undefined for a locale that
 * writes numbers as English does, so those charts keep Vega's defaults (and their bytes).
 */
export function numberLocale(locale: string): Record<string, unknown> | undefined {
  const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(12345.6);
  const decimal = parts.find((p) => p.type === "decimal")?.value ?? ".";
  const thousands = parts.find((p) => p.type === "group")?.value ?? ",";
  if (decimal === "." && thousands === ",") return undefined;
  return { decimal, thousands, grouping: [3], currency: ["", ""] };
}

/** The Vega-Lite specification of `chart` in `brand`, its numbers and words in `language`. */
export function chartSpec(chart: ChartData, brand: Brand, language: ChartLanguage = ENGLISH): Spec {
  const fg = brand.colors.foreground ?? "#1a1a1a";
  const primary = brand.colors.primary ?? "#1f3a5f";
  const fills = chart.series.map((_, i) => tint(primary, TINTS[i % TINTS.length]!));
  // Quoted: an unquoted family with a word that starts with a digit ("Source Sans 3") is invalid CSS.
  const font = `"${brand.fonts.headings}", sans-serif`;
  const number = numberLocale(language.locale);
  const config = {
    ...(number ? { locale: { number } } : {}),
    aria: false,
    background: null,
    font,
    view: { stroke: null },
    axis: {
      labelFontSize: FONT_SIZE,
      titleFontSize: FONT_SIZE,
      titleFontWeight: 600,
      labelColor: fg,
      titleColor: fg,
      domainColor: fg,
      tickColor: fg,
      gridColor: tint(fg, 0.85),
      labelFont: font,
      titleFont: font,
    },
    legend: {
      labelFontSize: FONT_SIZE,
      labelColor: fg,
      labelFont: font,
      orient: "top",
      title: null,
      symbolType: "square",
      symbolSize: 120,
      symbolStrokeColor: primary,
    },
    text: { fontSize: FONT_SIZE, font, fill: fg },
  };
  const axisTitle = chart.unit ?? (chart.series.length === 1 ? chart.series[0] : null);
  const long = chart.rows.flatMap((r) =>
    chart.series.map((s, i) => ({ c: r.label, s, v: r.values[i]!, t: r.text[i]! })),
  );
  const category = { field: "c", type: "nominal", sort: null, axis: { title: null, labelAngle: 0, labelLimit: 120 } };
  const value = {
    field: "v",
    type: "quantitative",
    axis: { title: axisTitle, tickCount: isCompact(chart) ? 3 : 5, grid: true },
  };
  const color = {
    field: "s",
    type: "nominal",
    sort: chart.series,
    scale: { domain: chart.series, range: fills },
    legend: chart.series.length > 1 ? {} : null,
  };
  const size = isCompact(chart) ? COMPACT : { width: PLOT_WIDTH, height: PLOT_HEIGHT };
  const base = { config, ...size, data: { values: long } };
  const label = { type: "text", fontWeight: 600, fontSize: FONT_SIZE - 1 };
  switch (chart.type) {
    case "bar":
    case "grouped-bar": {
      const offset = chart.series.length > 1 ? { xOffset: { field: "s", type: "nominal", sort: chart.series } } : {};
      return {
        ...base,
        encoding: { x: category, y: value, ...offset },
        layer: [
          {
            mark: {
              type: "bar",
              stroke: primary,
              strokeWidth: 0.75,
              ...(offset.xOffset ? {} : { width: { band: 0.5 } }),
            },
            encoding: { fill: color },
          },
          { mark: { ...label, dy: -4, baseline: "bottom" }, encoding: { text: { field: "t", type: "nominal" } } },
        ],
      };
    }
    case "line": {
      // No legend: each line is named at its last point, and told apart by its dashes and point shapes.
      const last = chart.rows.at(-1)!;
      const ends = chart.series.map((s, i) => ({ c: last.label, s, v: last.values[i]! }));
      return {
        ...base,
        encoding: { x: { ...category, type: "ordinal", scale: { type: "point", padding: 0.4 } }, y: value },
        layer: [
          {
            mark: { type: "line", strokeWidth: 2, color: primary },
            encoding: {
              detail: { field: "s", type: "nominal" },
              strokeDash: {
                field: "s",
                type: "nominal",
                sort: chart.series,
                scale: { domain: chart.series, range: DASHES },
                legend: null,
              },
            },
          },
          {
            mark: { type: "point", filled: true, opacity: 1, size: 50, fill: primary, stroke: primary },
            encoding: {
              shape: {
                field: "s",
                type: "nominal",
                sort: chart.series,
                scale: { domain: chart.series, range: SHAPES },
                legend: null,
              },
            },
          },
          { mark: { ...label, dy: -8, baseline: "bottom" }, encoding: { text: { field: "t", type: "nominal" } } },
          ...(chart.series.length > 1
            ? [
                {
                  data: { values: ends },
                  mark: { type: "text", align: "left", dx: 10, fontSize: FONT_SIZE, fill: fg },
                  encoding: { text: { field: "s", type: "nominal" } },
                },
              ]
            : []),
        ],
      };
    }
    case "stacked-100": {
      const rows = chart.rows.flatMap((r) => {
        const total = r.values.reduce((a, b) => a + b, 0) || 1;
        let x0 = 0;
        return chart.series.map((s, i) => {
          const share = (100 * r.values[i]!) / total;
          const seg = { c: r.label, s, x0, x1: x0 + share, xm: x0 + share / 2, t: `${Math.round(share)}%` };
          x0 += share;
          return { ...seg, show: share >= 6 ? 1 : 0, ink: luminance(fills[i]!) < 0.35 ? "#ffffff" : fg };
        });
      });
      const y = { ...category, axis: { ...category.axis, labelAngle: undefined } };
      return {
        ...base,
        height: Math.max(60, chart.rows.length * 34),
        data: { values: rows },
        encoding: { y },
        layer: [
          {
            mark: { type: "bar", stroke: primary, strokeWidth: 0.75, height: { band: 0.7 } },
            encoding: {
              x: { field: "x0", type: "quantitative", scale: { domain: [0, 100] }, axis: { title: language.share } },
              x2: { field: "x1" },
              fill: color,
            },
          },
          {
            transform: [{ filter: "datum.show == 1" }],
            mark: { ...label },
            encoding: {
              x: { field: "xm", type: "quantitative" },
              text: { field: "t", type: "nominal" },
              fill: { field: "ink", type: "nominal", scale: null },
            },
          },
        ],
      };
    }
  }
}

/** What the chart shows, in words: its kind, series, and every value (the SVG's description). */
export function describeChart(chart: ChartData): string {
  if (chart.alt) return chart.alt;
  const kind = {
    bar: "Bar chart",
    "grouped-bar": "Grouped bar chart",
    line: "Line chart",
    "stacked-100": "100% stacked bar chart",
  }[chart.type];
  const unit = chart.unit ? ` (${chart.unit})` : "";
  const rows = chart.rows.map((r) =>
    chart.series.length === 1
      ? `${r.label}: ${r.text[0]}`
      : `${r.label}: ${chart.series.map((s, i) => `${s} ${r.text[i]}`).join(", ")}`,
  );
  return `${kind} of ${chart.series.join(", ")}${unit} by ${chart.category}. ${rows.join("; ")}.`;
}
