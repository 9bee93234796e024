// Golden HTML: tests/fixtures/golden/<case>/input.md → expected.<audience>.html, one per audience the brief targets.
//
// What is compared: the transform stage's output, the sanitized body fragment that `{{body}}` prints. It is the part
// of a memo that Markdown decides (sections, audience blocks, endnotes, tables, sanitizing), it has no CSS, fonts or
// dates in it, and it does not change when a template or the style sheet does, so a golden diff shows exactly what a
// change did to the Markdown handling. The layout around it is covered by tests/unit/render.test.ts and the e2e suite.
//
// A case may add audiences of its own under <case>/audiences/<id>/audience.yml (e.g. another section order); they are
// loaded beside the repository's templates.
//
// Rewrite the golden files after a deliberate change, then review the diff like code:
//   UPDATE_GOLDEN=1 npx vitest run tests/golden
import { afterAll, describe, expect, it } from "vitest";
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VFile } from "vfile";
import { reporter } from "vfile-reporter";
import { REPO, makeProject, type TempProject } from "../helpers/project.js";
import { loadBrand } from "../../src/load/brand.js";
import { loadAudiences } from "../../src/load/audiences.js";
import { parseBrief } from "../../src/validate/parse-brief.js";
import { transformBrief } from "../../src/transform/transform.js";

const GOLDEN = join(REPO, "tests", "fixtures", "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const cases = readdirSync(GOLDEN, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const projects: TempProject[] = [];
afterAll(() => projects.forEach((p) => p.remove()));

/** The audiences for a case: the repo's, plus the case's own in a temp copy of templates/. */
async function audiencesFor(dir: string) {
  let root = REPO;
  if (existsSync(join(dir, "audiences"))) {
    const project = makeProject();
    projects.push(project);
    cpSync(join(dir, "audiences"), join(project.root, "templates", "audiences"), { recursive: true });
    root = project.root;
  }
  const templates = join(root, "templates");
  const { brand } = await loadBrand(root, templates);
  const loaded = await loadAudiences(root, templates, brand);
  const broken = loaded.files.filter((f) => f.messages.length > 0);
  if (broken.length > 0) throw new Error(`audiences of ${dir} have problems:\n${reporter(broken)}`);
  return loaded;
}

it("has at least five cases", () => {
  expect(cases.length).toBeGreaterThanOrEqual(5);
});

for (const name of cases) {
  const dir = join(GOLDEN, name);
  const loaded = await audiencesFor(dir);
  const file = new VFile({
    path: `tests/fixtures/golden/${name}/input.md`,
    value: readFileSync(join(dir, "input.md"), "utf8"),
  });
  const brief = parseBrief({ slug: name, file }, loaded.ids);

  describe(name, () => {
    it("input.md is a valid brief", () => {
      expect(
        file.messages.filter((m) => m.fatal),
        reporter([file]),
      ).toEqual([]);
      expect(brief).toBeDefined();
    });
    if (!brief) return;

    for (const id of brief.targets) {
      it(`expected.${id}.html`, () => {
        const audience = loaded.audiences.find((a) => a.id === id)!;
        const html = `${transformBrief(brief, audience).html}\n`;
        const path = join(dir, `expected.${id}.html`);
        if (UPDATE) writeFileSync(path, html);
        expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run tests/golden`).toBe(true);
        expect(
          html,
          `${name}: the HTML changed. If the change is intended, run UPDATE_GOLDEN=1 npx vitest run tests/golden and review the diff`,
        ).toBe(readFileSync(path, "utf8"));
      });
    }

    it("has no golden file for an audience the brief does not target", () => {
      const stale = readdirSync(dir).filter(
        (f) => /^expected\..+\.html$/.test(f) && !brief.targets.includes(f.slice("expected.".length, -".html".length)),
      );
      if (UPDATE) for (const f of stale) rmSync(join(dir, f));
      else expect(stale).toEqual([]);
    });
  });
}
