/**
 * Post-processing of Chromium's PDF: the metadata Chromium does not write, PDF/UA-1 identification, and a
 * canonical form, so that a PDF's bytes are a pure function of its HTML, the options and the date.
 */
import type { PDFDocument } from "pdf-lib";

/** Metadata for one memo. */
export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  creator: string;
  lang: string;
  /** Every timestamp in the file. */
  date: Date;
  /** Seeds the document ID, so that the same inputs give the same bytes. */
  id: string;
}

/** A PDF this module cannot put in canonical form (never expected from Chromium: a bug to report). */
export class PdfShapeError extends Error {
  override name = "PdfShapeError";
}

/**
 * Sets `meta` on `pdf` and returns the new bytes and the page count. Chromium's own output (a classic
 * xref table) is rewritten object by object in about a millisecond; anything else is first re-saved
 * through pdf-lib (about 35 ms a memo) and then rewritten the same way. Either way the result is canonical:
 *
 * - every id Chromium makes up for a structure element (table header cells' `/ID`, referred to by
 *   `/Headers` and the `/IDTree`) is renumbered in document order, walking the structure tree — never by
 *   Chromium's own numbers, which come from a renderer-wide counter that depends on what was printed before;
 * - every timestamp comes from `meta.date`, and the document ID from `meta.id`;
 * - structure types that PDF 1.7 does not define (Chromium writes PDF 2.0's `Strong` and `Em`) are mapped
 *   to standard ones in a `/RoleMap`, every page gets `/Tabs /S`, and an XMP packet declares PDF/UA-1.
 */
export async function setPdfMetadata(
  pdf: Uint8Array,
  meta: PdfMetadata,
): Promise<{ bytes: Uint8Array; pages: number }> {
  return rewriteChromiumPdf(pdf, meta) ?? canonical(await resaveWithPdfLib(pdf, meta), meta);
}

