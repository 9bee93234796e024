/** YAML with located errors: safe core schema, no custom tags, and a way to find a key's line. */
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq, visit, type Document } from "yaml";
import type { VFile } from "vfile";
import type { ZodType } from "zod";
import { fail, didYouMean, type Place } from "../shared/problems.js";
import { messageOf } from "../shared/errors.js";

/** A parsed YAML document and a function that maps a key path to its place in the file. */
export interface LocatedYaml {
  data: unknown;
  /**
   * The place of the value at `path` (or of its key with `at: "key"`, or when the value is empty).
   * A path that does not exist gives the key of its deepest existing ancestor (the start of the document at the top).
   */
  locate(path: readonly PropertyKey[], at?: "value" | "key"): Place;
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
    logLevel: "error", // warnings are reported on the file, not printed by the library
  });
  const at = (offset: number): Place => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + lineOffset, column: col };
  };
  const lines = new Set<number>();
  for (const problem of [...doc.errors, ...doc.warnings]) {
    // One mistake often yields several parser errors on the same line: report the first.
    const line = lineCounter.linePos(problem.pos[0]).line;
    if (lines.has(line)) continue;
    lines.add(line);
    const reason = problem.message
      .split("\n")[0]!
      .replace(/ at line \d+, column \d+:?$/, "")
      .replace(/\.$/, "");
    const quote = /^Missing closing (["'])quote/.exec(reason)?.[1];
    const opened = quote ? openingQuote(text, problem.pos[0], quote) : -1;
    if (opened >= 0) {
      // The parser notices a missing quote where the text ends; the fix is where the quote opened.
      fail(
        file,
        `YAML: this ${quote === '"' ? "double" : "single"} quote is never closed. Add the ` +
          `closing ${quote} at the end of the value.`,
        at(opened),
        "yaml-syntax",
      );
      continue;
    }
    fail(file, `YAML: ${reason}. ${yamlFix(problem.code, reason)}`, at(problem.pos[0]), "yaml-syntax");
  }
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  if (!plainValues(file, doc, text, at)) return undefined;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    // Aliases that expand too far ("billion laughs") or point nowhere.
    fail(
      file,
      `YAML: ${messageOf(error).replace(/\.$/, "")}. Write the values out instead of ` + `using aliases (*name).`,
      { line: 1 + lineOffset, column: 1 },
      "yaml-syntax",
    );
    return undefined;
  }
  return {
    data,
    locate(path, want = "value") {
      let node: unknown = doc.contents;
      let place: Place = isNode(node) && node.range ? at(node.range[0]) : { line: 1 + lineOffset, column: 1 };
      for (const [i, segment] of path.entries()) {
        if (isMap(node)) {
          const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
          if (!pair) return place;
          const keyPlace = isNode(pair.key) && pair.key.range ? at(pair.key.range[0]) : place;
          const value = pair.value;
          const empty = !isNode(value) || !value.range || (isScalar(value) && value.value === null && !value.source);
          if (empty || (want === "key" && i === path.length - 1)) return keyPlace;
          node = value;
          place = at(value.range![0]);
          // A missing child is reported at its parent's key, not at the parent's first child.
          if (i < path.length - 1 && isMap(value)) place = keyPlace;
          continue;
        }
        if (isSeq(node) && Number.isInteger(Number(segment))) {
          const item = node.items[Number(segment)];
          if (!isNode(item) || !item.range) return place;
          node = item;
          place = at(item.range[0]);
          continue;
        }
        return place;
      }
      return isNode(node) && node.range ? at(node.range[0]) : place;
    },
  };
}

/**
 * Reports, each at its place, what the core schema reads but JavaScript would read oddly: keys that are not text
 * (`1:`, `null:`, `[a, b]:` became "1", "" and "a,b"), and numbers that are not finite (`1e309`, `.inf`, `.nan`).
 * Returns false when there is any.
 */
function plainValues(file: VFile, doc: Document, text: string, at: (offset: number) => Place): boolean {
  let ok = true;
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (isScalar(key) && typeof key.value === "string") return;
      const node = isNode(key) ? key : isNode(pair.value) ? pair.value : undefined;
      const shown = isNode(key) && key.range ? text.slice(key.range[0], key.range[1]).trim() : "";
      const kind = isMap(key)
        ? "a group of keys"
        : isSeq(key)
          ? "a list"
          : !isScalar(key) || key.value === null
            ? "empty (null)"
            : `a ${typeof key.value}`;
      fail(
        file,
        `YAML: the key \`${shown}\` is ${kind}, not a name. Write a name, or put it in quotes ` +
          `("${shown.replace(/["\\]/g, "\\$&")}": …).`,
        node?.range ? at(node.range[0]) : undefined,
        "yaml-syntax",
      );
      ok = false;
    },
    Scalar(role, scalar) {
      if (role === "key" || typeof scalar.value !== "number" || Number.isFinite(scalar.value)) return;
      fail(
        file,
        `YAML: \`${scalar.source ?? String(scalar.value)}\` is not a finite number (it reads as ${scalar.value}). ` +
          `Write a number in range, or put it in quotes to keep it as text.`,
        scalar.range ? at(scalar.range[0]) : undefined,
        "yaml-syntax",
      );
      ok = false;
    },
  });
  return ok;
}

