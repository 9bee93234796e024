// `new audience <id>`: a commented audience.yml that loads without messages and builds at once; bad requests write nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, type TempProject } from "./helpers/project.js";
import { runCli } from "./helpers/cli.js";
import { audienceSchema, loadAudiences } from "../src/load/audiences.js";
import { loadBrand } from "../src/load/brand.js";

// The sample brief, given a NATO edition: listed in `audiences`, with its own implications.
const sample = fixture("briefs/sample.md")
  .replace("audiences: [us, eu]", "audiences: [us, eu, nato]")
  .replace(
    "## Recommendations\n",
    ':::audience{for="nato"}\nThe Alliance should protect the Black Sea lanes: NATO-IMPLICATIONS-MARKER.\n:::\n\n## Recommendations\n',
  );

let project: TempProject;
beforeAll(() => {
  project = makeProject({ sample });
});
afterAll(() => project.remove());

async function load(root: string) {
  const templates = join(root, "templates");
  const { brand } = await loadBrand(root, templates);
  return loadAudiences(root, templates, brand);
}

/** Uncomments every field line of a scaffold (and its indented continuation lines). */
function uncommentAll(text: string): string {
  const fields = Object.keys(audienceSchema.shape).join("|");
  let inField = false;
  return text
    .split("\n")
    .map((line) => {
      if (new RegExp(`^# (${fields}):`).test(line)) {
        inField = true;
        return line.slice(2);
      }
      if (inField && line.startsWith("#   ")) return line.slice(2);
      inField = false;
      return line;
    })
    .join("\n");
}

const audiencesDir = () => join(project.root, "templates", "audiences");

describe("new audience", () => {
  it("scaffolds a NATO edition extending eu that loads without messages and builds right away", async () => {
    const r = await runCli(["new", "audience", "nato", "--extends", "eu", "--name", "NATO"], project.root);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Created templates/audiences/nato/audience.yml: the NATO edition, extending eu.");
    expect(r.stdout).toContain("npm run brief -- --audience nato");

    const loaded = await load(project.root);
    const file = loaded.files.find((f) => f.path === "templates/audiences/nato/audience.yml")!;
    expect(file.messages.map((m) => m.reason)).toEqual([]);
    const nato = loaded.audiences.find((a) => a.id === "nato")!;
    expect(nato).toMatchObject({
      name: "NATO",
      edition: "NATO edition",
      chain: ["nato", "eu"],
      paper: "A4",
      lang: "en-GB",
      locale: "en-GB",
    });

    const built = await runCli(["--audience", "nato", "--format", "html"], project.root);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    const html = readFileSync(join(project.root, "out", "nato", "sample.html"), "utf8");
    expect(html).toContain("NATO edition");
    expect(html).toContain("NATO-IMPLICATIONS-MARKER");
    expect(html).not.toContain("EU-IMPLICATIONS-MARKER");
    expect(existsSync(join(project.root, "out", "us"))).toBe(false); // only the edition asked for
  });

  it("documents every field of audience.yml, and the commented values are valid as they stand", async () => {
    const text = readFileSync(join(audiencesDir(), "nato", "audience.yml"), "utf8");
    for (const key of Object.keys(audienceSchema.shape)) expect(text, key).toMatch(new RegExp(`^(# )?${key}:`, "m"));
    for (const topic of [
      "lang",
      "locale",
      "layout.hbs",
      "partials/",
      "style.css",
      "header-footer",
      "budgets",
      ':::audience{for="nato"}',
    ])
      expect(text).toContain(topic);

    const p = makeProject({});
    try {
      p.write("templates/audiences/nato/audience.yml", uncommentAll(text));
      expect(uncommentAll(text)).toMatch(/^paper: A4$/m);
      const loaded = await load(p.root);
      expect(
        loaded.files.find((f) => f.path === "templates/audiences/nato/audience.yml")!.messages.map((m) => m.reason),
      ).toEqual([]);
      const nato = loaded.audiences.find((a) => a.id === "nato")!;
      const eu = loaded.audiences.find((a) => a.id === "eu")!;
      // eu sets no marking (its editions carry their briefs'), so the scaffold's line is an example to uncomment.
      expect(nato.marking).toBe("TLP:AMBER");
      expect({
        ...nato,
        marking: eu.marking,
        id: "eu",
        name: eu.name,
        edition: eu.edition,
        chain: eu.chain,
        dir: eu.dir,
        files: eu.files,
      }).toEqual(eu);
    } finally {
      p.remove();
    }
  });

  it("scaffolds from base by default, with a name made from the id", async () => {
    const r = await runCli(["new", "audience", "asia-pacific"], project.root);
    expect(r.code).toBe(0);
    const text = readFileSync(join(audiencesDir(), "asia-pacific", "audience.yml"), "utf8");
    expect(text).toMatch(/^extends: base$/m);
    const loaded = await load(project.root);
    expect(loaded.files.find((f) => f.path === "templates/audiences/asia-pacific/audience.yml")!.messages).toEqual([]);
    expect(loaded.audiences.find((a) => a.id === "asia-pacific")).toMatchObject({
      name: "Asia Pacific",
      chain: ["asia-pacific"],
      paper: "A4",
    });
    const uncommented = makeProject({});
    try {
      uncommented.write("templates/audiences/asia-pacific/audience.yml", uncommentAll(text));
      const again = await load(uncommented.root);
      expect(
        again.files
          .find((f) => f.path === "templates/audiences/asia-pacific/audience.yml")!
          .messages.map((m) => m.reason),
      ).toEqual([]);
    } finally {
      uncommented.remove();
    }
  });
});

describe("new audience refuses, writing nothing", () => {
  it("an id that exists already (exit 1)", async () => {
    const before = readFileSync(join(audiencesDir(), "eu", "audience.yml"), "utf8");
    const r = await runCli(["new", "audience", "eu", "--extends", "us"], project.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("templates/audiences/eu/ already exists");
    expect(readFileSync(join(audiencesDir(), "eu", "audience.yml"), "utf8")).toBe(before);
    expect(readdirSync(join(audiencesDir(), "eu"))).toEqual(["audience.yml"]);
  });

  it("an unknown --extends, with a suggestion (exit 1)", async () => {
    const r = await runCli(["new", "audience", "japan", "--extends", "eux"], project.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--extends eux: no such audience. Did you mean `eu`? Known: base, ");
    expect(existsSync(join(audiencesDir(), "japan"))).toBe(false);
  });

  it("an id outside [a-z0-9-], the reserved `base`, or a missing id (usage, exit 2)", async () => {
    const before = readdirSync(audiencesDir()).sort();
    for (const argv of [
      ["new", "audience", "Japan"],
      ["new", "audience", "ja_pan"],
      ["new", "audience", "base"],
      ["new", "audience"],
      ["new", "memo", "x"],
    ]) {
      const r = await runCli(argv, project.root);
      expect(r.code, argv.join(" ")).toBe(2);
    }
    expect((await runCli(["new", "audience", "Japan"], project.root)).stderr).toContain(
      "`Japan` is not a valid audience id: use lowercase letters, digits and hyphens (e.g. japan).",
    );
    expect(readdirSync(audiencesDir()).sort()).toEqual(before);
  });
});
