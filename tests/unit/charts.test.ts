// Chart directives (:::chart around a Markdown table): validation at the right place, the figure in the HTML
// (caption, source, data table, accessible SVG), and the SVG drawn by Vega in Node: static, branded, deterministic.
import { beforeAll, describe, expect, it } from "vitest";
import type { Audience, Brand, Brief } from "../../src/shared/model.js";
import { transformBrief } from "../../src/transform/transform.js";
import { drawCharts } from "../../src/transform/charts/draw.js";
import { checkGrounding } from "../../src/check/grounding.js";
import { proseTree } from "../../src/check/prose-tree.js";
import { sourceText } from "../../src/check/source-text.js";
import { body, briefFile, frontMatter, messagesOf, parse, parseValid, repoTemplates } from "./brief-from-markdown.js";

let us: Audience;
let brand: Brand;
beforeAll(async () => {
  const t = await repoTemplates();
  us = t.audiences.get("us")!;
  brand = t.brand;
});

const TRADE = [
  ':::chart{type="bar" title="China–Russia trade" source="Lo (2025), p. 4" unit="USD billion"}',
  "| Year | Trade |",
  "|---|---:|",
  "| 2020 | 104 |",
  "| 2024 | 245 |",
  ":::",
].join("\n");

const CARS = [
  ':::chart{type="stacked-100" title="Russia\'s car market" source="Lo (2025)"}',
  "| Year | Chinese brands | Others |",
  "|---|---|---|",
  "| 2021 | 9 | 91 |",
  "| 2023 | 61 | 39 |",
  ":::",
].join("\n");

const withAnalysis = (analysis: string) => `${frontMatter()}\n${body({ analysis: `## Analysis\n\n${analysis}\n` })}`;
const briefWith = (analysis: string): Brief => parseValid(withAnalysis(analysis));
/** Line of the first occurrence of `needle` in the brief made from `analysis`. */
const lineOf = (analysis: string, needle: string) => {
  const text = withAnalysis(analysis);
  return text.slice(0, text.indexOf(needle)).split("\n").length;
};

describe("the chart directive: validation", () => {
  const errors = (analysis: string) => messagesOf(parse(withAnalysis(analysis)).file);

  it("reads a valid chart: its type, title, source, unit, series and numbers", () => {
    const [chart] = briefWith(TRADE).charts;
    expect(chart).toMatchObject({
      type: "bar",
      title: "China–Russia trade",
      source: "Lo (2025), p. 4",
      unit: "USD billion",
      category: "Year",
      series: ["Trade"],
      rows: [
        { label: "2020", values: [104], text: ["104"] },
        { label: "2024", values: [245], text: ["245"] },
      ],
    });
  });

  it("refuses an unknown type, with a suggestion", () => {
    const md = TRADE.replace('type="bar"', 'type="bars"');
    expect(errors(md)).toContain(
      `${lineOf(md, ":::chart")}:1 chart Unknown chart type \`bars\`. Did you mean \`bar\`? ` +
        "Use one of: bar, grouped-bar, line, stacked-100.",
    );
  });

  it("refuses an unknown option and a missing title or source", () => {
    const md = ':::chart{type="bar" titel="x"}\n| Year | Trade |\n|---|---|\n| 2020 | 104 |\n:::';
    const all = errors(md).join("\n");
    expect(all).toMatch(/chart Unknown chart option `titel`\. Did you mean `title`\?/);
    expect(all).toMatch(/chart A chart needs a title/);
    expect(all).toMatch(/chart A chart needs a source: add `source="…"`/);
  });

  it("refuses a cell that is not a number, at the cell", () => {
    const md = TRADE.replace("| 2024 | 245 |", "| 2024 | about 245 |");
    const line = lineOf(md, "| 2024");
    expect(errors(md)).toContainEqual(
      expect.stringMatching(new RegExp(`^${line}:8 chart-cell Chart cell \`about 245\` is not a number`)),
    );
  });

  it("refuses a row with a missing column, a chart without a table, and a bar chart with two series", () => {
    expect(errors(TRADE.replace("| 2024 | 245 |", "| 2024 |")).join("\n")).toMatch(
      /chart This row has 1 cells; the chart's header has 2\./,
    );
    expect(errors(':::chart{type="bar" title="t" source="s"}\nJust text.\n:::').join("\n")).toMatch(
      /chart A chart holds exactly one Markdown table and nothing else/,
    );
    const two = ':::chart{type="bar" title="t" source="s"}\n| Y | A | B |\n|---|---|---|\n| 2020 | 1 | 2 |\n:::';
    expect(errors(two).join("\n")).toMatch(/A bar chart shows one series; this table has 2\. Use type="grouped-bar"/);
  });

  it("accepts numbers as people write them: thousands commas, decimals, a minus sign, per cent", () => {
    const md =
      ':::chart{type="line" title="t" source="s"}\n| Y | A |\n|---|---|\n| a | 1,245 |\n| b | 15.5 |\n| c | −3 |\n| d | 37% |\n:::';
    expect(briefWith(md).charts[0]!.rows.map((r) => r.values[0])).toEqual([1245, 15.5, -3, 37]);
  });
});