function canonical(pdf: Uint8Array, meta: PdfMetadata): { bytes: Uint8Array; pages: number } {
  const out = rewriteChromiumPdf(pdf, meta);
  if (!out)
    throw new PdfShapeError("the PDF Chromium wrote could not be rewritten in canonical form (unexpected file layout)");
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// A minimal reader for PDF objects written as text (dictionaries, arrays, strings, names, numbers, refs).

// The scanner reads runs of characters with sticky regular expressions (the file is read as latin1, one character a
// byte): in a PDF build on Node 20 this code runs in V8's interpreter and baseline compiler (src/cli/compiler-tier.ts),
// where a loop over characters cost several times as much as one match of a run. On 69 of Chromium's PDFs (the real
// memos and the 48 benchmark memos; 4 alternated processes of 10 rounds each), 3.8–5.9 ms a PDF against 5.7–7.5 ms
// so run, and 2.6–3.3 ms against 2.9–4.4 ms with TurboFan.

/** White space (NUL, tab, line feed, form feed, carriage return, space) and comments, any number, interleaved. */
const WS_RUN = /(?:[\0\t\n\f\r ]+|%[^\r\n]*)*/y;
/** A name: the solidus and every character up to white space or a delimiter. */
const NAME = /\/[^\0\t\n\f\r ()<>[\]{}/%]*/y;
/** A literal string without unescaped parentheses inside (others are read character by character). */
const FLAT_STRING = /\((?:[^()\\]|\\[^])*\)/y;
/** An indirect reference, `12 0 R`, ended by white space, a delimiter or the end. */
const REFERENCE = /\d+\s+\d+\s+R(?![^\0\t\n\f\r ()<>[\]{}/%])/y;
/** A number, or `true`, `false`, `null`. */
const ATOM = /[-+]?(?:\d+\.?\d*|\.\d+)|true|false|null/y;

/** Index just past `pattern`'s match at `i` (sticky), or -1. */
function matchEnd(pattern: RegExp, s: string, i: number): number {
  pattern.lastIndex = i;
  return pattern.test(s) ? pattern.lastIndex : -1;
}

function skipWs(s: string, i: number): number {
  return matchEnd(WS_RUN, s, i); // matches always, if only the empty run
}

/** Index just past the value that starts at `i` (after white space); throws on anything malformed. */
function skipValue(s: string, start: number): number {
  let i = skipWs(s, start);
  if (i >= s.length) throw new PdfShapeError("unexpected end of object");
  const c = s[i]!;
  if (c === "/") return matchEnd(NAME, s, i); // the commonest values first: names, then references and numbers
  const ref = matchEnd(REFERENCE, s, i);
  if (ref >= 0) return ref;
  const atom = matchEnd(ATOM, s, i);
  if (atom >= 0) return atom;
  if (s.startsWith("<<", i)) {
    i += 2;
    for (;;) {
      i = skipWs(s, i);
      if (s.startsWith(">>", i)) return i + 2;
      i = skipValue(s, skipValue(s, i));
    }
  }
  if (c === "[") {
    i++;
    for (;;) {
      i = skipWs(s, i);
      if (s[i] === "]") return i + 1;
      i = skipValue(s, i);
    }
  }
  if (c === "(") {
    const flat = matchEnd(FLAT_STRING, s, i);
    if (flat >= 0) return flat;
    let depth = 0;
    for (; i < s.length; i++) {
      if (s[i] === "\\") i++;
      else if (s[i] === "(") depth++;
      else if (s[i] === ")" && --depth === 0) return i + 1;
    }
    throw new PdfShapeError("unterminated string");
  }
  if (c === "<") {
    const end = s.indexOf(">", i);
    if (end < 0) throw new PdfShapeError("unterminated hex string");
    return end + 1;
  }
  throw new PdfShapeError(`unexpected '${c}' in an object`);
}

/** The items of an array's text `[...]`, each as raw text. */
function arrayItems(raw: string): string[] {
  const items: string[] = [];
  let i = skipWs(raw, 0);
  if (raw[i] !== "[") throw new PdfShapeError("expected an array");
  i++;
  for (;;) {
    i = skipWs(raw, i);
    if (raw[i] === "]") return items;
    const end = skipValue(raw, i);
    items.push(raw.slice(i, end));
    i = end;
  }
}

/** A parsed object: its top-level dictionary's entries (raw value text and place) and whether it is a stream. */
interface PdfObject {
  /** Index of the dictionary's `<<` in the span. */
  dictAt: number;
  /** Index just past the dictionary's `>>`. */
  dictEnd: number;
  entries: Map<string, { raw: string; at: number; end: number }>;
}

/** Reads the top-level dictionary of an object span (`N 0 obj <<...>> [stream…] endobj`); undefined if it is not one. */
function readObject(span: string): PdfObject | undefined {
  const head = /^\d+ \d+ obj\s*/.exec(span);
  if (!head || !span.startsWith("<<", head[0].length)) return undefined;
  const dictAt = head[0].length;
  const entries = new Map<string, { raw: string; at: number; end: number }>();
  let i = dictAt + 2;
  for (;;) {
    i = skipWs(span, i);
    if (span.startsWith(">>", i)) return { dictAt, dictEnd: i + 2, entries };
    if (span[i] !== "/") throw new PdfShapeError("expected a name as a dictionary key");
    const keyEnd = matchEnd(NAME, span, i);
    const at = skipWs(span, keyEnd);
    const end = skipValue(span, at);
    entries.set(span.slice(i + 1, keyEnd), { raw: span.slice(at, end), at, end });
    i = end;
  }
}

const refOf = (raw: string | undefined) => (raw === undefined ? undefined : /^(\d+)\s+\d+\s+R$/.exec(raw.trim())?.[1]);
const refsIn = (raw: string) =>
  [...raw.matchAll(/(\d+)\s+\d+\s+R(?![^\0\t\n\f\r ()<>[\]{}/%])/g)].map((m) => Number(m[1]));

/** The text of a literal string token `(…)` (escapes resolved enough for ids: ASCII). */
function literal(raw: string): string | undefined {
  const m = /^\(((?:[^()\\]|\\.)*)\)$/.exec(raw.trim());
  return m ? m[1]!.replace(/\\(.)/g, "$1") : undefined;
}

/** A literal string token for ASCII text. */
const token = (s: string) => `(${s.replace(/[()\\]/g, "\\$&")})`;

/** Inserts `text` as the first entries of the object's dictionary. */
function prependEntries(span: string, obj: PdfObject, text: string): string {
  return `${span.slice(0, obj.dictAt + 2)}${text}\n${span.slice(obj.dictAt + 2)}`;
}

// ---------------------------------------------------------------------------------------------------------

/** PDF text string: UTF-16BE with a byte-order mark, in hex. */
function textString(s: string): string {
  let hex = "FEFF";
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, "0").toUpperCase();
  return `<${hex}>`;
}

