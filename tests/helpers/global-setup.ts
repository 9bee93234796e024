// Compiles src/ into dist/ once, before the suites that start the CLI as a child process (bin/brief.js compiles
// when src/ is newer than dist/; two suites doing that at once would write the same files together).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REPO } from "./project.js";

export default function setup(): void {
  execFileSync(process.execPath, [join(REPO, "bin", "brief.js"), "--version"], { stdio: "pipe", cwd: REPO });
}
