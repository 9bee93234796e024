/** Temporary projects for tests: a copy of the real templates plus the briefs a test gives. */
import { cpSync, existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveOptions, type BuildOptions } from "../../src/shared/options.js";

/** The repository root. */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A temp project: root with briefs/, templates/ (a copy of the repo's), out/. */
export interface TempProject {
  root: string;
  /** Writes a file under the project root. */
  write(path: string, text: string): string;
  read(path: string): string;
  options(partial?: Partial<BuildOptions>): Readonly<BuildOptions>;
  remove(): void;
}

/** Makes a temp project; `briefs` maps slug → Markdown. Set `templates: false` for an empty templates/. */
export function makeProject(briefs: Record<string, string> = {}, opts: { templates?: boolean } = {}): TempProject {
  const root = mkdtempSync(join(tmpdir(), "brief-test-"));
  mkdirSync(join(root, "briefs"));
  if (opts.templates !== false) cpSync(join(REPO, "templates"), join(root, "templates"), { recursive: true });
  else mkdirSync(join(root, "templates"));
  const project: TempProject = {
    root,
    write(path, text) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
      return full;
    },
    read: (path) => readFileSync(join(root, path), "utf8"),
    options: (partial = {}) => resolveOptions(root, { concurrency: 2, ...partial }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [slug, text] of Object.entries(briefs)) project.write(`briefs/${slug}.md`, text);
  return project;
}

/** The audiences shipped in templates/audiences/, sorted (messages list them: "Audiences: eu, global-south, …"). */
export const SHIPPED_AUDIENCES = readdirSync(join(REPO, "templates", "audiences"))
  .filter((d) => existsSync(join(REPO, "templates", "audiences", d, "audience.yml")))
  .sort();

/** The language packs shipped in templates/i18n/ (each is a file `check` reads). */
export const SHIPPED_PACKS = readdirSync(join(REPO, "templates", "i18n")).filter((f) => f.endsWith(".yml"));

/** Reads a fixture file under tests/fixtures. */
export function fixture(path: string): string {
  return readFileSync(join(REPO, "tests", "fixtures", path), "utf8");
}
