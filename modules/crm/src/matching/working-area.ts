/**
 * An instructor's working area (`instructors.working_area`, free-form jsonb in core). The CRM reads
 * this shape, compatible with scheduling's pickup check (`lat`, `lng`, `radiusKm`):
 *
 *   { "postcodes": ["N1", "N7", "E"], "lat": 51.55, "lng": -0.11, "radiusKm": 8 }
 *
 * `postcodes` are UK outward codes (districts: "N7", "SW1A") or areas ("N", "SW"), matched with no
 * network against the outward code of the contact's postcode: a district listed is the best match,
 * its area listed the next. `lat`/`lng`/`radiusKm` are scheduling's (pickup points); contacts have
 * no coordinates, so the ranking does not use them.
 */
export type WorkingArea = { postcodes?: string[]; lat?: number; lng?: number; radiusKm?: number };

/** "N7 8AB" → "N7"; "N78AB" → "N7"; "N7" → "N7"; "SW1A 1AA" → "SW1A". */
export function outwardCode(postcode: string): string {
  const p = postcode.trim().toUpperCase().replace(/\s+/g, '');
  // A full postcode ends with its inward code: a digit and two letters.
  return /\d[A-Z]{2}$/.test(p) && p.length >= 5 ? p.slice(0, -3) : p;
}

/** "N7" → "N"; "SW1A" → "SW". */
export const postcodeArea = (outward: string): string => outward.replace(/\d.*$/, '');

export type AreaMatch = 'district' | 'area' | 'unknown' | 'outside';

/**
 * How well an instructor's working area covers a postcode: `district` (listed), `area` (its
 * letters listed), `unknown` (the instructor lists no postcodes, or the contact gave none) or
 * `outside`.
 */
export function matchArea(area: unknown, postcode: string | null): AreaMatch {
  const postcodes = (area as WorkingArea | null)?.postcodes;
  if (!postcode || !Array.isArray(postcodes) || postcodes.length === 0) return 'unknown';
  const listed = new Set(postcodes.map((p) => String(p).trim().toUpperCase().replace(/\s+/g, '')));
  const outward = outwardCode(postcode);
  if (listed.has(outward)) return 'district';
  if (listed.has(postcodeArea(outward))) return 'area';
  return 'outside';
}

export const AREA_RANK: Record<AreaMatch, number> = { district: 3, area: 2, unknown: 1, outside: 0 };
