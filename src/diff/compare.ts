/** Compares two editions of a brief: what each reader sees that the other does not, section by section. */
import { editionMarking, type Audience, type Brief } from "../shared/model.js";
import { transformBrief } from "../transform/transform.js";
import { formatDate } from "../shared/format.js";
import { editionUnits, ENDNOTES } from "./units.js";

/** One section of the comparison; `only` maps each audience id to the units only its readers see. */
export interface SectionDiff {
  id: string;
  title: string;
  /** Both editions show exactly the same units, in the same order. */
  same: boolean;
  /** The same units in both, in a different order. */
  reordered: boolean;
  /** Audience ids whose edition has this section. */
  in: string[];
  only: Record<string, string[]>;
}

/** A setting of the edition (page one, end matter, paper) that differs between the two. */
export interface DetailDiff {
  field: string;
  values: Record<string, string>;
}

/** The comparison of two editions of one brief. */
export interface EditionDiff {
  brief: string;
  title: string;
  audiences: [string, string];
  editions: Record<string, string>;
  /** True when the two readers see the same text in every section. */
  same: boolean;
  details: DetailDiff[];
  sections: SectionDiff[];
}

/** Units of `xs` not matched by a unit of `ys` (a multiset difference, order kept). */
function minus(xs: readonly string[], ys: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const y of ys) left.set(y, (left.get(y) ?? 0) + 1);
  return xs.filter((x) => {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    return n === 0;
  });
}

function details(brief: Brief, a: Audience, b: Audience): DetailDiff[] {
  const of = (x: Audience): Record<string, string> => ({
    edition: x.edition,
    addressee: x.addressee,
    paper: x.paper,
    date: formatDate(brief.meta.date, x.locale),
    lang: x.lang,
    marking: editionMarking(brief.meta.marking, x.marking),
    "marking placement": x.markingPlacement,
    "section order": x.sections.join(", "),
    disclaimer: x.disclaimer,
  });
  const [va, vb] = [of(a), of(b)];
  return Object.keys(va)
    .filter((field) => va[field] !== vb[field])
    .map((field) => ({ field, values: { [a.id]: va[field]!, [b.id]: vb[field]! } }));
}

/** Compares the editions of `brief` for audiences `a` and `b`. */
export function diffEditions(brief: Brief, a: Audience, b: Audience): EditionDiff {
  const outlineA = transformBrief(brief, a).outline;
  const outlineB = transformBrief(brief, b).outline;
  const titles = new Map<string, string>();
  for (const s of [...outlineA, ...outlineB]) if (!titles.has(s.id)) titles.set(s.id, s.title);
  const ids = [...titles.keys()];
  const unitsA = editionUnits(brief.tree, a.id, ids);
  const unitsB = editionUnits(brief.tree, b.id, ids);
  const has = (outline: typeof outlineA, units: readonly string[], id: string) =>
    id === ENDNOTES ? units.length > 0 : outline.some((s) => s.id === id);
  const sections = [...ids, ENDNOTES].map((id): SectionDiff => {
    const ua = unitsA.get(id) ?? [];
    const ub = unitsB.get(id) ?? [];
    const inA = has(outlineA, ua, id);
    const inB = has(outlineB, ub, id);
    const only = { [a.id]: minus(ua, ub), [b.id]: minus(ub, ua) };
    const sameSet = only[a.id]!.length === 0 && only[b.id]!.length === 0;
    const same = inA === inB && sameSet && ua.join("\n") === ub.join("\n");
    return {
      id,
      title: titles.get(id) ?? "Endnotes",
      same,
      reordered: inA && inB && sameSet && !same,
      in: [...(inA ? [a.id] : []), ...(inB ? [b.id] : [])],
      only,
    };
  });
  return {
    brief: brief.slug,
    title: brief.meta.title,
    audiences: [a.id, b.id],
    editions: { [a.id]: a.edition, [b.id]: b.edition },
    same: sections.every((s) => s.same),
    details: details(brief, a, b),
    sections: sections.filter((s) => s.id !== ENDNOTES || s.in.length > 0),
  };
}
