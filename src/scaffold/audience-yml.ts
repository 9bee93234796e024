/** The text of a new, commented `audience.yml`: every field explained, inherited values shown as comments. */
import { REQUIRED_SECTIONS, type Audience } from "../shared/model.js";

/** What the scaffold needs to know. */
export interface AudienceScaffold {
  id: string;
  name: string;
  /** `base` or a parent audience id. */
  extends: string;
  /** The resolved parent, when it is an audience (its values are shown as the inherited ones). */
  parent?: Audience | undefined;
  /** Budgets in force without a parent (brand.yml's defaults). */
  brandBudgets?: Audience["budgets"] | undefined;
  /** Partial names templates/base/partials/ provides. */
  partials: string[];
}

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
const q = (s: string) => JSON.stringify(s);

/** `text` as comment lines of a folded block, wrapped at about 90 columns. */
function foldedComment(text: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length > 84) {
      lines.push(`#   ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`#   ${line}`);
  return lines;
}

/** The commented `budgets` block: the values in force, and an example for those not set. */
function budgetLines(b: Audience["budgets"]): string[] {
  const set = (["pages", "words"] as const).filter((k) => b[k] !== undefined);
  const example = { pages: 2, words: 1200 };
  if (set.length === 0)
    return [`# budgets: {}   # none set today; e.g. {pages: ${example.pages}, words: ${example.words}}`];
  const unset = (["pages", "words"] as const).filter((k) => b[k] === undefined);
  return [
    ...(unset.length > 0
      ? [
          `# (No ${unset.map((k) => k.slice(0, -1)).join(" or ")} budget is set today;` +
            ` add e.g. \`${unset.map((k) => `${k}: ${example[k]}`).join(", ")}\` under budgets.)`,
        ]
      : []),
    "# budgets:",
    ...set.map((k) => `#   ${k}: ${b[k]}`),
  ];
}

/** Renders the audience.yml for `s`. */
export function audienceYml(s: AudienceScaffold): string {
  const p = s.parent;
  const from = p ? `inherited from ${p.id}` : "the default";
  return [
    `# ${s.name} edition: templates/audiences/${s.id}/audience.yml`,
    `# Made by \`npm run brief -- new audience ${s.id} --extends ${s.extends}\`. Build only this edition with:`,
    `#   npm run brief -- --audience ${s.id}`,
    "#",
    "# Every field is optional: a field left out (or commented out) comes from the parent named in",
    "# `extends`, and in the end from the defaults. The commented lines below show the value this",
    "# edition gets today; uncomment a line to give it its own value.",
    "",
    "# Name of the audience, as the index page, `diff` and messages show it.",
    `name: ${q(s.name)}`,
    "",
    "# The parent: `base` (the built-in defaults and templates/base/) or another audience id, such as eu.",
    "# This edition takes every field it does not set, and the parent's layout.hbs, partials/ and",
    "# style.css, from the parent. Chains may be long (nato → eu → base) but must not loop.",
    `extends: ${s.extends}`,
    "",
    "# Edition line printed on page one and in the page footer.",
    `edition: ${q(`${s.name} edition`)}`,
    "",
    '# Addressee line printed under the title, e.g. "For: the North Atlantic Council".',
    `# addressee: ${q(p?.addressee ?? "")}`,
    "",
    "# lang and locale are separate on purpose:",
    "#   lang   - the HTML `lang` of the memo (BCP 47, e.g. en-GB): screen readers, hyphenation, spelling.",
    '#   locale - how dates, lists and numbers are written (Intl): en-US gives "July 1, 2025",',
    '#            en-GB gives "1 July 2025". An edition can be in English (lang: en) with',
    "#            international dates (locale: en-001).",
    `# lang: ${p?.lang ?? "en"}`,
    `# locale: ${p?.locale ?? "en"}${p ? "" : "   # (default: the same as lang)"}`,
    "",
    "# The words this edition prints (BLUF label, endnotes heading, page numbers…) come from the language",
    `# pack of \`lang\` (templates/i18n/${p?.pack ?? "en"}.yml). Override any of them for this edition, e.g.:`,
    "# messages:",
    `#   bluf: ${q(p?.messages.bluf ?? "Bottom line up front")}`,
    "",
    "# Briefs this edition builds: those written in its language (a brief's front matter `lang`, default en).",
    "# List languages here to build briefs written in others too.",
    `# brief_languages: [${(p?.briefLanguages ?? ["en"]).join(", ")}]`,
    "",
    "# Paper size of the PDF: Letter (US) or A4.",
    `# paper: ${p?.paper ?? "A4"}`,
    "",
    "# Order of the sections in this edition. Every brief has these five sections; list all of them",
    `# in the order this audience reads them (${from}). A brief's own ## section stays after the one it`,
    "# follows, unless listed here by the id of its heading (## Annex: method is annex-method).",
    `# sections: [${(p?.sections ?? [...REQUIRED_SECTIONS]).join(", ")}]`,
    "",
    "# Disclaimer printed at the end of the memo.",
    ...(p
      ? ["# disclaimer: >-", ...foldedComment(p.disclaimer)]
      : [
          "# (default: the memo derives from the source cited above and is not endorsed by " +
            "its author or publisher)",
          "# disclaimer: >-",
          "#   Your disclaimer, on as many lines as you like.",
        ]),
    "",
    "# The marking of this edition: it sets or raises the brief's own (the higher of the two wins, by the",
    "# TLP order CLEAR/PUBLIC < GREEN/OFFICIAL < DRAFT < AMBER < AMBER+STRICT < RED).",
    ...(p?.marking ? [] : ["# Unset, each edition carries its brief's own marking; for example:"]),
    `# marking: ${p?.marking ?? "TLP:AMBER"}`,
    "",
    "# Where the marking is printed on every PDF page:",
    "#   header-footer (top and bottom right, as TLP 2.0 asks), header, or footer.",
    `# marking_placement: ${p?.markingPlacement ?? "header-footer"}`,
    "",
    "# Length budgets: an edition over them gets a warning (a failure with --strict).",
    "# A brief's own front matter `budgets` wins over these; without either, brand.yml's defaults apply.",
    ...budgetLines(p?.budgets ?? s.brandBudgets ?? {}),
    "",
    "# The look of this edition alone: add any of these files next to this one.",
    "#   style.css   added after templates/base/style.css and the parents' style.css (the usual way:",
    `#               e.g. .memo--${s.id} h1 { color: #003366; }).`,
    "#   partials/   partials/<name>.hbs replaces the partial of that name for this edition",
    `#               (${s.partials.join(", ")}); copy one from templates/base/partials/ to start.`,
    "#   layout.hbs  replaces the whole page layout; start from a copy of templates/base/layout.hbs.",
    "# Templates are Handlebars in strict mode with {{double braces}} only (everything is escaped);",
    "# the memo body is the one value printed as HTML, as {{body}}.",
    "#",
    "# Briefs: a brief that lists `audiences:` in its front matter gets this edition once",
    `# ${s.id} is in that list; every edition needs its own implications, under ## Implications:`,
    `#   :::audience{for="${s.id}"}`,
    "#   What this means for the reader of this edition.",
    "#   :::",
    "",
  ].join("\n");
}
