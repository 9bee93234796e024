/** Which briefs name their audiences in front matter (and so must list a new audience to get its edition). */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";

/** A brief and the audiences its front matter lists (undefined: every audience). */
export interface BriefAudiences {
  slug: string;
  audiences: string[] | undefined;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;

/** Reads the `audiences` field of every brief in `briefsDir`; briefs that cannot be read are left out. */
export async function briefAudiences(briefsDir: string): Promise<BriefAudiences[]> {
  const names = (await readdir(briefsDir).catch(() => [] as string[])).filter((n) => n.endsWith(".md") && !n.startsWith(".")).sort();
  const out: BriefAudiences[] = [];
  for (const name of names) {
    try {
      const match = FRONT_MATTER.exec(await readFile(join(briefsDir, name), "utf8"));
      const data = match ? (parse(match[1]!) as { audiences?: unknown } | null) : null;
      const list = data?.audiences;
      out.push({ slug: name.slice(0, -3), audiences: Array.isArray(list) ? list.map(String) : undefined });
    } catch {
      // unreadable or bad YAML: `check` reports it; nothing to advise here
    }
  }
  return out;
}
