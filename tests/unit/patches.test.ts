// The patches in patches/ are applied to node_modules (scripts/setup.js runs patch-package after `npm ci`): a patch
// that no longer applies, after a dependency is updated, fails here instead of making builds silently slower.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const patches = readdirSync(join(root, "patches")).filter((f) => f.endsWith(".patch"));

describe("patches/", () => {
  it("holds the patches patches/README.md describes", () => {
    expect(patches).toEqual(["mdast-util-from-markdown+2.1.0.patch", "micromark-util-subtokenize+2.1.0.patch"]);
    const readme = readFileSync(join(root, "patches", "README.md"), "utf8");
    for (const p of patches) expect(readme).toContain(`## ${p}`);
  });

  it.each(patches)("%s is applied to the installed version", (patch) => {
    const [, name, version] = /^(.+)\+(\d+\.\d+\.\d+)\.patch$/.exec(patch)!;
    const installed = JSON.parse(readFileSync(join(root, "node_modules", name!, "package.json"), "utf8")).version;
    expect(installed, `${name} was updated: remake or drop patches/${patch}`).toBe(version);
    // Every line the patch adds is in the file it patches.
    let file = "";
    let added = 0;
    for (const line of readFileSync(join(root, "patches", patch), "utf8").split("\n")) {
      if (line.startsWith("+++ b/")) file = readFileSync(join(root, line.slice("+++ b/".length)), "utf8");
      else if (line.startsWith("+") && line.trim() !== "+") {
        expect(file, `patches/${patch} is not applied: run npx patch-package`).toContain(line.slice(1));
        added++;
      }
    }
    expect(added).toBeGreaterThan(0);
  });
});
