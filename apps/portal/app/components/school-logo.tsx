import type { School } from '../lib/types.ts';

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** White or near-black, whichever reads better on the colour (WCAG contrast). */
export function textOn(hex: string): '#ffffff' | '#111827' {
  const l = luminance(hex);
  const withWhite = 1.05 / (l + 0.05);
  const withDark = (l + 0.05) / (luminance('#111827') + 0.05);
  return withWhite >= withDark ? '#ffffff' : '#111827';
}

/** Up to two letters: the first of the first two words that are not filler ("Northside Driving School" → "ND"). */
export function initialsOf(name: string): string {
  const words = name.split(/\s+/).filter((w) => /^\p{L}/u.test(w) && !/^(of|the|and|&)$/i.test(w));
  const letters = words.slice(0, 2).map((w) => w[0]!.toLocaleUpperCase());
  return letters.join('') || '?';
}

const SIZE = 28;

/**
 * The school's logo in the header: the uploaded image from its stable, versioned URL, or — with
 * no logo — the school's initials in its brand colour, so the header never shows a broken image.
 * Decorative either way (alt=""): the school's name is written beside it.
 */
export function SchoolLogo({ school }: { school: School }) {
  const logo = school.branding.logo;
  if (logo)
    return (
      <img
        src={logo.url}
        alt=""
        width={SIZE}
        height={SIZE}
        className="school-logo"
        data-testid="school-logo"
      />
    );
  const colour = /^#[0-9a-fA-F]{6}$/.test(school.branding.primaryColor ?? '')
    ? school.branding.primaryColor!
    : '#1e3a8a';
  return (
    <svg
      width={SIZE}
      height={SIZE}
      viewBox="0 0 28 28"
      aria-hidden="true"
      className="school-logo"
      data-testid="school-initials"
    >
      {/* A white ring: the header itself is the brand colour. Attributes, not styles (the CSP). */}
      <rect x="1" y="1" width="26" height="26" rx="5" fill={colour} stroke="#ffffff" strokeWidth="2" />
      <text
        x="14"
        y="14"
        dy="0.35em"
        textAnchor="middle"
        fontSize="12"
        fontWeight="700"
        fontFamily="system-ui, sans-serif"
        fill={textOn(colour)}
      >
        {initialsOf(school.name)}
      </text>
    </svg>
  );
}
