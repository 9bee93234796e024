/** YAML with located errors: safe core schema, no custom tags, and a way to find a key's line. */
import { LineCounter, parseDocument, isNode, type Document } from "yaml";
import type { VFile } from "vfile";
import type { ZodType } from "zod";
import { fail, didYouMean, type Place } from "../messages.js";

/** A parsed YAML document and a function that maps a key path to its place in the file. */
export interface LocatedYaml {
  data: unknown;
  locate(path: readonly PropertyKey[]): Place;
}

/**
 * Parses `text` (which starts at line `lineOffset + 1` of `file`) with the core schema.
 * Syntax errors, unknown tags and duplicate keys are reported on `file`; returns undefined then.
 */
export function parseYaml(file: VFile, text: string, lineOffset = 0): LocatedYaml | undefined {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, {
    lineCounter,
    schema: "core",
    customTags: [],
    uniqueKeys: true,
    prettyErrors: false,
  });
  const at = (offset: number): Place => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + lineOffset, column: col };
  };
  for (const problem of [...doc.errors, ...doc.warnings]) {
    const reason = problem.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    fail(file, `YAML: ${reason}. Fix the YAML syntax (indentation, quotes, colons).`, at(problem.pos[0]), "yaml-syntax");
  }
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  return {
    data: doc.toJS({ maxAliasCount: 50 }),
    locate(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
        if (isNode(node) && node.range) return at(node.range[0]);
        // A key path that ends at a scalar inside a map: find the pair's key.
      }
      return { line: 1 + lineOffset, column: 1 };
    },
  };
}

/**
 * Validates `yaml.data` against `schema`, reporting each issue on `file` at its key.
 * `what` names the document in messages, e.g. "front matter".
 */
export function validateYaml<T>(file: VFile, yaml: LocatedYaml, schema: ZodType<T>, what: string): T | undefined {
  const result = schema.safeParse(yaml.data ?? {});
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path as PropertyKey[];
    const key = path.map(String).join(".") || what;
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(schema, path);
      for (const k of issue.keys) {
        fail(file, `Unknown key \`${[...path.map(String), k].join(".")}\` in ${what}.${didYouMean(k, known)} Remove it or fix its name.`, yaml.locate([...path, k]), "unknown-key");
      }
      continue;
    }
    const missing = issue.code === "invalid_type" && /received undefined/.test(issue.message);
    const reason = missing
      ? `Missing required \`${key}\` in ${what}. Add it.`
      : `Invalid \`${key}\` in ${what}: ${issue.message}.`;
    fail(file, reason, yaml.locate(path), missing ? "missing-field" : "invalid-field");
  }
  return undefined;
}

/** Keys an object schema accepts at `path` (for suggestions). */
function knownKeys(schema: ZodType, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  for (const key of path) {
    const shape = shapeOf(node);
    if (!shape || typeof key !== "string") return [];
    node = shape[key];
  }
  return Object.keys(shapeOf(node) ?? {});
}

function shapeOf(node: unknown): Record<string, unknown> | undefined {
  let current = node as { shape?: Record<string, unknown>; unwrap?: () => unknown; def?: { innerType?: unknown } } | undefined;
  for (let i = 0; i < 5 && current; i++) {
    if (current.shape) return current.shape;
    current = (current.def?.innerType ?? current.unwrap?.()) as typeof current;
  }
  return undefined;
}
