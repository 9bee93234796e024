// The incremental cache: read through its schema (anything else is an empty cache), file hashes memoised per build,
// keys that change with the inputs and options, and the on-disk check of artefacts.
import { afterEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  artefactsIntact,
  forgetHashes,
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
const temp = () => (dir = mkdtempSync(join(tmpdir(), "brief-cache-")));
const EMPTY: CacheState = { version: 1, extraInputs: [], editions: {} };

describe("reading and writing the cache", () => {
  it("is empty when there is no cache file", () => {
    expect(readCache(temp())).toEqual(EMPTY);
  });

  it("reads back what it wrote", async () => {
    const out = temp();
    const state: CacheState = {
      version: 1,
      extraInputs: ["/fonts/a.woff2"],
      editions: { "us/a": { key: "k", artefacts: { "us/a.html": 12 } } },
      fingerprint: "f",
    };
    await writeCache(out, state);
    expect(readCache(out)).toEqual(state);
  });

  it.each([
    ["not JSON", "{"],
    ["another version", JSON.stringify({ ...EMPTY, version: 2 })],
    ["a wrong shape", JSON.stringify({ version: 1, extraInputs: "x", editions: {} })],
    [
      "artefact sizes that are not numbers",
      JSON.stringify({ ...EMPTY, editions: { "us/a": { key: "k", artefacts: { p: "1" } } } }),
    ],
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
  it("match only with the recorded size, and the whole build needs its manifest too", () => {
    const out = temp();
    mkdirSync(join(out, "us"));
    writeFileSync(join(out, "us", "a.html"), "12345");
    expect(onDisk(out, { "us/a.html": 5 })).toBe(true);
    expect(onDisk(out, { "us/a.html": 4 })).toBe(false);
    expect(onDisk(out, { "us/b.html": 5 })).toBe(false);
    const state: CacheState = { ...EMPTY, editions: { "us/a": { key: "k", artefacts: { "us/a.html": 5 } } } };
    expect(artefactsIntact(out, state)).toBe(false);
    writeFileSync(join(out, "manifest.json"), "{}");
    expect(artefactsIntact(out, state)).toBe(true);
  });
});
