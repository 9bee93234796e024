/** Unit-test inputs without a build: briefs parsed from strings, the repo's audiences and brand. */
import { join } from "node:path";
import { VFile } from "vfile";
import { reporter } from "vfile-reporter";
import type { Audience, Brand, Brief } from "../../src/shared/model.js";
import { parseBrief } from "../../src/validate/parse-brief.js";
import { loadAudiences } from "../../src/load/audiences.js";
import { loadBrand } from "../../src/load/brand.js";
import { REPO } from "../helpers/project.js";

/** Front matter lines of a valid brief (line 2 of the file is `title`); `extra` lines are appended before the closing `---`. */
export function frontMatter(fields: Partial<Record<string, string>> = {}, extra = ""): string {
  const defaults: Record<string, string> = {
    title: "title: Test brief",
    subtitle: "subtitle: A subtitle",
    date: "date: 2025-07-01",
    authors: "authors: [A. Analyst]",
    source: "source:\n  author: A. Author\n  title: A paper\n  publisher: An Institute\n  date: 2025-06",
    audiences: "audiences: [us, eu]",
    marking: "marking: TLP:CLEAR",
    bluf: "bluf: Ports stay open. Keep them open.",
  };
  const lines = Object.entries({ ...defaults, ...fields })
    .map(([, v]) => v)
    .filter((v): v is string => v !== undefined && v !== "");
  return `---\n${lines.join("\n")}\n${extra ? `${extra}\n` : ""}---\n`;
}

/** A valid body for audiences us and eu; `parts` replaces whole sections by id. */
export function body(
  parts: Partial<
    Record<"executive-summary" | "key-judgements" | "analysis" | "implications" | "recommendations" | "end", string>
  > = {},
): string {
  const section = (id: keyof typeof parts, fallback: string) => parts[id] ?? fallback;
  return [
    section("executive-summary", "## Executive summary\n\nPorts handled 12 million tonnes.[^ports]\n"),
    section("key-judgements", "## Key judgements\n\n1. Traffic will continue.\n"),
    section("analysis", "## Analysis\n\nThe ports stayed open.\n"),
    section(
      "implications",
      '## Implications\n\n:::audience{for="us"}\nUS text.\n:::\n\n:::audience{for="eu"}\nEU text.\n:::\n',
    ),
    section("recommendations", "## Recommendations\n\n1. Keep the corridor open.\n"),
    section("end", "[^ports]: A. Author, *A paper*.\n"),
  ].join("\n");
}

/** The brief file as a VFile at `briefs/<slug>.md`. */
export function briefFile(markdown: string, slug = "test"): VFile {
  return new VFile({ path: `briefs/${slug}.md`, cwd: "/project", value: markdown });
}

/** Parses `markdown` as a brief against `ids`; returns the brief (or undefined) and its file with every message. */
export function parse(
  markdown: string,
  ids: readonly string[] = ["us", "eu", "global-south"],
): { brief: Brief | undefined; file: VFile } {
  const file = briefFile(markdown);
  const brief = parseBrief({ slug: "test", file }, ids);
  return { brief, file };
}

/** Like {@link parse}, but fails the test with the report when the brief has errors. */
export function parseValid(markdown: string, ids?: readonly string[]): Brief {
  const { brief, file } = parse(markdown, ids);
  if (!brief) throw new Error(`expected a valid brief:\n${reporter([file])}`);
  return brief;
}

/** Messages of `file` as `line:column rule-id reason` strings (one per message). */
export function messagesOf(file: VFile): string[] {
  return file.messages.map((m) => `${m.line ?? "?"}:${m.column ?? "?"} ${m.ruleId} ${m.reason}`);
}

/** The brand and audiences of the repository's templates/ (read-only). */
export async function repoTemplates(): Promise<{ brand: Brand; audiences: Map<string, Audience> }> {
  const templates = join(REPO, "templates");
  const { brand } = await loadBrand(REPO, templates);
  if (!brand) throw new Error("the repo's templates/brand.yml has errors");
  const loaded = await loadAudiences(REPO, templates, brand);
  return { brand, audiences: new Map(loaded.audiences.map((a) => [a.id, a])) };
}

/** A copy of `audience` with another id and section order (for ordering tests). */
export function withSections(audience: Audience, id: string, sections: string[]): Audience {
  return { ...audience, id, sections };
}
