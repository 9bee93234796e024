// font-cmap.ts reads a font's character set without fontkit: it must give fontkit's set, code point for code point.
import { describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { characterSetOf } from "../../src/load/font-cmap.js";

const fontkit = createRequire(import.meta.url)("fontkit") as {
  create(b: Buffer): { characterSet: number[]; _cmapProcessor: { cmap: { version: number } } };
};
const FONTSOURCE = join(import.meta.dirname, "..", "..", "node_modules", "@fontsource");

/** Every font file the @fontsource packages install (the brand's fonts and fallbacks, every subset and weight). */
const files = readdirSync(FONTSOURCE).flatMap((pkg) =>
  readdirSync(join(FONTSOURCE, pkg, "files")).map((f) => join(FONTSOURCE, pkg, "files", f)),
);

describe("characterSetOf", () => {
  it("gives fontkit's character set for every installed font file, WOFF2 and WOFF, cmap formats 4 and 12", () => {
    const formats = new Set<number>();
    const kinds = new Set<string>();
    let differing: string[] = [];
    for (const path of files) {
      const bytes = readFileSync(path);
      const font = fontkit.create(bytes);
      formats.add(font._cmapProcessor.cmap.version);
      kinds.add(path.slice(path.lastIndexOf(".")));
      if (JSON.stringify(characterSetOf(bytes)) !== JSON.stringify(font.characterSet)) differing.push(path);
    }
    differing = differing.slice(0, 5);
    expect(differing).toEqual([]);
    expect(files.length).toBeGreaterThan(1000);
    // The comparison covers what the packages hold: both file kinds and both subtable formats.
    expect([...kinds].sort()).toEqual([".woff", ".woff2"]);
    expect([...formats].sort((a, b) => a - b)).toEqual([4, 12]);
  }, 120_000);

  it("reads a plain TrueType font (sfnt) the same way", () => {
    const path = files.find((f) => f.endsWith("source-serif-4-latin-400-normal.woff"))!;
    const sfnt = woffToSfntWithCmap(readFileSync(path));
    expect(characterSetOf(sfnt)).toEqual(fontkit.create(readFileSync(path)).characterSet);
  });

  it("leaves what it cannot read to fontkit: not a font, a truncated file, a collection", () => {
    expect(characterSetOf(Buffer.from("not a font at all"))).toBeUndefined();
    const path = files.find((f) => f.endsWith(".woff2"))!;
    expect(characterSetOf(readFileSync(path).subarray(0, 200))).toBeUndefined();
    const collection = Buffer.from(readFileSync(path));
    collection.write("ttcf", 4, "latin1");
    expect(characterSetOf(collection)).toBeUndefined();
  });
});

/** A minimal sfnt holding only the cmap of a WOFF file (its table directory read here), to test the sfnt path. */
function woffToSfntWithCmap(woff: Buffer): Buffer {
  let cmap: Buffer | undefined;
  for (let i = 0; i < woff.readUInt16BE(12); i++) {
    const at = 44 + 20 * i;
    if (woff.toString("latin1", at, at + 4) !== "cmap") continue;
    const stored = woff.subarray(woff.readUInt32BE(at + 4), woff.readUInt32BE(at + 4) + woff.readUInt32BE(at + 8));
    cmap = stored.length < woff.readUInt32BE(at + 12) ? inflateSync(stored) : stored;
  }
  const head = Buffer.alloc(12 + 16);
  head.writeUInt32BE(0x00010000, 0);
  head.writeUInt16BE(1, 4);
  head.write("cmap", 12, "latin1");
  head.writeUInt32BE(28, 20);
  head.writeUInt32BE(cmap!.length, 24);
  return Buffer.concat([head, cmap!]);
}
