/** The tool compiled to JavaScript in a temp folder of its own, for tests that run it as a separate process. */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "./project.js";

/**
 * Compiles src/ into a new temp folder (children never race other suites over the shared dist/); returns the folder.
 * Its CLI is `<folder>/dist/cli/main.js`.
 */
export function compileTool(name: string): string {
  const tool = mkdtempSync(join(tmpdir(), `brief-${name}-tool-`));
  writeFileSync(join(tool, "package.json"), '{ "type": "module" }\n');
  symlinkSync(join(REPO, "node_modules"), join(tool, "node_modules"));
  try {
    execFileSync(
      join(REPO, "node_modules", ".bin", "tsc"),
      ["-p", join(REPO, "tsconfig.build.json"), "--outDir", join(tool, "dist")],
      { stdio: "pipe" },
    );
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; a missing main.js fails the tests that use it.
  }
  chmodSync(tool, 0o755);
  return tool;
}