/** PDF date in UTC: D:YYYYMMDDHHmmSSZ. */
function pdfDate(d: Date): string {
  return `(D:${d.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z)`;
}

function infoDict(meta: PdfMetadata): string {
  return [
    `/Title ${textString(meta.title)}`,
    `/Author ${textString(meta.author)}`,
    `/Subject ${textString(meta.subject)}`,
    `/Keywords ${textString(meta.keywords.join(" "))}`,
    `/Creator ${textString(meta.creator)}`,
    `/Producer ${textString(meta.creator)}`,
    `/CreationDate ${pdfDate(meta.date)}`,
    `/ModDate ${pdfDate(meta.date)}`,
  ].join("\n");
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The XMP packet: the Info dictionary's fields again (PDF/UA requires dc:title) and the PDF/UA-1 identification. */
export function xmpPacket(meta: PdfMetadata): string {
  const date = meta.date.toISOString().replace(/\.\d{3}Z$/, "Z");
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"' +
      ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
    "<dc:format>application/pdf</dc:format>",
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.title)}</rdf:li></rdf:Alt></dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${xml(meta.author)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.subject)}</rdf:li></rdf:Alt></dc:description>`,
    `<dc:language><rdf:Bag><rdf:li>${xml(meta.lang)}</rdf:li></rdf:Bag></dc:language>`,
    `<pdf:Keywords>${xml(meta.keywords.join(" "))}</pdf:Keywords>`,
    `<pdf:Producer>${xml(meta.creator)}</pdf:Producer>`,
    `<xmp:CreatorTool>${xml(meta.creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    "<pdfuaid:part>1</pdfuaid:part>",
    "</rdf:Description>",
    "</rdf:RDF>",
    "</x:xmpmeta>",
    '<?xpacket end="r"?>',
  ].join("\n");
}

/** The structure types of PDF 1.7 (ISO 32000-1, 14.8.4). */
const STANDARD_TYPES = new Set(
  (
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl " +
    "LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu " +
    "WT WP Figure Formula Form"
  ).split(" "),
);

/** The standard type each PDF 2.0 type Chromium may write is shown as; any other unknown type is a neutral group. */
const ROLE_OF: Record<string, string> = {
  Strong: "Span",
  Em: "Span",
  Sub: "Span",
  FENote: "Note",
  Aside: "Div",
  Title: "P",
  DocumentFragment: "Div",
};

/** The id Chromium's `n`-th structure id becomes (in document order, from 1). */
const canonicalId = (n: number) => `node${String(n).padStart(8, "0")}`;

/** The fast path for Chromium's output (and pdf-lib's re-save); undefined when the file is not shaped as expected. */
export function rewriteChromiumPdf(
  pdf: Uint8Array,
  meta: PdfMetadata,
): { bytes: Uint8Array; pages: number } | undefined {
  try {
    return rewrite(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString("latin1"), meta);
  } catch (error) {
    if (error instanceof PdfShapeError) return undefined;
    throw error;
  }
}

const XREF_ENTRY = /(\d{10}) (\d{5}) ([nf])/y;

