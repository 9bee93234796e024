// Publish stage: atomic writes leave no temp files; the manifest is merged and sorted; the index escapes.
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readJson, writeAtomic, writeJson } from "../../src/publish/atomic.js";
import { mergeManifests, sha256, sortEntries, type ManifestEntry } from "../../src/publish/manifest.js";
import { ENGLISH_INDEX_WORDS, comparePage, briefListings, indexPage } from "../../src/publish/index-page.js";
import { loadLanguagePacks } from "../../src/load/language-packs.js";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const temp = () => (dir = mkdtempSync(join(tmpdir(), "brief-publish-")));

/** Every file under `root`, relative, hidden ones included. */
function listAll(root: string, prefix = ""): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listAll(root, join(prefix, e.name)) : [join(prefix, e.name)],
  );
}

describe("atomic writes", () => {
  it("write the whole file, create folders, replace an old file, and leave no temp files", async () => {
    const root = temp();
    await writeAtomic(join(root, "us", "memo.html"), "old");
    await writeAtomic(join(root, "us", "memo.html"), "new");
    await writeAtomic(join(root, "us", "memo.pdf"), new Uint8Array([37, 80, 68, 70]));
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeAtomic(join(root, "many", `${i}.txt`), String(i))));
    expect(readFileSync(join(root, "us", "memo.html"), "utf8")).toBe("new");
    expect(readFileSync(join(root, "us", "memo.pdf")).toString()).toBe("%PDF");
    expect(listAll(root).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(listAll(root)).toHaveLength(22);
  });

  it("a failed write throws, keeps the previous file and leaves no temp file", async () => {
    const root = temp();
    mkdirSync(join(root, "taken"));
    writeFileSync(join(root, "taken", "keep.txt"), "x");
    // The target is a non-empty folder: the rename fails after the temp file was written.
    await expect(writeAtomic(join(root, "taken"), "data")).rejects.toThrow();
    expect(listAll(root)).toEqual([join("taken", "keep.txt")]);
  });

  it("a path under a file (not a folder) fails cleanly", async () => {
    const root = temp();
    writeFileSync(join(root, "file"), "x");
    await expect(writeAtomic(join(root, "file", "out", "a.html"), "data")).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(listAll(root)).toEqual(["file"]);
  });

  it("JSON is written with a trailing newline and read back through its schema; unreadable or invalid JSON gives undefined", async () => {
    const root = temp();
    const schema = z.object({ a: z.number() });
    await writeJson(join(root, "m.json"), { a: 1 });
    expect(readFileSync(join(root, "m.json"), "utf8")).toBe('{\n  "a": 1\n}\n');
    expect(await readJson(join(root, "m.json"), schema)).toEqual({ a: 1 });
    await writeJson(join(root, "wrong.json"), { a: "1" });
    expect(await readJson(join(root, "wrong.json"), schema)).toBeUndefined();
    writeFileSync(join(root, "bad.json"), "{not json");
    expect(await readJson(join(root, "bad.json"), schema)).toBeUndefined();
    expect(await readJson(join(root, "missing.json"), schema)).toBeUndefined();
  });
});

const entry = (path: string, extra: Partial<ManifestEntry> = {}): ManifestEntry => {
  const [audience, file] = path.split("/");
  const [brief, format] = file!.split(".");
  return {
    path,
    brief: brief!,
    title: `Title of ${brief}`,
    audience: audience!,
    edition: `${audience} edition`,
    format: format as "html" | "pdf",
    bytes: 1,
    words: 10,
    sha256: sha256(path),
    ...extra,
  };
};

describe("manifest", () => {
  it("entries are sorted by path, whatever order they were built in", () => {
    const sorted = sortEntries([
      entry("us/b.pdf"),
      entry("eu/a.html"),
      entry("us/a.pdf"),
      entry("eu/a.pdf"),
      entry("us/a.html"),
    ]);
    expect(sorted.map((e) => e.path)).toEqual(["eu/a.html", "eu/a.pdf", "us/a.html", "us/a.pdf", "us/b.pdf"]);
  });

  it("sorting is by code point, not locale (stable across machines)", () => {
    expect(
      sortEntries([entry("us/b.html"), entry("us/B.html"), entry("us/a-b.html"), entry("us/a.html")]).map(
        (e) => e.path,
      ),
    ).toEqual(["us/B.html", "us/a-b.html", "us/a.html", "us/b.html"]);
  });

  it("merging shards: every entry once, later manifests win for the same path, sorted", () => {
    const one = { generator: "brief 0.1.0", artefacts: [entry("us/a.pdf", { bytes: 1 }), entry("eu/a.pdf")] };
    const two = { generator: "brief 0.1.0", artefacts: [entry("us/a.pdf", { bytes: 2 }), entry("gs/a.pdf")] };
    const merged = mergeManifests("brief 0.1.0", [one, two]);
    expect(merged.artefacts.map((e) => [e.path, e.bytes])).toEqual([
      ["eu/a.pdf", 1],
      ["gs/a.pdf", 1],
      ["us/a.pdf", 2],
    ]);
    expect(mergeManifests("g", []).artefacts).toEqual([]);
  });

  it("sha256 is the hex digest of the bytes", () => {
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256(new TextEncoder().encode("abc"))).toBe(sha256("abc"));
  });
});

