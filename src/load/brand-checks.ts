/** Checks of a loaded brand that keep memos readable: text colours' contrast, and a bold (and italic) face per font. */
import type { FontFace } from "../shared/model.js";

/** WCAG 2 contrast needed by body-size text (AA). */
export const MIN_CONTRAST = 4.5;

/** The colour roles printed as text in the memo's style sheet, and what each colours. */
export const TEXT_ROLES = {
  foreground: "body text",
  primary: "headings and links",
  secondary: "subtitles and bylines",
  tertiary: "the edition line and recommendation numbers",
} as const;

/** The relative luminance of a hex colour (#rgb or #rrggbb), as WCAG 2 defines it. */
function luminance(hex: string): number {
  const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join("") : hex.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The WCAG 2 contrast ratio of two hex colours, from 1 to 21. */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

/** The nearest colour to `hex`, darkened or lightened in steps, with at least `min` (AA) on `background`. */
export function readableColour(hex: string, background: string, min = MIN_CONTRAST): string {
  if (contrast(hex, background) >= min) return hex;
  const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join("") : hex.slice(1);
  const rgb = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  const towards = luminance(background) > 0.18 ? 0 : 255; // darker on a light background, lighter on a dark one
  for (let t = 0.05; t <= 1; t += 0.05) {
    const mixed = `#${rgb
      .map((c) =>
        Math.round(c + (towards - c) * t)
          .toString(16)
          .padStart(2, "0"),
      )
      .join("")}`;
    if (contrast(mixed, background) >= min) return mixed;
  }
  return towards === 0 ? "#000000" : "#ffffff";
}

/** Weights Chromium prints as bold (`<strong>`, headings): without a face of 600 or more, it smears the regular one. */
export const hasBold = (faces: readonly FontFace[], family: string) =>
  faces.some((f) => f.family === family && f.weight >= 600 && f.style === "normal");

/** True when `family` has an italic face (subtitles, quotations, `<em>`); else Chromium slants the upright one. */
export const hasItalic = (faces: readonly FontFace[], family: string) =>
  faces.some((f) => f.family === family && f.style === "italic");
