/** The one reader of a brief's front matter block: where it is, its YAML text, and its `audiences` read quietly. */
import { dirname, resolve } from "node:path";
import { parse as parseYamlText } from "yaml";

/** Front matter at the very start of the file (after a byte-order mark): a `---` line, the YAML, a `---` line. */
export const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/**
 * The `audiences` field as written, read without parsing the Markdown (so that the build's matrix, the shards and
 * the cache are settled before any brief is parsed): `{ value: undefined }` when there is no front matter or no such
 * field, undefined when the YAML does not parse (the parse stage reports that).
 */
export function readAudiencesField(text: string): { value: unknown } | undefined {
  const yaml = FRONT_MATTER.exec(text)?.[1];
  if (yaml === undefined || !/^audiences[ \t]*:/m.test(yaml)) return { value: undefined };
  // The usual one-line form `audiences: [us, eu]` is read directly; anything else goes through YAML.
  const flow = /^audiences[ \t]*:[ \t]*\[([\w\s,-]*)\][ \t]*$/m.exec(yaml);
  if (flow)
    return {
      value: flow[1]!
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    };
  try {
    return { value: (parseYamlText(yaml, { schema: "core" }) as { audiences?: unknown } | null)?.audiences };
  } catch {
    return undefined;
  }
}

/**
 * The file a brief's `source.text` names (a `.txt` or `.md` path, relative to the brief at `briefPath`), read
 * without parsing, for the cache key: the build checks the brief against it. Undefined when there is none.
 */
export function sourceTextInput(briefPath: string, text: string): string | undefined {
  const yaml = FRONT_MATTER.exec(text)?.[1];
  const written =
    yaml && /^source[ \t]*:[ \t]*\r?\n(?:[ \t]+.*\r?\n)*?[ \t]+text[ \t]*:[ \t]*(.+?)[ \t]*$/m.exec(yaml)?.[1];
  const path = written?.replace(/[ \t]+#.*$/, "").replace(/^(["'])(.*)\1$/, "$2");
  return path && /\.(txt|md)$/i.test(path) ? resolve(dirname(briefPath), path) : undefined;
}

/**
 * False when `text` cannot name a source text (no indented `text:` line anywhere): such a brief is not checked against
 * one, and a build whose briefs all lack it does not load the grounding check.
 */
export function mayNameSourceText(text: string): boolean {
  return /^[ \t]+text[ \t]*:/m.test(text);
}

/** The brief's `lang` as written on its one line in the front matter (`en` when there is none). */
export function readLangField(text: string): string {
  const yaml = FRONT_MATTER.exec(text)?.[1] ?? "";
  return /^lang[ \t]*:[ \t]*["']?([A-Za-z0-9-]+)["']?[ \t]*(?:#.*)?$/m.exec(yaml)?.[1] ?? "en";
}

/**
 * The known audiences a brief's front matter lists; when it lists none of them (or is unreadable), every audience
 * that `reads` a brief in its `lang`.
 */
export function declaredAudiences(
  text: string,
  ids: readonly string[],
  reads: (id: string, lang: string) => boolean = () => true,
): string[] {
  const listed = readAudiencesField(text)?.value;
  const known = Array.isArray(listed) ? ids.filter((id) => listed.includes(id)) : [];
  if (known.length > 0) return known;
  const lang = readLangField(text);
  return ids.filter((id) => reads(id, lang));
}