/** What to do about the commonest YAML mistakes, by the parser's error code. */
const YAML_FIXES: Partial<Record<string, string>> = {
  BLOCK_AS_IMPLICIT_KEY:
    'If the value contains ": ", put it in quotes (title: "Russia: a partner"); otherwise ' +
    "line the key up with the keys above it.",
  MULTILINE_IMPLICIT_KEY:
    "Write each field as `key: value`, with a space after the colon, lined up with the keys above it.",
  BAD_SCALAR_START: "Put the value in quotes.",
  DUPLICATE_KEY: "Each key may appear once: remove or rename the second one.",
  TAB_AS_INDENT: "Indent with spaces, not tabs.",
  BAD_INDENT: "Line the key up with the keys above it (indent with spaces).",
};

function yamlFix(code: string, reason: string): string {
  if (/end with a \]/.test(reason)) return "Close the [ … ] list with ] before the end of the line.";
  if (/end with a \}/.test(reason)) return "Close the { … } group with } before the end of the line.";
  return YAML_FIXES[code] ?? "Fix the YAML syntax (indentation, quotes, colons).";
}

/** Offset of the quote that opens the unclosed quoted value ending at `end`, or -1. */
function openingQuote(text: string, end: number, quote: string): number {
  for (let i = Math.min(end, text.length) - 1; i >= 0; i--) {
    if (text[i] !== quote) continue;
    if (quote === '"' && text[i - 1] === "\\") continue; // \" inside a double-quoted value
    if (quote === "'" && text[i - 1] === "'") {
      i--; // '' inside a single-quoted value
      continue;
    }
    return i;
  }
  return -1;
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
        const name = [...path.map(String), k].join(".");
        const hint = didYouMean(k, known) || (known.length > 0 ? ` Keys here: ${known.join(", ")}.` : "");
        fail(
          file,
          `Unknown key \`${name}\` in ${what}.${hint} Remove it or fix its name.`,
          yaml.locate([...path, k], "key"),
          "unknown-key",
        );
      }
      continue;
    }
    const { reason, ruleId } = explain(issue, key, what, valueAt(yaml.data, path));
    fail(file, reason, yaml.locate(path), ruleId);
  }
  return undefined;
}

interface Issue {
  code: string;
  message: string;
  path: PropertyKey[];
  expected?: unknown;
  values?: unknown[];
}

/** A schema issue as a sentence that says what to write instead. */
function explain(issue: Issue, key: string, what: string, value: unknown): { reason: string; ruleId: string } {
  const last = String(issue.path[issue.path.length - 1] ?? key);
  if (issue.code === "invalid_type") {
    if (value === undefined) {
      const where = issue.path.length > 1 ? ` under \`${issue.path.slice(0, -1).map(String).join(".")}:\`` : "";
      return {
        reason: `Missing required \`${key}\` in ${what}. Add a line \`${last}: …\`${where}.`,
        ruleId: "missing-field",
      };
    }
    if (value === null)
      return { reason: `\`${key}\` is empty in ${what}. Write its value after \`${last}:\`.`, ruleId: "missing-field" };
    const got = Array.isArray(value)
      ? "a list"
      : typeof value === "object"
        ? "a group of keys"
        : `a ${typeof value} (${String(value)})`;
    if (issue.path.length === 0)
      return {
        reason: `The ${what} must be \`key: value\` lines (one field per line), not ${got}.`,
        ruleId: "invalid-field",
      };
    const fix =
      issue.expected === "string"
        ? ` Put the value in quotes, e.g. \`${last}: "${typeof value === "object" ? "…" : String(value)}"\`.`
        : issue.expected === "array"
          ? ` Write a list, e.g. \`${last}: [${typeof value === "string" ? value : "…"}]\`.`
          : "";
    return {
      reason: `Invalid \`${key}\` in ${what}: expected ${describe(issue.expected)}, got ${got}.${fix}`,
      ruleId: "invalid-field",
    };
  }
  if (issue.code === "invalid_value" && Array.isArray(issue.values) && typeof value === "string") {
    const hint = didYouMean(value, issue.values.map(String));
    return {
      reason:
        `Invalid \`${key}\` in ${what}: \`${value}\`` +
        ` is not allowed; ${issue.message.replace(/^Invalid option: /, "")}.${hint}`,
      ruleId: "invalid-field",
    };
  }
  return { reason: `Invalid \`${key}\` in ${what}: ${issue.message.replace(/\.$/, "")}.`, ruleId: "invalid-field" };
}

function describe(expected: unknown): string {
  if (expected === "string") return "text";
  if (expected === "array") return "a list";
  if (expected === "object") return "a group of keys";
  if (expected === "number" || expected === "int") return "a number";
  return String(expected);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
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
  let current = node as
    { shape?: Record<string, unknown>; unwrap?: () => unknown; def?: { innerType?: unknown } } | undefined;
  for (let i = 0; i < 5 && current; i++) {
    if (current.shape) return current.shape;
    current = (current.def?.innerType ?? current.unwrap?.()) as typeof current;
  }
  return undefined;
}
