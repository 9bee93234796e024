// The up-to-date stamp (out/.cache/up-to-date.json): the same command as the last no-op, with every file it looked at
// unchanged, is answered by bin/brief.js without loading the pipeline; any change sends it down the full path.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { existsSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, type TempProject } from "./helpers/project.js";
import { runCli } from "./helpers/cli.js";
import { STAT_LIMITS } from "../src/build/stamp.js";
import { answerFromStamp } from "../src/cli/fast-path.js";

let project: TempProject;
const ARGV = ["--format", "html", "--json"];
const ENV = { SOURCE_DATE_EPOCH: "1751328000" };
const stampFile = () => join(project.root, "out", ".cache", "up-to-date.json");

/** What the fast path prints for `argv`, or undefined when it leaves the run to the full path. */
function fast(argv = ARGV, env: NodeJS.ProcessEnv = ENV): string | undefined {
  let printed = "";
  const write = (s: string | Uint8Array) => void (printed += typeof s === "string" ? s : Buffer.from(s).toString());
  return answerFromStamp(argv, project.root, env, write) ? printed : undefined;
}
const withoutTime = (json: string) => ({ ...(JSON.parse(json) as Record<string, unknown>), ms: 0 });

beforeAll(async () => {
  project = makeProject({
    sample: fixture("briefs/sample.md"),
    second: fixture("briefs/sample.md").replace("Grain corridors after the harvest", "A second brief"),
  });
  STAT_LIMITS.racyMs = -Infinity; // every status is trusted at once, so that no test waits 2 s
  expect((await runCli(ARGV, project.root, ENV)).code).toBe(0);
}, 120_000);
afterAll(() => {
  STAT_LIMITS.racyMs = 2_000;
  project.remove();
});

/** A full-path no-op, which (re)writes the stamp; returns what it printed. */
async function noop(argv = ARGV): Promise<string> {
  const r = await runCli(argv, project.root, ENV);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Up to date|"upToDate": true/);
  return r.stdout;
}

describe("the same command, nothing changed", () => {
  it("is answered from the stamp with what the full path printed (only the time differs)", async () => {
    const full = await noop();
    expect(existsSync(stampFile())).toBe(true);
    const answered = fast();
    expect(answered).toBeDefined();
    expect(withoutTime(answered!)).toEqual(withoutTime(full));
    expect(JSON.parse(answered!)).toMatchObject({ ok: true, upToDate: true, problems: [] });
  });

  it("without --json, prints the up-to-date line", async () => {
    const line = /^Up to date: nothing changed since the last build \(\d+\.\d\d s\)\. Use --force to rebuild\.\n$/;
    expect(await noop(["--format", "html"])).toMatch(line);
    expect(fast(["--format", "html"])).toMatch(line);
  });
});

describe("anything else goes to the full path", () => {
  beforeEach(async () => {
    await noop();
    expect(fast()).toBeDefined();
  });

  it("another command line, folder or SOURCE_DATE_EPOCH", () => {
    expect(fast(["--format", "html"])).toBeUndefined();
    expect(fast([...ARGV, "--force"])).toBeUndefined();
    expect(fast(["check", ...ARGV])).toBeUndefined();
    expect(fast(ARGV, { SOURCE_DATE_EPOCH: "1751328001" })).toBeUndefined();
    expect(answerFromStamp(ARGV, join(project.root, "briefs"), ENV, () => undefined)).toBe(false);
  });

  it("a brief rewritten with the same size and its old modification time", async () => {
    const file = join(project.root, "briefs", "second.md");
    // A whole second, which utimes sets exactly: the rewritten file's modification time is then the stamped one.
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    utimesSync(file, mtime, mtime);
    await noop();
    expect(fast()).toBeDefined();
    const original = readFileSync(file, "utf8");
    const changed = original.replace("The ports stayed open", "The ports stayed OPEN");
    expect(Buffer.byteLength(changed)).toBe(statSync(file).size);
    writeFileSync(file, changed);
    utimesSync(file, mtime, mtime); // only the change time tells
    expect(statSync(file).mtimeMs).toBe(mtime.getTime());
    expect(fast()).toBeUndefined();
    writeFileSync(file, original);
  });

  it("a new brief, a new file in a template folder, a renamed brief", () => {
    project.write("briefs/third.md", fixture("briefs/sample.md"));
    expect(fast()).toBeUndefined();
    rmSync(join(project.root, "briefs", "third.md"));
    expect(fast()).toBeDefined(); // the listing is as recorded again
    project.write("templates/audiences/us/extra.css", "p{}");
    expect(fast()).toBeUndefined();
    rmSync(join(project.root, "templates", "audiences", "us", "extra.css"));
    renameSync(join(project.root, "briefs", "second.md"), join(project.root, "briefs", "zweite.md"));
    expect(fast()).toBeUndefined();
    renameSync(join(project.root, "briefs", "zweite.md"), join(project.root, "briefs", "second.md"));
  });

  it("an artefact changed, even when its bytes are put back", () => {
    const artefact = join(project.root, "out", "us", "sample.html");
    const text = readFileSync(artefact, "utf8");
    writeFileSync(artefact, text.replace("<html", "<HTML"));
    expect(fast()).toBeUndefined();
    writeFileSync(artefact, text);
    expect(fast()).toBeUndefined(); // the same bytes, but written since: the full path hashes it again
  });

  it("a temp file, the lock or a journal in out/", () => {
    const temp = project.write("out/us/.sample.html.4242.0badf00d.tmp", "half-written");
    expect(fast()).toBeUndefined();
    rmSync(temp);
    const lock = project.write("out/.brief.lock", "4242 0123456789abcdef\n");
    expect(fast()).toBeUndefined();
    rmSync(lock);
    const journal = project.write("out/.cache/journal.jsonl", "");
    expect(fast()).toBeUndefined();
    rmSync(journal);
    expect(fast()).toBeDefined();
  });

  it("a damaged or missing stamp", () => {
    const [header, ...printed] = readFileSync(stampFile(), "utf8").split("\n");
    const fields = JSON.parse(header!) as Record<string, unknown>;
    writeFileSync(stampFile(), [JSON.stringify({ ...fields, inputs: 1 }), ...printed].join("\n"));
    expect(fast()).toBeUndefined();
    writeFileSync(stampFile(), [JSON.stringify({ ...fields, split: 1e9 }), ...printed].join("\n"));
    expect(fast()).toBeUndefined();
    writeFileSync(stampFile(), [JSON.stringify(fields), ...printed].join("\n"));
    expect(fast()).toBeDefined(); // as written: each change above was what the fast path refused
    writeFileSync(stampFile(), '{"version": 2, "key": ');
    expect(fast()).toBeUndefined();
    rmSync(stampFile());
    expect(fast()).toBeUndefined();
  });

  it("a build with work removes the stamp", async () => {
    project.write("briefs/second.md", project.read("briefs/second.md").replace("all season", "all year"));
    const r = await runCli(ARGV, project.root, ENV);
    expect(r.code).toBe(0);
    expect(existsSync(stampFile())).toBe(false);
  });
});

describe("statuses too recent to be trusted", () => {
  it("are not stamped: a build's own no-op right after it is answered by the full path next time too", async () => {
    STAT_LIMITS.racyMs = 3_600_000; // every file here changed within the last hour
    try {
      await noop();
      expect(existsSync(stampFile())).toBe(false);
      expect(fast()).toBeUndefined();
    } finally {
      STAT_LIMITS.racyMs = -Infinity;
    }
  });
});
