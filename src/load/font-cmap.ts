/**
 * A font's character set read straight from its `cmap` table, for the font files the build reads on every run
 * (WOFF2, WOFF and plain TrueType/OpenType). fontkit gives the same set but decompresses WOFF2 with a brotli decoder
 * written in JavaScript: about 15 ms a font file here, and 80 ms more to load fontkit itself, on the build's critical
 * path before the first memo is rendered. Node's own brotli and zlib take well under a millisecond a font.
 *
 * The set is fontkit's, code point for code point and in the same order (tests/unit/font-cmap.test.ts compares the two
 * on every font file the @fontsource packages install): the same Unicode subtable is chosen, and its ranges are read
 * the way fontkit's `characterSet` reads them. Anything else (a font collection, a cmap without a Unicode subtable, a
 * subtable format fontkit does not list) is `undefined`, and the caller asks fontkit.
 */
import { brotliDecompressSync, inflateSync } from "node:zlib";

/** The Unicode subtables fontkit looks for, in its order of preference (platform, encoding). */
const UNICODE_SUBTABLES: ReadonlyArray<readonly [number, number]> = [
  [3, 10],
  [0, 6],
  [0, 4],
  [3, 1],
  [0, 3],
  [0, 2],
  [0, 1],
  [0, 0],
];

/** WOFF2's table tags by their index in a directory entry's flags (the WOFF2 specification, section 4.1). */
const WOFF2_TAGS = (
  "cmap head hhea hmtx maxp name OS/2 post cvt  fpgm glyf loca prep CFF  VORG EBDT EBLC gasp hdmx kern LTSH PCLT " +
  "VDMX vhea vmtx BASE GDEF GPOS GSUB EBSC JSTF MATH CBDT CBLC COLR CPAL SVG  sbix acnt avar bdat bloc bsln cvar " +
  "fdsc feat fmtx fvar gvar hsty just lcar mort morx opbd prop trak Zapf Silf Glat Gloc Feat Sill"
)
  .match(/.{4}(?: |$)/g)!
  .map((t) => t.slice(0, 4));

/** The code points `bytes` (a font file) maps, as fontkit's `characterSet` lists them; undefined when not readable here. */
export function characterSetOf(bytes: Uint8Array): number[] | undefined {
  try {
    const cmap = cmapTable(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return cmap && readCmap(cmap);
  } catch {
    return undefined; // malformed here: fontkit says what is wrong with it
  }
}

/** The bytes of the font's `cmap` table. */
function cmapTable(font: Buffer): Buffer | undefined {
  const signature = font.toString("latin1", 0, 4);
  if (signature === "wOF2") return woff2Cmap(font);
  if (signature === "wOFF") return woffCmap(font);
  if (signature === "\0\x01\0\0" || signature === "OTTO" || signature === "true") return sfntCmap(font);
  return undefined;
}

/** Where the `cmap` entry starts in a table directory of `count` entries of `size` bytes from `first`. */
function cmapEntry(font: Buffer, first: number, size: number, count: number): number | undefined {
  for (let at = first; at < first + size * count; at += size)
    if (font.toString("latin1", at, at + 4) === "cmap") return at;
  return undefined;
}

function sfntCmap(font: Buffer): Buffer | undefined {
  const at = cmapEntry(font, 12, 16, font.readUInt16BE(4));
  if (at === undefined) return undefined;
  const offset = font.readUInt32BE(at + 8);
  return font.subarray(offset, offset + font.readUInt32BE(at + 12));
}

function woffCmap(font: Buffer): Buffer | undefined {
  const at = cmapEntry(font, 44, 20, font.readUInt16BE(12));
  if (at === undefined) return undefined;
  const offset = font.readUInt32BE(at + 4);
  const stored = font.subarray(offset, offset + font.readUInt32BE(at + 8));
  return stored.length < font.readUInt32BE(at + 12) ? inflateSync(stored) : stored; // zlib unless stored as is
}

/**
 * WOFF2: every table is in one brotli stream, one after another in the order of the directory, each as long as its
 * transformed length when it has one. The cmap table is never transformed.
 */
function woff2Cmap(font: Buffer): Buffer | undefined {
  if (font.toString("latin1", 4, 8) === "ttcf") return undefined; // a collection: fontkit's
  const tables = font.readUInt16BE(12);
  const compressed = font.readUInt32BE(20);
  let at = 48;
  const base128 = (): number => {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const byte = font[at++]!;
      if (i === 0 && byte === 0x80) throw new Error("leading zero in UIntBase128");
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) return value;
    }
    throw new Error("UIntBase128 longer than 5 bytes");
  };
  let offset = 0;
  let cmap: { offset: number; length: number } | undefined;
  for (let i = 0; i < tables; i++) {
    const flags = font[at++]!;
    let tag = WOFF2_TAGS[flags & 0x3f];
    if ((flags & 0x3f) === 0x3f) {
      tag = font.toString("latin1", at, at + 4);
      at += 4;
    }
    const length = base128();
    const version = flags >> 6;
    const transformed = tag === "glyf" || tag === "loca" ? version === 0 : version !== 0;
    const stored = transformed ? base128() : length;
    if (tag === "cmap") cmap = { offset, length: stored };
    offset += stored;
  }
  if (!cmap) return undefined;
  const data = brotliDecompressSync(font.subarray(at, at + compressed));
  return data.subarray(cmap.offset, cmap.offset + cmap.length);
}

/** The character set of the Unicode subtable fontkit would pick. */
function readCmap(cmap: Buffer): number[] | undefined {
  const count = cmap.readUInt16BE(2);
  const records = Array.from({ length: count }, (_, i) => ({
    platform: cmap.readUInt16BE(4 + 8 * i),
    encoding: cmap.readUInt16BE(6 + 8 * i),
    offset: cmap.readUInt32BE(8 + 8 * i),
  }));
  for (const [platform, encoding] of UNICODE_SUBTABLES) {
    const record = records.find((r) => r.platform === platform && r.encoding === encoding);
    if (record) return subtableSet(cmap, record.offset);
  }
  return undefined; // no Unicode subtable: fontkit maps another encoding
}

/** `[from, to)` appended to `out`. */
function pushRange(out: number[], from: number, to: number): void {
  for (let cp = from; cp < to; cp++) out.push(cp);
}

function subtableSet(cmap: Buffer, at: number): number[] | undefined {
  const out: number[] = [];
  switch (cmap.readUInt16BE(at)) {
    case 0:
      pushRange(out, 0, 256);
      return out;
    case 4: {
      const segments = cmap.readUInt16BE(at + 6) / 2;
      const ends = at + 14;
      const starts = ends + 2 * segments + 2;
      for (let i = 0; i < segments; i++)
        pushRange(out, cmap.readUInt16BE(starts + 2 * i), cmap.readUInt16BE(ends + 2 * i) + 1);
      return out;
    }
    case 6: {
      const first = cmap.readUInt16BE(at + 6);
      pushRange(out, first, first + cmap.readUInt16BE(at + 8));
      return out;
    }
    case 10: {
      const first = cmap.readUInt32BE(at + 12);
      pushRange(out, first, first + cmap.readUInt32BE(at + 16));
      return out;
    }
    case 12:
    case 13: {
      const groups = cmap.readUInt32BE(at + 12);
      for (let i = 0; i < groups; i++) {
        const g = at + 16 + 12 * i;
        pushRange(out, cmap.readUInt32BE(g), cmap.readUInt32BE(g + 4) + 1);
      }
      return out;
    }
    default:
      return undefined; // formats 2, 8 and 14: fontkit's (it reads no character set from them)
  }
}
