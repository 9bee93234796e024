/** Load stage for everything under templates/: the brand and the audiences, with `--audience` checked against them. */
import type { VFile } from "vfile";
import type { BuildOptions } from "../shared/options.js";
import type { Brand, LanguageContext } from "../shared/model.js";
import { BriefError, InputError, messageOf } from "../shared/errors.js";
import { didYouMean } from "../shared/problems.js";
import { loadBrand } from "./brand.js";
import { loadAudiences, type LoadedAudiences } from "./audiences.js";
import { languageContext, loadLanguagePacks, type LoadedPacks } from "./language-packs.js";

/** The brand (undefined when brand.yml has errors), the audiences, and the files with their messages. */
export interface LoadedTemplates {
  brand?: Brand | undefined;
  audiences: LoadedAudiences;
  /** The language packs (templates/i18n/). */
  packs: LoadedPacks;
  /** The packs and the languages each audience reads, for parsing briefs. */
  languages: LanguageContext;
  files: VFile[];
}

/**
 * Loads brand.yml and the audiences; throws when `--audience` names no audience, or when brand.yml cannot be read
 * (unless `brand: "optional"`: commands that only need the audiences then go on without it).
 */
export async function loadTemplates(
  o: Readonly<Pick<BuildOptions, "root" | "templatesDir" | "audiences">>,
  { brand = "required" }: { brand?: "required" | "optional" } = {},
): Promise<LoadedTemplates> {
  const packs = await loadLanguagePacks(o.root, o.templatesDir);
  const loadedBrand = await loadBrand(o.root, o.templatesDir, packs.ids).catch((error: unknown) => {
    if (brand === "optional") return undefined;
    throw error instanceof InputError
      ? error
      : new InputError(
          `templates/brand.yml cannot be read: ${messageOf(error)}. Add it (see the README's "Branding").`,
          "templates/brand.yml",
        );
  });
  const audiences = await loadAudiences(o.root, o.templatesDir, loadedBrand?.brand, packs);
  for (const id of o.audiences) {
    if (!audiences.ids.includes(id)) {
      throw new BriefError(
        `--audience ${id}: no such audience.${didYouMean(id, audiences.ids)} Audiences: ` +
          `${audiences.ids.join(", ")}. A new one is a folder templates/audiences/${id}/ ` +
          `(npm run brief -- new audience ${id}).`,
        2, // a usage error, as every bad flag value
      );
    }
  }
  const files = [...(loadedBrand ? [loadedBrand.file] : []), ...packs.files, ...audiences.files];
  return { brand: loadedBrand?.brand, audiences, packs, languages: languageContext(packs, audiences.audiences), files };
}