function rewrite(text: string, meta: PdfMetadata): { bytes: Uint8Array; pages: number } | undefined {
  const end = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-64));
  if (!text.startsWith("%PDF-1.") || !end) return undefined;
  const xrefAt = Number(end[1]);
  if (!text.startsWith("xref", xrefAt)) return undefined;

  // The xref table: one or more subsections of 20-byte entries.
  const offsets = new Map<number, number>();
  let at = skipWs(text, xrefAt + 4);
  for (;;) {
    const sub = /^(\d+) (\d+)\s*\r?\n/.exec(text.slice(at, at + 32));
    if (!sub) break;
    at += sub[0].length;
    for (let k = 0; k < Number(sub[2]); k++, at += 20) {
      // `0000012345 00000 n`: a 10-digit offset, a 5-digit generation, n (in use) or f (free)
      XREF_ENTRY.lastIndex = at;
      const entry = XREF_ENTRY.exec(text);
      if (!entry) return undefined;
      if (entry[3] === "n") {
        if (entry[2] !== "00000") return undefined;
        offsets.set(Number(sub[1]) + k, Number(entry[1]));
      }
    }
    at = skipWs(text, at);
  }
  if (!text.startsWith("trailer", at)) return undefined;
  const trailerText = text.slice(skipWs(text, at + 7), text.lastIndexOf("startxref"));
  const trailer = readObject(`0 0 obj ${trailerText}`);
  const rootNumber = Number(refOf(trailer?.entries.get("Root")?.raw));
  const infoNumber = Number(refOf(trailer?.entries.get("Info")?.raw));
  let size = Number(trailer?.entries.get("Size")?.raw);
  if (
    !trailer ||
    !rootNumber ||
    !infoNumber ||
    !size ||
    ["Prev", "Encrypt", "XRefStm"].some((k) => trailer.entries.has(k))
  )
    return undefined;

  // Each object runs from its offset to the next one's (both writers put them back to back).
  const order = [...offsets].map(([n, offset]) => ({ n, offset })).sort((a, b) => a.offset - b.offset);
  const spans = new Map<number, string>();
  order.forEach((o, k) => spans.set(o.n, text.slice(o.offset, k + 1 < order.length ? order[k + 1]!.offset : xrefAt)));
  for (const [n, span] of spans) if (!span.startsWith(`${n} 0 obj`)) return undefined;
  const objects = new Map<number, PdfObject | undefined>();
  const object = (n: number | undefined) => {
    if (n === undefined || !spans.has(n)) return undefined;
    if (!objects.has(n)) objects.set(n, readObject(spans.get(n)!));
    return objects.get(n);
  };
  const nameOf = (o: PdfObject | undefined, key: string) => o?.entries.get(key)?.raw.trim();

  const catalog = object(rootNumber);
  if (nameOf(catalog, "Type") !== "/Catalog" || catalog!.entries.has("Metadata")) return undefined;
  if (literal(nameOf(catalog, "Lang") ?? "") !== meta.lang) return undefined;
  const pagesRoot = object(Number(refOf(nameOf(catalog, "Pages"))));
  const pageCount = Number(nameOf(pagesRoot, "Count"));
  if (!pageCount) return undefined;

  // Structure ids, in document order: a pre-order walk of the structure tree from its root.
  const treeNumber = Number(refOf(nameOf(catalog, "StructTreeRoot")));
  const tree = object(treeNumber);
  const isElement = (n: number) =>
    spans.has(n) && !spans.get(n)!.includes("endstream") && nameOf(object(n), "Type") === "/StructElem";
  const ids = new Map<string, string>();
  const elements: number[] = [];
  if (tree) {
    const seen = new Set<number>();
    const walk = (raw: string | undefined) => {
      for (const n of raw === undefined ? [] : refsIn(raw)) {
        if (seen.has(n) || !isElement(n)) continue;
        seen.add(n);
        elements.push(n);
        const id = literal(nameOf(object(n), "ID") ?? "");
        if (id !== undefined && !ids.has(id)) ids.set(id, canonicalId(ids.size + 1));
        walk(nameOf(object(n), "K"));
      }
    };
    walk(nameOf(tree, "K"));
  }
  const renameIn = (raw: string) =>
    raw.replace(/\((?:[^()\\]|\\.)*\)/g, (tok) => {
      const id = literal(tok);
      return id !== undefined && ids.has(id) ? token(ids.get(id)!) : tok;
    });

  // Elements: their /ID and the /Headers arrays of their attributes, renamed.
  for (const n of elements) {
    const span = spans.get(n)!;
    const o = object(n)!;
    if (ids.size > 0 && (o.entries.has("ID") || /\/Headers\b/.test(span)))
      spans.set(n, span.slice(0, o.dictAt) + renameIn(span.slice(o.dictAt, o.dictEnd)) + span.slice(o.dictEnd));
  }

  // The ID tree: every (id, element) pair renamed, sorted by the new ids, laid back into the same leaves.
  if (tree?.entries.has("IDTree") && ids.size > 0)
    rebuildIdTree(Number(refOf(nameOf(tree, "IDTree"))), spans, object, renameIn);

  // PDF 1.7 structure types: a role map for the others.
  const types = new Set(elements.map((n) => nameOf(object(n), "S")?.slice(1)).filter((t): t is string => !!t));
  const roles = [...types].filter((t) => !STANDARD_TYPES.has(t)).sort();
  if (tree && roles.length > 0 && !tree.entries.has("RoleMap")) {
    const map = roles.map((t) => `/${t} /${ROLE_OF[t] ?? "NonStruct"}`).join("\n");
    spans.set(treeNumber, prependEntries(spans.get(treeNumber)!, tree, `/RoleMap <<${map}>>`));
  }

  // Every page: tab order follows the structure.
  for (const [n] of spans) {
    const o = spans.get(n)!.includes("endstream") ? undefined : object(n);
    if (o && nameOf(o, "Type") === "/Page" && !o.entries.has("Tabs"))
      spans.set(n, prependEntries(spans.get(n)!, o, "/Tabs /S"));
  }

  // The catalog: the XMP packet (a new object), and the marked-content flag PDF/UA requires.
  const xmpNumber = size++;
  const xmp = Buffer.from(xmpPacket(meta), "utf8").toString("latin1");
  spans.set(
    xmpNumber,
    `${xmpNumber} 0 obj\n<</Type /Metadata\n/Subtype /XML\n/Length ${xmp.length}>>\nstream\n${xmp}\nendstream\nendobj\n`,
  );
  const marked = /\/Marked\s+true/.test(nameOf(catalog, "MarkInfo") ?? "");
  let catalogSpan = spans.get(rootNumber)!;
  if (!marked && catalog!.entries.has("MarkInfo")) return undefined;
  catalogSpan = prependEntries(
    catalogSpan,
    catalog!,
    `/Metadata ${xmpNumber} 0 R${marked ? "" : "\n/MarkInfo <</Marked true>>"}`,
  );
  spans.set(rootNumber, catalogSpan);
  spans.set(infoNumber, `${infoNumber} 0 obj\n<<${infoDict(meta)}>>\nendobj\n`);

  // Written back in the original order (new objects last), with a new single-section xref table.
  const firstObject = order[0]?.offset ?? xrefAt;
  // PDF/UA-1 is defined on PDF 1.7; Chromium's header says 1.4 (same length, so no offset moves).
  const parts: string[] = [text.slice(0, firstObject).replace(/^%PDF-1\.\d/, "%PDF-1.7")];
  const newOffsets = new Map<number, number>();
  let offset = firstObject;
  for (const n of [...order.map((o) => o.n), xmpNumber]) {
    const span = spans.get(n)!;
    newOffsets.set(n, offset);
    parts.push(span);
    offset += span.length;
  }
  const entries: string[] = [];
  for (let n = 1; n < size; n++) {
    const o = newOffsets.get(n);
    entries.push(o === undefined ? "0000000000 00001 f \n" : `${String(o).padStart(10, "0")} 00000 n \n`);
  }
  const id = meta.id.slice(0, 32).toUpperCase();
  parts.push(
    `xref\n0 ${size}\n0000000000 65535 f \n`,
    entries.join(""),
    `trailer\n<</Size ${size}\n/Root ${rootNumber} 0 R\n/Info ${infoNumber} 0 R\n/ID [<${id}> <${id}>]>>\nstartxref\n${offset}\n%%EOF`,
  );
  return { bytes: new Uint8Array(Buffer.from(parts.join(""), "latin1")), pages: pageCount };
}

