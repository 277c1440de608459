// Money, numbers and dates as payment documents show them. Shared so that invoices, earnings statements
// and their CSV exports all format alike.

/** Minor units per major unit of `currency` as an exponent (GBP 2, JPY 0, BHD 3); unknown codes throw. */
export function currencyFractionDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/**
 * Integer minor units as an exact decimal string ("4500", 2 → "45.00"). Done on digits rather than by
 * dividing, so no amount ever picks up a binary floating-point error on its way to the page or a CSV.
 */
export function minorToDecimal(minor: number, fractionDigits: number): string {
  if (!Number.isSafeInteger(minor))
    throw new RangeError(`Money must be an integer of minor units, got ${minor}`);
  const digits = String(Math.abs(minor)).padStart(fractionDigits + 1, '0');
  const sign = minor < 0 ? '-' : '';
  if (fractionDigits === 0) return sign + digits;
  return `${sign}${digits.slice(0, -fractionDigits)}.${digits.slice(-fractionDigits)}`;
}

// Latin digits whatever the locale: the standard PDF fonts have no glyphs for e.g. Arabic-Indic digits.
const LATIN_DIGITS = { numberingSystem: 'latn' } as const;

export function formatMoney(minor: number, currency: string, locale: string): string {
  const decimal = minorToDecimal(minor, currencyFractionDigits(currency)) as Intl.StringNumericLiteral;
  return new Intl.NumberFormat(locale, { ...LATIN_DIGITS, style: 'currency', currency }).format(decimal);
}

/** Basis points as a percentage: 2000 → "20%", 1250 → "12.5%". */
export function formatPercent(bps: number, locale: string): string {
  const format = new Intl.NumberFormat(locale, {
    ...LATIN_DIGITS,
    style: 'percent',
    maximumFractionDigits: 2,
  });
  return format.format(bps / 10_000);
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, LATIN_DIGITS).format(value);
}

export function formatDate(
  date: Date,
  locale: string,
  timeZone: string,
  dateStyle: 'long' | 'medium' = 'long',
): string {
  return new Intl.DateTimeFormat(locale, { ...LATIN_DIGITS, dateStyle, timeZone }).format(date);
}
