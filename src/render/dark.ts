/**
 * The web edition's dark scheme: the brand's colours for a dark sheet, as custom properties inside
 * `@media screen and (prefers-color-scheme: dark)` (never printed). The brand's text colours are lightened until they
 * reach WCAG AA on the darkest panel they sit on; figures stay light cards with the brand's own colours.
 */
import type { Brand } from "../shared/model.js";
import { contrast, readableColour, TEXT_ROLES } from "../load/brand-checks.js";

/** The dark sheet (the desk around it is darker still, in the base style sheet). */
export const DARK_SHEET = "#1e2329";
/** The end matter's panel in the dark scheme (`--memo-panel` in templates/base/style.css). */
const DARK_PANEL = "#262c33";
/** AA (4.5:1) with a little room, so that rounding in a browser's colour arithmetic never drops a text below it. */
const TEXT_CONTRAST = 4.6;
/** Body text on the dark sheet: the brand's foreground is kept when it is already this legible there. */
const DARK_TEXT = "#e4e7eb";
const BODY_CONTRAST = 10;

/** `a` mixed with `b`, `t` of the way to `b` (hex in, hex out). */
function mix(a: string, b: string, t: number): string {
  const rgb = (hex: string) => {
    const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join("") : hex.slice(1);
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  };
  const [x, y] = [rgb(a), rgb(b)];
  return `#${x
    .map((c, i) =>
      Math.round(c + (y[i]! - c) * t)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

/** The brand's colour roles on a dark sheet: background, the BLUF panel (`light`) and each text colour. */
export function darkColours(colors: Readonly<Record<string, string>>): Record<string, string> {
  const background = DARK_SHEET;
  // The BLUF panel: a dark tint of the primary colour, the lightest surface text sits on.
  const light = mix(background, colors.primary ?? "#1f3a5f", 0.18);
  const dark: Record<string, string> = { background, light };
  const foreground = colors.foreground ?? DARK_TEXT;
  dark.foreground = [background, light].every((s) => contrast(foreground, s) >= BODY_CONTRAST) ? foreground : DARK_TEXT;
  // Lightening raises the contrast on every dark surface, so each colour is lightened on each surface in turn.
  const surfaces = [background, light, DARK_PANEL];
  for (const role of Object.keys(TEXT_ROLES))
    if (role !== "foreground" && colors[role])
      dark[role] = surfaces.reduce((c, surface) => readableColour(c, surface, TEXT_CONTRAST), colors[role]);
  return dark;
}

const darkCss = new WeakMap<Brand, string>();

/**
 * The dark-scheme CSS of the web edition: lightened brand colours on the sheet, the brand's own on figures. Made once
 * per brand (a few hundred contrast computations), not once per memo.
 */
export function darkSchemeCss(brand: Brand): string {
  let css = darkCss.get(brand);
  if (css === undefined) darkCss.set(brand, (css = makeDarkSchemeCss(brand)));
  return css;
}

function makeDarkSchemeCss(brand: Brand): string {
  const dark = darkColours(brand.colors);
  const props = (colors: Readonly<Record<string, string>>) =>
    Object.keys(dark)
      .map((k) => `--color-${k}:${colors[k]}`)
      .join(";");
  return (
    `@media screen and (prefers-color-scheme:dark){:root{${props(dark)}}` + `.memo-body figure{${props(brand.colors)}}}`
  );
}
