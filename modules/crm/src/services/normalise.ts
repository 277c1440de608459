/**
 * How contact details are stored, so that duplicates are found by plain equality: an email
 * trimmed and lower-cased; a phone as `+` and digits (spaces, dots, dashes and brackets dropped;
 * `00` becomes `+`). A national number keeps its leading 0: without a country we do not guess one,
 * and the same person typed the same way still matches.
 */
export function normaliseEmail(email: string | null | undefined): string | null {
  const e = email?.trim().toLowerCase();
  return e ? e : null;
}

export function normalisePhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  let p = phone.trim().replace(/[\s().\-/]/g, '');
  if (p.startsWith('00')) p = `+${p.slice(2)}`;
  const digits = p.replace(/^\+/, '');
  if (!/^\d{5,15}$/.test(digits)) return null;
  return p.startsWith('+') ? `+${digits}` : digits;
}

/** Whether a typed phone is one we can store (5 to 15 digits after the separators go). */
export const phoneValid = (phone: string) => normalisePhone(phone) !== null;