describe("the chart figure in the HTML", () => {
  it("is numbered, captioned, sourced, and keeps its data as a table in a <details>", () => {
    const { html } = transformBrief(briefWith(`${TRADE}\n\n${CARS}`), us);
    expect(html).toContain(
      '<figure id="figure-1" class="chart chart-bar chart-compact"><figcaption><span class="figure-number">Figure 1. </span>' +
        "China–Russia trade</figcaption>",
    );
    expect(html).toContain('<p class="figure-source">Source: Lo (2025), p. 4</p>');
    expect(html).toMatch(
      /<details class="chart-data"><summary>Data for figure 1<\/summary><table>[\s\S]*<td[^>]*>245<\/td>/,
    );
    expect(html).toContain('<figure id="figure-2" class="chart chart-stacked-100">');
  });

  it("holds the drawn SVG with role=img, a title and a description of every value; no script", async () => {
    const brief = briefWith(TRADE);
    const { html } = transformBrief(brief, us, await drawCharts(brief.charts, brand));
    const svg = /<svg[^>]*>[\s\S]*<\/svg>/.exec(html)![0];
    expect(svg).toMatch(
      /^<svg viewBox="0 0 \d+ \d+" width="\d+" height="\d+" role="img" aria-labelledby="figure-1-title figure-1-desc">/,
    );
    expect(svg).toContain('<title id="figure-1-title">China–Russia trade</title>');
    expect(svg).toContain(
      '<desc id="figure-1-desc">Bar chart of Trade (USD billion) by Year. 2020: 104; 2024: 245.</desc>',
    );
    expect(svg).not.toMatch(/<script|\son[a-z]+=|href=|<foreignObject/i);
  });

  it("cannot be forged by raw HTML (a figure with the chart mark stays a plain figure)", () => {
    const brief = briefWith(`${TRADE}\n\n<figure data-brief-chart="0"><p>FORGED</p></figure>`);
    const { html } = transformBrief(brief, us);
    expect(html).toContain("<figure><p>FORGED</p></figure>");
    expect(html.match(/class="chart /g)).toHaveLength(1);
  });

  it("is numbered per edition: a chart for another audience only does not take a number", () => {
    const md = `:::audience{for="eu"}\n${TRADE}\n:::\n\n${CARS}`;
    const { html } = transformBrief(briefWith(md), us);
    expect(html).toContain('<figure id="figure-1" class="chart chart-stacked-100">');
    expect(html).not.toContain("China–Russia trade");
  });
});

describe("drawing with Vega in Node", () => {
  const charts = () =>
    briefWith(
      [
        TRADE,
        ':::chart{type="grouped-bar" title="g" source="s"}\n| Y | A | B |\n|---|---|---|\n| 2020 | 1 | 2 |\n| 2024 | 3 | 4 |\n:::',
        ':::chart{type="line" title="Oil" source="s" unit="%"}\n| Period | China | Other |\n|---|---|---|\n| 2018–21 | 15.5 | 9 |\n| 2024 | 21.5 | 8 |\n:::',
        CARS,
      ].join("\n\n"),
    ).charts;

  it("draws each type to static SVG with its labels as text, in the brand's font and colour", async () => {
    const list = charts();
    const drawn = await drawCharts(list, brand);
    expect(drawn.size).toBe(4);
    const [bar, , line, stacked] = list.map((c) => drawn.get(c.offset)!);
    expect(bar).toMatch(/<text[^>]*>245<\/text>/);
    expect(bar).toMatch(/<text[^>]*>USD billion<\/text>/);
    expect(bar).toContain(`font-family="&quot;${brand.fonts.headings}&quot;, sans-serif"`);
    expect(bar).toContain(`fill="${brand.colors.primary}"`);
    expect(line).toMatch(/<text[^>]*>21\.5<\/text>/);
    expect(line).toMatch(/<text[^>]*>China<\/text>/); // a direct label, no legend
    expect(line).toMatch(/stroke-dasharray="6,3"/); // series told apart without colour
    expect(stacked).toMatch(/<text[^>]*>61%<\/text>/);
    for (const svg of drawn.values()) {
      expect(svg).not.toMatch(/<script|\son[a-z]+=|<foreignObject|<image|href=|class=/i);
      const width = Number(/width="(\d+)"/.exec(svg)![1]);
      expect(width).toBeLessThanOrEqual(642); // 170 mm: the text column of Letter and A4
    }
  });

  it("writes its axis numbers and fixed words in the brief's language", async () => {
    const list = briefWith(
      [
        ':::chart{type="bar" title="Tonnes" source="s"}\n| Y | Tonnes |\n|---|---|\n| 2020 | 1500 |\n| 2024 | 2500 |\n:::',
        CARS,
      ].join("\n\n"),
    ).charts;
    const english = await drawCharts(list, brand);
    const french = await drawCharts(list, brand, { locale: "fr", share: "Part (%)" });
    const [enBar, enCars] = list.map((c) => english.get(c.offset)!);
    const [frBar, frCars] = list.map((c) => french.get(c.offset)!);
    expect(enBar).toMatch(/<text[^>]*>2,000<\/text>/);
    expect(frBar).toMatch(/<text[^>]*>2\u202f000<\/text>/); // French groups thousands with a narrow no-break space
    expect(frBar).not.toMatch(/<text[^>]*>2,000<\/text>/);
    expect(enCars).toMatch(/<text[^>]*>Share \(%\)<\/text>/);
    expect(frCars).toMatch(/<text[^>]*>Part \(%\)<\/text>/);
  });

  it("is byte-identical across runs and whatever was drawn before", async () => {
    const list = charts();
    const first = await drawCharts(list, brand);
    await drawCharts([...list].reverse(), brand);
    const again = await drawCharts(list, brand);
    expect([...again.values()]).toEqual([...first.values()]);
  });
});

describe("source grounding of chart data (check --source)", () => {
  const source = sourceText(
    "Trade grew from USD 104 billion in 2020 to USD 245 billion in 2024. The share rose from 9 per cent in 2021 to 61 per cent in 2023. " +
      "Ports handled 12 million tonnes.",
    "paper.txt",
  );
  const ground = (analysis: string) => {
    const text = withAnalysis(analysis);
    const file = briefFile(text);
    checkGrounding(file, proseTree(text).tree, source);
    return messagesOf(file).filter((m) => m.includes("ungrounded-number"));
  };

  it("reads a bare number in a chart's table with the chart's unit: 104 in USD billion is USD 104 billion", () => {
    expect(ground(TRADE)).toEqual([]);
    const cars =
      ':::chart{type="bar" title="Cars" source="s" unit="per cent"}\n| Year | Share |\n|---|---|\n| 2021 | 9 |\n| 2023 | 61 |\n:::';
    expect(ground(cars)).toEqual([]);
  });

  it("reports a number the source does not give, at its cell", () => {
    const md = TRADE.replace("| 2024 | 245 |", "| 2024 | 250 |");
    expect(ground(md)).toEqual([
      `${lineOf(md, "| 2024")}:10 ungrounded-number Figure \`250\` is not in the source text paper.txt. Use the figure the source gives, or cut it.`,
    ]);
  });
});

describe("figure references (:ref[id])", () => {
  const withIds = `${TRADE.replace(':::chart{type="bar"', ':::chart{id="trade" type="bar"')}\n\n${CARS.replace(
    ':::chart{type="stacked-100"',
    ':::chart{id="cars" type="stacked-100"',
  )}`;

  it("resolve to a link to the figure, numbered in this edition", () => {
    const { html } = transformBrief(
      briefWith(`Trade doubled (see :ref[trade]); cars in :ref[cars].\n\n${withIds}`),
      us,
    );
    expect(html).toContain(
      'Trade doubled (see <a href="#figure-1">Figure 1</a>); cars in <a href="#figure-2">Figure 2</a>.',
    );
  });

  it("name the chart by its title when this edition does not show it", () => {
    const md = `See :ref[trade].\n\n:::audience{for="eu"}\n${withIds.split("\n\n")[0]}\n:::`;
    expect(transformBrief(briefWith(md), us).html).toContain("See <em>China–Russia trade</em>.");
    expect(transformBrief(briefWith(md), us).html).not.toContain("chart-ref");
  });

  it("to no chart are an error at the reference, with a suggestion", () => {
    const md = `See :ref[trde].\n\n${withIds}`;
    expect(messagesOf(parse(withAnalysis(md)).file)).toContain(
      `${lineOf(md, "See :ref")}:5 figure-reference Figure reference \`:ref[trde]\` names no chart. Did you mean \`trade\`? ` +
        'Give the chart `id="trde"` in its `:::chart{…}` (chart ids: trade, cars).',
    );
  });
});

describe("hostile chart text", () => {
  it("is drawn as text: markup in titles, headings and labels never becomes elements or attributes", async () => {
    const md = [
      `:::chart{type="grouped-bar" title="<script>alert(1)</script>" source="x' onload='alert(2)" unit="<img src=x onerror=alert(3)>"}`,
      '| <b>Year</b> | A" onmouseover="alert(4) | </text><script>alert(5)</script> |',
      "|---|---|---|",
      "| <svg onload=alert(6)> | 1 | 2 |",
      ":::",
    ].join("\n");
    const brief = briefWith(md);
    const { html } = transformBrief(brief, us, await drawCharts(brief.charts, brand));
    const figure = /<figure[\s\S]*<\/figure>/.exec(html)![0];
    // Text is escaped (a literal "<" only ever opens a tag); the data table keeps the brief's sanitized <b>.
    expect(figure).not.toMatch(/<script|<img|<[^>]*\son[a-z]+=/i);
    expect(figure.match(/<svg/g)).toHaveLength(1);
    expect(figure).toContain("Source: x' onload='alert(2)</p>");
    expect(figure).toContain("&#x3C;script>alert(1)&#x3C;/script>");
  });
});