describe("index page", () => {
  it("links every edition, grouped by brief, and escapes titles", () => {
    const html = indexPage(
      {
        generator: "g",
        artefacts: [
          entry("us/a.html", { title: "<b>A & B</b>" }),
          entry("us/a.pdf", { title: "<b>A & B</b>", pages: 2 }),
          entry("eu/a.html", { title: "<b>A & B</b>" }),
        ],
      },
      { name: "Org", primary: "#123456", lang: "en", words: ENGLISH_INDEX_WORDS },
    );
    expect(html).toContain("&#60;b&#62;A &#38; B&#60;/b&#62;");
    expect(html).not.toContain("<b>A & B</b>");
    expect(html).toContain('<a href="us/a.html">Read (HTML)</a> · <a href="us/a.pdf">PDF</a>');
    expect(html).toContain("2 pages");
    expect(html.indexOf("eu edition")).toBeLessThan(html.indexOf("us edition"));
  });
});

describe("index and compare pages in the language brand.yml names (defaults.index.lang)", () => {
  const manifest = {
    generator: "g",
    artefacts: [
      entry("us/a.html", { title: "Titre", date: "2025-07-01", bluf: "En bref." }),
      entry("us/a.pdf", { title: "Titre", date: "2025-07-01", pages: 1 }),
      entry("eu/a.html", { title: "Titre", date: "2025-07-01" }),
    ],
  };

  it("English words come from the English pack, as the page always printed them", async () => {
    const { packs } = await loadLanguagePacks(process.cwd(), join(process.cwd(), "templates"));
    expect(packs.en!.messages).toMatchObject(ENGLISH_INDEX_WORDS); // the fallback is the pack's own words
    const html = indexPage(manifest, { name: "Org", primary: "#123456", lang: "en", words: packs.en!.messages });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<h1>Policy memos</h1>");
    expect(html).toContain("1 memo, newest first");
    expect(html).toContain('<time datetime="2025-07-01">1 July 2025</time>');
  });

  it("French: every word of both pages from fr.yml, the count's plural and the date by Intl", async () => {
    const { packs } = await loadLanguagePacks(process.cwd(), join(process.cwd(), "templates"));
    const look = { name: "Org", primary: "#123456", lang: "fr", words: packs.fr!.messages };
    const html = indexPage(manifest, look);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain("<h1>Notes de politique</h1>");
    expect(html).toContain("1 note, de la plus récente à la plus ancienne");
    expect(html).toContain("2 éditions");
    expect(html).toContain(">Lire (HTML)</a>");
    expect(html).toContain("1 page, ");
    expect(html).toContain("1 juillet 2025");
    expect(html).toContain("<b>L’essentiel</b>");
    expect(html).toContain("Comparer les 2 éditions côte à côte");
    for (const english of [
      "Policy memos",
      "Read (HTML)",
      "newest first",
      "Bottom line",
      "Every audience",
      "2 editions",
    ])
      expect(html, english).not.toContain(english);
    const compare = comparePage(briefListings(manifest)[0]!, look);
    expect(compare).toContain('<html lang="fr">');
    expect(compare).toContain(">Toutes les notes</a>");
    expect(compare).toContain("2 éditions côte à côte");
    expect(compare).not.toMatch(/side by side|All memos/);
  });

  it("a brief in another language than the page's has its title, subtitle and bottom line marked with it", () => {
    const mixed = {
      generator: "g",
      artefacts: [
        entry("us/a.html", { title: "Grain", bluf: "Ports stay open.", lang: "en" }),
        entry("africa-fr/b.html", { title: "Céréales", subtitle: "Ports", bluf: "En bref.", lang: "fr" }),
        entry("eu/b.html", { title: "Céréales", lang: "fr" }),
      ],
    };
    const look = { name: "Org", primary: "#123456", lang: "en", words: ENGLISH_INDEX_WORDS };
    const html = indexPage(mixed, look);
    expect(html).toContain('<h2 id="b-b" lang="fr">');
    expect(html).toContain('<p class="subtitle" lang="fr">Ports</p>');
    expect(html).toContain('<b>Bottom line</b><span lang="fr">En bref.</span>');
    expect(html).toContain('<h2 id="b-a"><a'); // English in an English page: nothing added
    expect(
      comparePage(
        briefListings(mixed).find((b) => b.slug === "b")!,
        look,
      ),
    ).toContain('<h1 lang="fr">Céréales</h1>');
  });
});