/** Renames the ID tree's keys, sorts the pairs by their new keys and lays them back into the same leaves. */
function rebuildIdTree(
  rootNumber: number,
  spans: Map<number, string>,
  object: (n: number) => PdfObject | undefined,
  renameIn: (raw: string) => string,
): void {
  const leaves: Array<{ n: number; count: number }> = [];
  const pairs: Array<[string, string]> = [];
  const inner: number[] = [];
  const seen = new Set<number>();
  const visit = (n: number) => {
    const node = object(n);
    if (!node || seen.has(n)) throw new PdfShapeError("the ID tree is not a tree");
    seen.add(n);
    const kids = node.entries.get("Kids");
    const names = node.entries.get("Names");
    if (kids) {
      if (n !== rootNumber) inner.push(n);
      for (const kid of refsIn(kids.raw)) visit(kid);
    } else if (names) {
      const items = arrayItems(names.raw);
      if (items.length % 2) throw new PdfShapeError("an ID tree leaf has an odd number of items");
      for (let k = 0; k < items.length; k += 2) pairs.push([renameIn(items[k]!), items[k + 1]!]);
      leaves.push({ n, count: items.length / 2 });
    }
  };
  visit(rootNumber);
  pairs.sort(([a], [b]) => (literal(a)! < literal(b)! ? -1 : literal(a)! > literal(b)! ? 1 : 0));
  const limits = new Map<number, [string, string]>();
  let k = 0;
  for (const { n, count } of leaves) {
    const mine = pairs.slice(k, (k += count));
    const names = mine.map(([key, value]) => `${key} ${value}`).join(" ");
    if (mine.length > 0) limits.set(n, [mine[0]![0], mine.at(-1)![0]]);
    const withLimits = n !== rootNumber && mine.length > 0 ? `/Limits [${mine[0]![0]} ${mine.at(-1)![0]}]\n` : "";
    spans.set(n, `${n} 0 obj\n<<${withLimits}/Names [${names}]>>\nendobj\n`);
  }
  // Intermediate nodes: their limits span their descendants' (visited children-first, from the deepest).
  const limitsOf = (n: number): [string, string] | undefined => {
    if (limits.has(n)) return limits.get(n);
    const kids = refsIn(object(n)?.entries.get("Kids")?.raw ?? "[]")
      .map(limitsOf)
      .filter((l) => l !== undefined);
    const l = kids.length > 0 ? ([kids[0]![0], kids.at(-1)![1]] as [string, string]) : undefined;
    if (l) limits.set(n, l);
    return l;
  };
  for (const n of inner) {
    const node = object(n)!;
    const l = limitsOf(n);
    const span = spans.get(n)!;
    const old = node.entries.get("Limits");
    if (l && old) spans.set(n, span.slice(0, old.at) + `[${l[0]} ${l[1]}]` + span.slice(old.end));
  }
}

/** Any PDF, re-saved through pdf-lib with a classic xref table, then rewritten as Chromium's own output is. */
async function resaveWithPdfLib(pdf: Uint8Array, meta: PdfMetadata): Promise<Uint8Array> {
  const lib = await import("pdf-lib"); // loaded only when needed (~0.2 s)
  const { PDFDocument, PDFName, PDFString } = lib;
  const doc: PDFDocument = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.catalog.set(PDFName.of("Lang"), PDFString.of(meta.lang));
  // Rewritten with the file's other metadata by the fast path.
  doc.catalog.delete(PDFName.of("Metadata"));
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false });
}
