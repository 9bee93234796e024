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

/**
 * How restrictive each marking is, by the TLP order (CLEAR < GREEN < AMBER < AMBER+STRICT < RED); the other
 * markings sit beside their TLP peers: PUBLIC with CLEAR, OFFICIAL with GREEN, a draft between GREEN and AMBER.
 */
const MARKING_RANK: Record<Marking, number> = {
  "TLP:CLEAR": 0,
  PUBLIC: 0,
  "TLP:GREEN": 1,
  OFFICIAL: 1,
  "DRAFT — NOT FOR CITATION": 2,
  "TLP:AMBER": 3,
  "TLP:AMBER+STRICT": 4,
  "TLP:RED": 5,
};

/** The marking an edition carries: the higher of the brief's and the audience's; the audience's on a tie. */
export function editionMarking(brief: Marking, audience: Marking | undefined): Marking {
  if (audience === undefined) return brief;
  return MARKING_RANK[audience] >= MARKING_RANK[brief] ? audience : brief;
}

/** Section ids every brief has, in their default reading order. */
export const REQUIRED_SECTIONS = [
  "executive-summary",
  "key-judgements",
  "analysis",
  "implications",
  "recommendations",
] as const;

/** The keys of a language pack's `messages`: every fixed string the templates and the build print. */
export const MESSAGE_KEYS = [
  "bluf",
  "endnotes",
  "end_matter",
  "derived_from",
  "marking",
  "page",
  "back_to_reference",
  "back_to_reference_again",
  "edition",
  "disclaimer",
  "chart_share",
  "figure_caption",
  "figure_ref",
  "figure_source",
  "figure_data",
  "translated_quote",
  "nav_label",
  "nav_index",
  "nav_pdf",
  "nav_compare",
  "nav_editions",
  "index_head",
  "index_title",
  "index_filter_label",
  "index_filter",
  "index_every",
  "index_showing",
  "index_memos_one",
  "index_memos_other",
  "index_empty",
  "index_footer",
  "index_bottom_line",
  "index_editions_one",
  "index_editions_other",
  "index_read",
  "index_pages_one",
  "index_pages_other",
  "index_words",
  "index_compare",
  "compare_title",
  "compare_count",
  "compare_open",
] as const;
/** A language's fixed strings, by key (`{name}`-style placeholders filled in where they are used). */
export type Messages = Record<(typeof MESSAGE_KEYS)[number], string>;

/** How a language sets its text (none of it for English: its briefs are printed as written). */
export interface Typography {
  /** What a quotation mark pair becomes: opening and closing, with any space they take ("«\u202f", "\u202f»"). */
  quotes?: [string, string] | undefined;
  /** What a straight apostrophe between letters becomes (’). */
  apostrophe?: string | undefined;
  /** Punctuation → the space set before it (French: ";!?" → narrow no-break space, ":" → no-break space). */
  spaceBefore?: Record<string, string> | undefined;
  /** Hyphenation patterns (a language of the `hyphen` package, e.g. fr): soft hyphens inserted at build time. */
  hyphenation?: string | undefined;
}

/** A language pack (`templates/i18n/<id>.yml`): the words, headings and typography of one language. */
export interface LanguagePack {
  /** The file's name without `.yml`: a BCP 47 tag such as `fr` or `zh-Hans`. */
  id: string;
  /** The language's own name for itself, e.g. "Français". */
  name: string;
  direction: "ltr" | "rtl";
  messages: Messages;
  /** Section id → the headings a brief in this language may use for it (the first is the usual one). */
  sections: Record<(typeof REQUIRED_SECTIONS)[number], string[]>;
  typography: Typography;
  /** Path of the pack file (for the cache and messages). */
  file: string;
}

/** What parsing a brief needs to know about languages: the packs, and which briefs each audience builds. */
export interface LanguageContext {
  packs: Record<string, LanguagePack>;
  /** Every pack file's id (a broken pack included), for "did you mean". */
  packIds: readonly string[];
  /** Audience id → pack ids of the briefs it builds (its `briefLanguages`). */
  readers: Record<string, readonly string[]>;
}

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
  /** The language the brief is written in (BCP 47, front matter `lang`; default `en`). */
  lang: string;
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
  /** Audience ids this brief is built for (front matter `audiences`, else every audience that reads its language). */
  targets: string[];
  /** Local figures, embedded: the offset of each Markdown image in the brief → its data: URL. */
  images: ReadonlyMap<number, string>;
  /** The brief's charts, read from their directives (drawn later, by the transform stage). */
  charts: readonly ChartData[];
  /** The language pack of the brief's `lang`. */
  pack: string;
  /** How the brief's language sets its text (from its pack). */
  typography: Typography;
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
  /** The language pack this edition is printed with (its id), chosen from `lang`. */
  pack: string;
  /** Text direction of `lang`. */
  direction: "ltr" | "rtl";
  /** The pack's messages with the audience chain's `messages` overrides applied. */
  messages: Messages;
  /** Pack ids of the briefs this audience builds (its own pack unless `brief_languages` says otherwise). */
  briefLanguages: string[];
  paper: "Letter" | "A4";
  sections: string[];
  disclaimer: string;
  /** The audience's own marking (`marking` in audience.yml): it sets or raises the marking of its editions. */
  marking?: Marking | undefined;
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

/** A font for scripts the brand's own fonts lack (an @fontsource package), in its unicode-range subsets. */
export interface FallbackFont {
  family: string;
  weights: number[];
  /** The package's unicode.json (its subsets and their ranges). */
  unicodeJson: string;
  /** Each subset: its CSS unicode-range, the same as code point ranges, and its file per weight. */
  subsets: Array<{ range: string; ranges: Array<[number, number]>; files: Record<number, string> }>;
}

/** The organisation's brand (`templates/brand.yml`). */
export interface Brand {
  name: string;
  shortName: string;
  /** The language of out/index.html and the compare pages (`defaults.index.lang`, default `en`). */
  indexLang: string;
  url?: string | undefined;
  logo: { file: string; alt: string };
  colors: Record<string, string>;
  fonts: { body: string; headings: string; faces: FontFace[]; fallbacks: FallbackFont[] };
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
