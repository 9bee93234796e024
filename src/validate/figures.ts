/**
 * Local figures: each Markdown image that names a file beside the brief (`<slug>/figure.png`) is checked (alt text,
 * type, size; an SVG sanitized) and embedded as a data: URL, keyed by the image's offset in the brief.
 */
import type { Root, Image } from "mdast";
import type { VFile } from "vfile";
import { visit } from "unist-util-visit";
import type { FigureFile } from "../shared/model.js";
import { fail, didYouMean } from "../shared/problems.js";
import { imageSize, imageType, sizeProblem } from "./image-size.js";
import { sanitizeSvg } from "./svg.js";

const TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  svg: "image/svg+xml",
};

/** Checks and embeds the local images of `tree`; every problem is an error at the image. */
export function embedFigures(
  file: VFile,
  tree: Root,
  slug: string,
  figures: readonly FigureFile[],
): Map<number, string> {
  const images = new Map<number, string>();
  visit(tree, "image", (node: Image) => {
    const url = node.url.trim();
    const at = node.position;
    // A pasted `data:` image is a figure too: it needs alt text as much as a file does.
    if (/^data:image\//i.test(url) && !node.alt?.trim()) {
      fail(
        file,
        "A pasted `data:` image has no alt text. Say what it shows for readers who cannot see it: " +
          "`![China–Russia trade, 2020–24](data:image/png;base64,…)`, or save it as a file in the brief's folder.",
        at,
        "figure-alt",
      );
      return;
    }
    const folder = `briefs/${slug}/`;
    let path: string;
    try {
      path = decodeURI(url);
    } catch {
      return; // not a file name: the URL policy removes it with a warning
    }
    // Only `<slug>/<name>` is a figure; any other path is removed with a warning by the URL policy.
    const match = /^(?:\.\/)?([^/\\]+)\/([^/\\]+)$/.exec(path);
    const name = match?.[2];
    if (!match || match[1] !== slug || !name || name.startsWith(".")) return;
    if (!node.alt?.trim()) {
      fail(
        file,
        `Image \`${url}\` has no alt text. Say what it shows for readers who cannot see it: ` +
          `\`![China–Russia trade, 2020–24](${url})\`.`,
        at,
        "figure-alt",
      );
      return;
    }
    const type = TYPES[name.slice(name.lastIndexOf(".") + 1).toLowerCase()];
    const found = figures.find((f) => f.name === name);
    if (!found) {
      const names = figures.map((f) => f.name);
      fail(
        file,
        `Image \`${url}\`: there is no file ${folder}${name}.${didYouMean(name, names)} Add the file, or fix the name.`,
        at,
        "figure-missing",
      );
      return;
    }
    if (!type || found.problem || !found.bytes) {
      fail(
        file,
        `Image \`${url}\` cannot be used: ${found.problem ?? "a figure must be a PNG, JPEG, WebP or SVG file"}.`,
        at,
        "figure-file",
      );
      return;
    }
    const bytes = Buffer.from(found.bytes);
    const embedded = type === "image/svg+xml" ? embedSvg(bytes) : embedRaster(bytes, type);
    if ("problem" in embedded) {
      fail(file, `Image \`${url}\` cannot be used: ${embedded.problem}.`, at, "figure-file");
      return;
    }
    if (at?.start.offset !== undefined) images.set(at.start.offset, embedded.dataUrl);
  });
  return images;
}

function embedRaster(bytes: Buffer, type: string): { dataUrl: string } | { problem: string } {
  const actual = imageType(bytes);
  if (actual !== type) return { problem: `its contents are not a ${type.slice(6).toUpperCase()} image` };
  const size = imageSize(bytes);
  const problem = size ? sizeProblem(size.width, size.height) : "its size cannot be read";
  return problem ? { problem } : { dataUrl: `data:${type};base64,${bytes.toString("base64")}` };
}

function embedSvg(bytes: Buffer): { dataUrl: string } | { problem: string } {
  const clean = sanitizeSvg(bytes.toString("utf8"));
  if ("problem" in clean) return clean;
  const problem = sizeProblem(Math.round(clean.width), Math.round(clean.height));
  if (problem) return { problem };
  return { dataUrl: `data:image/svg+xml;base64,${Buffer.from(clean.svg).toString("base64")}` };
}
