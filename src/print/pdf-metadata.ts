/** Document metadata Chromium does not write (Author, Subject, Keywords, Creator, fixed dates, ID), and stable structure ids. */
import type { PDFArray, PDFDict, PDFDocument, PDFName, PDFObject } from "pdf-lib";

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

/**
 * Sets `meta` on `pdf` and returns the new bytes and the page count. Chromium's own output (a classic
 * xref table, no XMP) is rewritten object by object in about a millisecond; anything else goes
 * through pdf-lib (about 35 ms a memo). Either way the structure tree is kept and the bytes depend
 * only on the inputs: dates come from `meta`, and the ids Chromium numbers table header cells with
 * (an internal counter that depends on what the page printed before) are renumbered in order.
 */
export async function setPdfMetadata(pdf: Uint8Array, meta: PdfMetadata): Promise<{ bytes: Uint8Array; pages: number }> {
  return rewriteChromiumPdf(pdf, meta) ?? (await rewriteWithPdfLib(pdf, meta));
}

const NODE_ID = /\((node\d+)\)/g;

/** New names for Chromium's node ids: `node00000001`, … in the order of the old ones (a name tree's keys stay sorted). */
function renumber(ids: Iterable<string>): Map<string, string> {
  return new Map([...new Set(ids)].sort().map((id, i) => [id, `node${String(i + 1).padStart(8, "0")}`]));
}

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

/** The fast path for Chromium's output; undefined when the file is not shaped as expected. */
export function rewriteChromiumPdf(pdf: Uint8Array, meta: PdfMetadata): { bytes: Uint8Array; pages: number } | undefined {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString("latin1");
  const end = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-64));
  if (!text.startsWith("%PDF-1.") || !end) return undefined;
  const xrefAt = Number(end[1]);
  const head = /^xref\r?\n0 (\d+)\r?\n/.exec(text.slice(xrefAt, xrefAt + 32));
  if (!head) return undefined;
  const size = Number(head[1]);
  const entriesAt = xrefAt + head[0].length;
  const offsets: number[] = [];
  for (let i = 0; i < size; i++) {
    const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(text.slice(entriesAt + i * 20, entriesAt + i * 20 + 18));
    if (!entry || (i > 0 && (entry[3] !== "n" || entry[2] !== "00000"))) return undefined;
    offsets.push(i === 0 ? -1 : Number(entry[1]));
  }
  const trailer = /^trailer\s*<<([^<>]*)>>\s*startxref/.exec(text.slice(entriesAt + size * 20));
  const root = trailer && /\/Root (\d+) 0 R/.exec(trailer[1]!);
  const info = trailer && /\/Info (\d+) 0 R/.exec(trailer[1]!);
  if (!root || !info || /\/(Prev|Encrypt|XRefStm)\b/.test(trailer[1]!)) return undefined;

  // Each object runs from its offset to the next one's (Chromium writes them back to back).
  const order = offsets.map((at, n) => ({ at, n })).filter((o) => o.n > 0).sort((a, b) => a.at - b.at);
  const spans = new Map<number, string>();
  order.forEach((o, k) => spans.set(o.n, text.slice(o.at, k + 1 < order.length ? order[k + 1]!.at : xrefAt)));
  for (const [n, span] of spans) if (!span.startsWith(`${n} 0 obj`)) return undefined;
  const catalog = spans.get(Number(root[1]))!;
  const lang = /\/Lang \(([^()\\]*)\)/.exec(catalog)?.[1];
  if (!catalog.includes("/Type /Catalog") || /\/Metadata\b/.test(catalog) || lang !== meta.lang) return undefined;
  const pagesRef = /\/Pages (\d+) 0 R/.exec(catalog);
  const pages = pagesRef && /\/Count (\d+)/.exec(spans.get(Number(pagesRef[1])) ?? "");
  if (!pages) return undefined;

  const plain = (span: string) => !span.includes("endstream");
  const ids = renumber([...spans.values()].filter(plain).flatMap((s) => [...s.matchAll(NODE_ID)].map((m) => m[1]!)));
  const infoNumber = Number(info[1]);
  spans.set(infoNumber, `${infoNumber} 0 obj\n<<${infoDict(meta)}>>\nendobj\n`);

  const firstObject = order[0]?.at ?? xrefAt;
  const parts: string[] = [text.slice(0, firstObject)];
  const newOffsets = new Array<number>(size).fill(0);
  let at = firstObject;
  for (const { n } of order) {
    let span = spans.get(n)!;
    if (ids.size > 0 && plain(span)) span = span.replace(NODE_ID, (_, id: string) => `(${ids.get(id)})`);
    newOffsets[n] = at;
    parts.push(span);
    at += span.length;
  }
  const id = meta.id.slice(0, 32).toUpperCase();
  parts.push(
    `xref\n0 ${size}\n0000000000 65535 f \n`,
    newOffsets.slice(1).map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join(""),
    `trailer\n<</Size ${size}\n/Root ${root[1]} 0 R\n/Info ${infoNumber} 0 R\n/ID [<${id}> <${id}>]>>\nstartxref\n${at}\n%%EOF`,
  );
  return { bytes: new Uint8Array(Buffer.from(parts.join(""), "latin1")), pages: Number(pages[1]) };
}

