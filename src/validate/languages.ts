/** Which audiences read a brief's language: the warning when none does, and the languages an audience reads. */
import type { VFile } from "vfile";
import type { LanguageContext } from "../shared/model.js";
import { warn, type Place } from "../shared/problems.js";

/** Warns on `file` that no audience reads briefs in `lang` (pack `packId`), listing what each audience reads. */
export function warnNoReaders(
  file: VFile,
  lang: string,
  packId: string,
  audienceIds: readonly string[],
  languages: LanguageContext,
  place: Place,
): void {
  warn(
    file,
    `No audience reads briefs in \`${lang}\`, so this brief has no edition. Audiences: ` +
      `${audienceIds.map((id) => `${id} (${readerNames(languages, id)})`).join(", ")}. Add an audience with ` +
      `\`lang: ${lang}\` (npm run brief -- new audience <id>), or list \`${packId}\` in an audience's ` +
      `\`brief_languages\`.`,
    place,
    "brief-lang-unread",
  );
}

/** The languages audience `id` reads, by their own names ("Français, English"). */
export function readerNames(languages: LanguageContext, id: string): string {
  return (languages.readers[id] ?? []).map((p) => languages.packs[p]?.name ?? p).join(", ") || "no language";
}
