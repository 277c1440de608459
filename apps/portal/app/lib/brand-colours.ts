/**
 * The school's two colours turned into the portal's colour tokens, with WCAG 2.2 contrast worked
 * out here rather than trusted: a school picks its colours for its signage, not for text on a
 * screen (Northside's amber accent cannot carry white text, for one). Every token is a colour that
 * is readable where the stylesheet uses it:
 *
 * - `--brand` / `--accent`: the colour as chosen, for fills (header, buttons, bars, badges);
 * - `--on-brand` / `--on-accent`: white or near-black, whichever reads better on that fill, and a
 *   fill darkened until it does reach 4.5:1 when neither would (`--brand` is then that shade);
 * - `--brand-ink` / `--accent-ink`: the colour darkened until it reads as text (links, figures) on
 *   the light surfaces (4.5:1 on both white and the page background);
 * - `--focus`: the accent darkened to 3:1 on the page (a non-text indicator, WCAG 1.4.11).
 */

const INK = '#111827';
const WHITE = '#ffffff';
/** The page background (styles.css `--surface-page`): text must read on it as well as on white cards. */
export const PAGE_BACKGROUND = '#f9fafb';
const TEXT = 4.5;
const NON_TEXT = 3;

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#abc` / `#aabbcc` as 0–255 channels, or null for anything else (the CSS must never break). */
export function parseHex(colour: string): [number, number, number] | null {
  if (!HEX.test(colour)) return null;
  const hex = colour.length === 4 ? [...colour.slice(1)].map((c) => c + c).join('') : colour.slice(1);
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

const toHex = (rgb: readonly number[]) =>
  `#${rgb
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;

/** Relative luminance (WCAG 2.2). */
export function luminance(colour: string): number {
  const rgb = parseHex(colour);
  if (!rgb) throw new Error(`not a colour: ${colour}`);
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, 1–21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The colour mixed towards black in small steps until it reaches `ratio` against every one of `against`. */
export function darkenUntil(colour: string, against: readonly string[], ratio: number): string {
  const rgb = parseHex(colour);
  if (!rgb) throw new Error(`not a colour: ${colour}`);
  for (let step = 0; step <= 100; step += 2) {
    const shade = toHex(rgb.map((c) => c * (1 - step / 100)));
    if (against.every((bg) => contrast(shade, bg) >= ratio)) return shade;
  }
  return '#000000';
}

/** A fill and the text colour that reads on it (white preferred, as brands usually expect). */
export function fillWithText(colour: string): { fill: string; text: string } {
  if (contrast(colour, WHITE) >= TEXT) return { fill: colour, text: WHITE };
  if (contrast(colour, INK) >= TEXT) return { fill: colour, text: INK };
  return { fill: darkenUntil(colour, [WHITE], TEXT), text: WHITE };
}

export type BrandTokens = Record<
  '--brand' | '--on-brand' | '--brand-ink' | '--accent' | '--on-accent' | '--accent-ink' | '--focus',
  string
>;

/** The platform's own colours, used where a colour is missing or not a hex colour. */
export const PLATFORM_COLOURS = { primary: '#1e3a8a', accent: '#b45309' } as const;

/** The tokens for a school's colours (null/invalid: the platform's). */
export function brandTokens(
  primary: string | null | undefined,
  accent: string | null | undefined,
): BrandTokens {
  const p = primary && parseHex(primary) ? primary.toLowerCase() : PLATFORM_COLOURS.primary;
  const a = accent && parseHex(accent) ? accent.toLowerCase() : PLATFORM_COLOURS.accent;
  const brand = fillWithText(p);
  const accentFill = fillWithText(a);
  const light = [WHITE, PAGE_BACKGROUND];
  return {
    '--brand': brand.fill,
    '--on-brand': brand.text,
    '--brand-ink': darkenUntil(p, light, TEXT),
    '--accent': accentFill.fill,
    '--on-accent': accentFill.text,
    '--accent-ink': darkenUntil(a, light, TEXT),
    '--focus': darkenUntil(a, light, NON_TEXT),
  };
}

/** The tokens as one `:root{…}` rule for the page's inline (nonce-carrying) style element. */
export function brandCss(primary: string | null | undefined, accent: string | null | undefined): string {
  const tokens = brandTokens(primary, accent);
  return `:root{${Object.entries(tokens)
    .map(([k, v]) => `${k}:${v}`)
    .join(';')}}`;
}
