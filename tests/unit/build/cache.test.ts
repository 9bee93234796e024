// The incremental cache: read through its schema (anything else is an empty cache), file hashes memoised per build,
// keys that change with the inputs and options, and the on-disk check of artefacts.
import { afterEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createHash } from "node:crypto";
import { join } from "node:path";
import {
  Journal,
  artefactFile,
  artefactsIntact,
  forgetHashes,
  journalPath,
  replayJournal,
  hashAll,
  hashFile,
  onDisk,
  optionsKey,
  readCache,
  writeCache,
  type CacheState,
} from "../../../src/build/cache.js";
import { resolveOptions } from "../../../src/shared/options.js";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const H5 = createHash("sha256").update("12345").digest("hex");
/** A manifest entry for `us/<brief>.<format>` (5 bytes, sha256 `H5` unless given). */
const usEntry = (brief: string, format: "html" | "pdf" = "html", sha256 = H5) => ({
  path: `us/${brief}.${format}`,
  brief,
  title: "T",
  audience: "us",
  edition: "US",
  format,
  bytes: 5,
  words: 1,
  sha256,
});
const temp = () => (dir = mkdtempSync(join(tmpdir(), "brief-cache-")));
const EMPTY: CacheState = { version: 2, extraInputs: [], editions: {} };

describe("reading and writing the cache", () => {
  it("is empty when there is no cache file", () => {
    expect(readCache(temp())).toEqual(EMPTY);
  });

  it("reads back what it wrote", async () => {
    const out = temp();
    const state: CacheState = {
      version: 2,
      extraInputs: ["/fonts/a.woff2"],
      editions: { "us/a": { key: "k", artefacts: { "us/a.html": H5 } } },
      fingerprint: "f",
    };
    await writeCache(out, state);
    expect(readCache(out)).toEqual(state);
  });

  it.each([
    ["not JSON", "{"],
    ["another version", JSON.stringify({ ...EMPTY, version: 1 })],
    ["a wrong shape", JSON.stringify({ version: 2, extraInputs: "x", editions: {} })],
    [
      "artefact sizes instead of hashes (version 1's)",
      JSON.stringify({ ...EMPTY, editions: { "us/a": { key: "k", artefacts: { "us/a.html": 5 } } } }),
    ],
    [
      "an artefact path that leaves out/",
      JSON.stringify({ ...EMPTY, editions: { "us/a": { key: "k", artefacts: { "../victim.txt": H5 } } } }),
    ],
    ["an edition name that is a path", JSON.stringify({ ...EMPTY, editions: { "../x": { key: "k", artefacts: {} } } })],
  ])("treats %s as an empty cache (validated, never cast)", (_, text) => {
    const out = temp();
    mkdirSync(join(out, ".cache"));
    writeFileSync(join(out, ".cache", "brief-cache.json"), text);
    expect(readCache(out)).toEqual(EMPTY);
  });
});

describe("hashes", () => {
  it("are memoised until forgotten, so each build sees the files as they are then", () => {
    const root = temp();
    const file = join(root, "a.md");
    writeFileSync(file, "one");
    const first = hashFile(file);
    writeFileSync(file, "two");
    expect(hashFile(file)).toBe(first);
    forgetHashes();
    expect(hashFile(file)).not.toBe(first);
  });

  it("name what is not a regular file", () => {
    const root = temp();
    forgetHashes();
    expect(hashFile(join(root, "missing"))).toBe("missing");
    expect(hashFile(root)).toBe("folder");
  });

  it("of a set change with a file's content, its path and the extra strings", () => {
    const root = temp();
    const [a, b] = [join(root, "a"), join(root, "b")];
    writeFileSync(a, "x");
    writeFileSync(b, "x");
    forgetHashes();
    expect(hashAll([a])).not.toBe(hashAll([b]));
    expect(hashAll([a], ["us"])).not.toBe(hashAll([a], ["eu"]));
    expect(hashAll([a, b])).toBe(hashAll([a, b]));
  });
});

describe("keys", () => {
  it("depend on the options that change an artefact's bytes, not on their order", () => {
    const o = resolveOptions("/p");
    expect(optionsKey({ ...o, formats: ["pdf", "html"] })).toBe(optionsKey({ ...o, formats: ["html", "pdf"] }));
    expect(optionsKey({ ...o, inline: true })).not.toBe(optionsKey(o));
    expect(optionsKey({ ...o, sourceDateEpoch: 1 })).not.toBe(optionsKey(o));
    expect(optionsKey({ ...o, concurrency: 4 })).toBe(optionsKey(o));
  });
});