/** Any PDF, through pdf-lib. */
async function rewriteWithPdfLib(pdf: Uint8Array, meta: PdfMetadata): Promise<{ bytes: Uint8Array; pages: number }> {
  const lib = await import("pdf-lib"); // loaded only when needed (~0.2 s)
  const { PDFDocument, PDFName, PDFArray, PDFHexString } = lib;
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator(meta.creator);
  doc.setProducer(meta.creator);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.setLanguage(meta.lang);
  // An XMP stream would carry its own timestamps; the Info dictionary above is the source of truth.
  doc.catalog.delete(PDFName.of("Metadata"));
  renumberNodeIds(lib, doc);
  const id = PDFArray.withContext(doc.context);
  id.push(PDFHexString.of(meta.id.slice(0, 32)));
  id.push(PDFHexString.of(meta.id.slice(0, 32)));
  doc.context.trailerInfo.ID = id;
  const bytes = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  return { bytes, pages: doc.getPageCount() };
}

/** The same renumbering as the fast path, on pdf-lib's objects (strings outside streams' data). */
function renumberNodeIds(lib: typeof import("pdf-lib"), doc: PDFDocument): void {
  const { PDFArray, PDFDict, PDFHexString, PDFString, PDFStream } = lib;
  const found: string[] = [];
  type Holder = PDFDict | PDFArray;
  const strings: Array<{ holder: Holder; key: PDFName | number; value: string }> = [];
  const seen = new Set<PDFObject>();
  const walk = (obj: PDFObject | undefined, holder?: Holder, key?: PDFName | number) => {
    if (!obj || seen.has(obj)) return;
    if (obj instanceof PDFString || obj instanceof PDFHexString) {
      const value = obj.decodeText();
      if (/^node\d+$/.test(value) && holder && key !== undefined) {
        found.push(value);
        strings.push({ holder, key, value });
      }
      return;
    }
    seen.add(obj);
    if (obj instanceof PDFStream) walk(obj.dict);
    else if (obj instanceof PDFDict) for (const [k, v] of obj.entries()) walk(v, obj, k);
    else if (obj instanceof PDFArray) obj.asArray().forEach((v, i) => walk(v, obj, i));
  };
  for (const [, obj] of doc.context.enumerateIndirectObjects()) walk(obj);
  const ids = renumber(found);
  for (const s of strings) {
    const next = PDFString.of(ids.get(s.value)!);
    if (s.holder instanceof PDFDict) s.holder.set(s.key as PDFName, next);
    else s.holder.set(s.key as number, next);
  }
}
