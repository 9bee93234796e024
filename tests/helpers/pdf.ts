/** Reads PDFs the way a person checks them: poppler's pdfinfo, pdftotext and pdffonts. */
import { execFileSync, spawnSync } from "node:child_process";

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

/** `pdfinfo` fields as a map ("Pages" → "4", "Page size" → "612 x 792 pts (letter)", …). */
export function pdfInfo(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of run("pdfinfo", [file]).split("\n")) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

/** A PDF's text as pdftotext lays it out (one page, or all). */
export function pdfText(file: string, page?: number): string {
  const range = page ? ["-f", String(page), "-l", String(page)] : [];
  return run("pdftotext", [...range, "-layout", file, "-"]);
}

/** Pages' texts, split on form feeds. */
export function pdfPages(file: string): string[] {
  return run("pdftotext", [file, "-"]).split("\f").slice(0, -1);
}

/** Fonts: name, type, embedded. */
export function pdfFonts(file: string): Array<{ name: string; embedded: boolean }> {
  return run("pdffonts", [file])
    .split("\n")
    .slice(2)
    .filter(Boolean)
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      // name … type … encoding emb sub uni id gen: "emb" is the 5th from the end
      return { name: cols[0]!, embedded: cols[cols.length - 5] === "yes" };
    });
}

/** The structure tree as `pdfinfo -struct` prints it. */
export function pdfStruct(file: string): string {
  return run("pdfinfo", ["-struct", file]);
}

/** `pdfinfo -struct` with what it writes to stderr (poppler's complaints about the structure tree). */
export function pdfStructChecked(file: string): { stdout: string; stderr: string } {
  const r = spawnSync("pdfinfo", ["-struct", file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { stdout: r.stdout, stderr: r.stderr };
}

/** Outline (bookmarks) titles, via pdfinfo -dests is not enough; use the struct for headings and `qpdf`-free parsing of /Outlines. */
export function pdfPageSize(file: string): { width: number; height: number } {
  const m = /([\d.]+) x ([\d.]+) pts/.exec(pdfInfo(file)["Page size"] ?? "");
  return { width: Math.round(Number(m?.[1])), height: Math.round(Number(m?.[2])) };
}
