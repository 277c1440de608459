/**
 * What of an event's payload may leave for analytics (our table and PostHog): ids, statuses and
 * other short codes, amounts, counts, durations, flags and instants — never a name, an address,
 * an email, a phone number or free text. It is an allow-list by *shape* as well as by key, so a
 * field that a module adds tomorrow is dropped unless it looks like one of those:
 *
 * - numbers and booleans are kept (amounts, minutes, faults, attempts, flags);
 * - a key that names personal data or free text is dropped whatever its value;
 * - a string is kept when it is a UUID, an ISO date or instant, or — under a key that holds codes
 *   (status, kind, currency, stage…) or ends in `Id` — a short token without spaces;
 * - arrays are kept when every item is a UUID (e.g. `userIds`); nested objects are dropped.
 */

const PERSONAL_KEY =
  /name|e-?mail|phone|mobile|address|street|postcode|postal|zip|birth|note|message|body|text|reason|comment|description|subject|title|content|password|token|secret|iban|card|licen[cs]e|reference/i;

/** Keys whose string values are codes from a fixed set (statuses, kinds, ISO codes, stages). */
const CODE_KEYS = new Set([
  'status',
  'previousStatus',
  'kind',
  'purpose',
  'method',
  'destination',
  'category',
  'currency',
  'type',
  'stage',
  'from',
  'to',
  'result',
  'source',
  'transmission',
  'gearbox',
  'outcome',
  'channel',
  'audience',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
// Starts with a letter: a phone number ("07700900123") is not a code.
const TOKEN = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

function keptString(key: string, value: string): boolean {
  if (UUID.test(value) || ISO_DATE.test(value) || ISO_INSTANT.test(value)) return true;
  return (CODE_KEYS.has(key) || /Id$/.test(key)) && TOKEN.test(value);
}

/** The payload's fields that carry no personal data (see the header for the rules). */
export function stripPersonalData(payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (PERSONAL_KEY.test(key)) continue;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) out[key] = value;
    } else if (typeof value === 'boolean' || value === null) {
      out[key] = value;
    } else if (typeof value === 'string') {
      if (keptString(key, value)) out[key] = value;
    } else if (Array.isArray(value)) {
      if (value.every((v) => typeof v === 'string' && UUID.test(v))) out[key] = value;
    }
  }
  return out;
}
