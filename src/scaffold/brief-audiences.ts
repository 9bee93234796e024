/** Which briefs name their audiences in front matter (and so must list a new audience to get its edition). */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { readAudiencesField } from "../load/front-matter.js";

/** A brief and the audiences its front matter lists (undefined: every audience). */
export interface BriefAudiences {
  slug: string;
  audiences: string[] | undefined;
}

/** Reads the `audiences` field of every brief in `briefsDir`; briefs that cannot be read are left out. */
export async function briefAudiences(briefsDir: string): Promise<BriefAudiences[]> {
  const names = (await readdir(briefsDir).catch(() => [] as string[]))
    .filter((n) => n.endsWith(".md") && !n.startsWith("."))
    .sort();
  const out: BriefAudiences[] = [];
  for (const name of names) {
    try {
      const field = readAudiencesField(await readFile(join(briefsDir, name), "utf8"));
      if (!field) continue; // bad YAML: `check` reports it; nothing to advise here
      const list = field.value;
      out.push({ slug: name.slice(0, -3), audiences: Array.isArray(list) ? list.map(String) : undefined });
    } catch {
      // unreadable or bad YAML: `check` reports it; nothing to advise here
    }
  }
  return out;
}