describe("artefacts on disk", () => {
  it("match only with the recorded content (a file of the same size but other bytes does not)", () => {
    const out = temp();
    mkdirSync(join(out, "us"));
    writeFileSync(join(out, "us", "a.html"), "12345");
    expect(onDisk(out, { "us/a.html": H5 })).toBe(true);
    writeFileSync(join(out, "us", "a.html"), "54321");
    expect(onDisk(out, { "us/a.html": H5 })).toBe(false);
    expect(onDisk(out, { "us/b.html": H5 })).toBe(false);
  });

  it("are intact only when the manifest lists exactly what the cache records and no journal is left", () => {
    const out = temp();
    mkdirSync(join(out, "us"));
    writeFileSync(join(out, "us", "a.html"), "12345");
    const state: CacheState = { ...EMPTY, editions: { "us/a": { key: "k", artefacts: { "us/a.html": H5 } } } };
    const entry = usEntry("a");
    expect(artefactsIntact(out, state, undefined)).toBe(false);
    expect(artefactsIntact(out, state, { generator: "g", artefacts: [entry] })).toBe(true);
    expect(artefactsIntact(out, state, { generator: "g", artefacts: [] })).toBe(false);
    expect(artefactsIntact(out, state, { generator: "g", artefacts: [{ ...entry, sha256: "0".repeat(64) }] })).toBe(
      false,
    );
    mkdirSync(join(out, ".cache"));
    writeFileSync(journalPath(out), "");
    expect(artefactsIntact(out, state, { generator: "g", artefacts: [entry] })).toBe(false);
  });

  it("refuse an audience folder that is a link out of out/", () => {
    const out = temp();
    mkdirSync(join(out, "elsewhere"));
    symlinkSync(join(out, "elsewhere"), join(out, "us"));
    expect(() => artefactFile(out, "us/a.html")).toThrow(/is a link/);
    expect(() => artefactFile(out, "../a.html")).toThrow(/not an artefact path/);
  });
});

describe("the journal", () => {
  it("replays editions whose files are on disk as journalled, and skips a torn line or changed files", async () => {
    const out = temp();
    mkdirSync(join(out, "us"));
    mkdirSync(join(out, ".cache"));
    writeFileSync(join(out, "us", "a.html"), "12345");
    writeFileSync(join(out, "us", "b.html"), "changed");
    const entry = (brief: string) => usEntry(brief); // an HTML entry of 5 bytes
    const journal = new Journal(out);
    await journal.append("us/a", "ka", [entry("a")]);
    await journal.append("us/b", "kb", [entry("b")]);
    await journal.close();
    writeFileSync(journalPath(out), readFileSync(journalPath(out), "utf8") + '{"edition":"us/c","ke');
    const manifest = { generator: "g", artefacts: [] };
    const state: CacheState = { ...EMPTY, editions: {} };
    replayJournal(out, manifest, state);
    expect(Object.keys(state.editions)).toEqual(["us/a"]);
    expect(manifest.artefacts).toEqual([entry("a")]);
  });

  it("holds every line appended at once, each whole, and makes out/.cache when it is missing", async () => {
    const out = temp();
    mkdirSync(join(out, "us"));
    const briefs = Array.from({ length: 40 }, (_, i) => `b${i}`);
    for (const b of briefs) writeFileSync(join(out, "us", `${b}.html`), "12345");
    const journal = new Journal(out);
    await Promise.all(briefs.map((b) => journal.append(`us/${b}`, `k${b}`, [usEntry(b)])));
    await journal.close();
    const lines = readFileSync(journalPath(out), "utf8").split("\n");
    expect(lines.pop()).toBe(""); // ends with a line break
    expect(lines.map((l) => JSON.parse(l).edition)).toEqual(briefs.map((b) => `us/${b}`));
    const state: CacheState = { ...EMPTY, editions: {} };
    replayJournal(out, { generator: "g", artefacts: [] }, state);
    expect(Object.keys(state.editions)).toHaveLength(40);
  });

  it("fails a line it cannot write, and writes the next once the folder can be made", async () => {
    const out = temp();
    writeFileSync(join(out, ".cache"), "a file where the folder should be");
    const journal = new Journal(out);
    await expect(journal.append("us/a", "ka", [usEntry("a")])).rejects.toThrow(/EEXIST|ENOTDIR/);
    rmSync(join(out, ".cache"));
    await journal.append("us/b", "kb", [usEntry("b")]);
    await journal.close();
    expect(readFileSync(journalPath(out), "utf8")).toMatch(/^\{"edition":"us\/b"[^\n]*\n$/);
  });

  it("keeps an edition's other format, still recorded when the journalled key is the same", async () => {
    const out = temp();
    mkdirSync(join(out, "us"));
    mkdirSync(join(out, ".cache"));
    writeFileSync(join(out, "us", "a.html"), "12345");
    const html = usEntry("a");
    const pdf = usEntry("a", "pdf", "1".repeat(64));
    const journal = new Journal(out);
    await journal.append("us/a", "ka", [html]);
    await journal.close();
    const manifest = { generator: "g", artefacts: [pdf] };
    const state: CacheState = { ...EMPTY, editions: { "us/a": { key: "ka", artefacts: { "us/a.pdf": pdf.sha256 } } } };
    replayJournal(out, manifest, state);
    expect(manifest.artefacts).toEqual([pdf, html]);
    expect(state.editions["us/a"]!.artefacts).toEqual({ "us/a.pdf": pdf.sha256, "us/a.html": H5 });
    // Another key: the PDF is no longer recorded (the build removes its file), its entry stays for that decision.
    const other: CacheState = { ...EMPTY, editions: { "us/a": { key: "old", artefacts: { "us/a.pdf": pdf.sha256 } } } };
    replayJournal(out, { generator: "g", artefacts: [pdf] }, other);
    expect(other.editions["us/a"]!.artefacts).toEqual({ "us/a.html": H5 });
  });
});
