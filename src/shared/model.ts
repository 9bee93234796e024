/** The data that moves between the stages: loaded inputs, resolved audiences and the brand. */
import type { VFile } from "vfile";
import type { Root as MdastRoot } from "mdast";

/** Markings a brief may carry (TLP 2.0 labels and common government markings). */
export const MARKINGS = [
  "TLP:CLEAR",
  "TLP:GREEN",
  "TLP:AMBER",
  "TLP:AMBER+STRICT",
  "TLP:RED",
  "PUBLIC",
  "OFFICIAL",
  "DRAFT — NOT FOR CITATION",
] as const;
export type Marking = (typeof MARKINGS)[number];

/** Section ids every brief has, in their default reading order. */
export const REQUIRED_SECTIONS = [
  "executive-summary",
  "key-judgements",
  "analysis",
  "implications",
  "recommendations",
] as const;

/** The research paper a brief derives from. */
export interface SourceRef {
  author: string;
  title: string;
  publisher: string;
  series?: string | undefined;
  date: string;
  url?: string | undefined;
  /** Optional plain-text copy of the source, for `check` source grounding (path relative to the brief). */
  text?: string | undefined;
}

/** Validated front matter of a brief. */
export interface BriefMeta {
  title: string;
  subtitle: string;
  shortTitle: string;
  date: string;
  authors: string[];
  source: SourceRef;
  audiences?: string[] | undefined;
  marking: Marking;
  bluf: string;
  keywords: string[];
  budgets: { pages?: number | undefined; words?: number | undefined };
}

/** The kinds of chart a brief may draw. */
export type ChartType = "bar" | "grouped-bar" | "line" | "stacked-100";

/** One chart, read from its directive: what to draw, and the data as written. */
export interface ChartData {
  /** Offset of the directive in the brief: its key from validation to drawing. */
  offset: number;
  type: ChartType;
  title: string;
  source: string;
  /** The unit of the values (the value axis title), e.g. "USD billion". */
  unit?: string | undefined;
  /** A description written by the author, used instead of the generated one. */
  alt?: string | undefined;
  /** The name other text refers to it by (`:ref[trade]` → "Figure 1"). */
  id?: string | undefined;
  /** Header of the first column. */
  category: string;
  /** Headers of the value columns. */
  series: string[];
  /** Each row: its category, its numbers, and the numbers as written (for labels). */
  rows: Array<{ label: string; values: number[]; text: string[] }>;
}

/** A file of a brief's figure folder (`briefs/<slug>/`): its bytes, or why it cannot be used. */
export interface FigureFile {
  /** File name inside the folder, e.g. "trade.png". */
  name: string;
  bytes?: Uint8Array | undefined;
  /** Why the file cannot be used (too large, not a regular file, a link out of the project). */
  problem?: string | undefined;
}

/** A brief as read from disk: its slug and its file (messages are collected on it), and its figure files. */
export interface BriefSource {
  slug: string;
  file: VFile;
  figures?: readonly FigureFile[] | undefined;
}

/** A parsed and validated brief, ready to be transformed for each of its audiences. */
export interface Brief extends BriefSource {
  meta: BriefMeta;
  tree: MdastRoot;
  /** Audience ids this brief is built for (front matter `audiences`, else every audience). */
  targets: string[];
  /** Local figures, embedded: the offset of each Markdown image in the brief → its data: URL. */
  images: ReadonlyMap<number, string>;
  /** The brief's charts, read from their directives (drawn later, by the transform stage). */
  charts: readonly ChartData[];
}

/** Where the marking is printed on the page. */
export type MarkingPlacement = "header-footer" | "header" | "footer";

/** An audience edition, with its `extends` chain resolved (base first). */
export interface Audience {
  id: string;
  name: string;
  /** Edition line printed on page one, e.g. "United States edition". */
  edition: string;
  addressee: string;
  lang: string;
  locale: string;
  paper: "Letter" | "A4";
  sections: string[];
  disclaimer: string;
  markingPlacement: MarkingPlacement;
  budgets: { pages?: number | undefined; words?: number | undefined };
  /** The audience ids from this one up to the root, e.g. ["nato", "eu"]. */
  chain: string[];
  /** Folder of this audience. */
  dir: string;
  /** Layout file to use (the nearest in the chain, else base). */
  layout: string;
  /** Partial name → file, nearest in the chain wins. */
  partials: Record<string, string>;
  /** Style sheets, base first, then each ancestor, then this audience. */
  styles: string[];
  /** Every file this audience's output depends on (for the incremental cache). */
  files: string[];
}

/** A font face from the brand, resolved to a file on disk. */
export interface FontFace {
  family: string;
  weight: number;
  style: "normal" | "italic";
  file: string;
}

/** The organisation's brand (`templates/brand.yml`). */
export interface Brand {
  name: string;
  shortName: string;
  url?: string | undefined;
  logo: { file: string; alt: string };
  colors: Record<string, string>;
  fonts: { body: string; headings: string; faces: FontFace[] };
  defaults: {
    margins: { top: string; right: string; bottom: string; left: string };
    pages?: number | undefined;
    words?: number | undefined;
  };
  /** Every file the brand depends on. */
  files: string[];
}

/** An output format. */
export type Format = "html" | "pdf";
