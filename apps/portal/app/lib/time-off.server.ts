import { type ApiClient, ApiProblem } from './api.server.ts';
import { addDays } from './format.ts';
import type { Translate } from './i18n.ts';
import { isDate, isTime, localToInstant } from './zoned-time.ts';

export type ExceptionKind = 'time_off' | 'extra_hours';
export type AvailabilityException = {
  id: string;
  kind: ExceptionKind;
  start: string;
  end: string;
  reason: string | null;
};

/** What one of the two forms left behind: a message, or the fields at fault with what was typed. */
export type ExceptionFormResult = {
  intent: ExceptionKind | 'remove';
  done: boolean;
  fields: Record<string, string>;
  values: Record<string, string>;
  detail: string | null;
};

const HALF_YEAR_MS = 183 * 86_400_000;

/** Time off and extra hours from now on (half a year: what an instructor plans ahead). */
export async function upcomingExceptions(api: ApiClient, instructorId: string, now = new Date()) {
  const from = encodeURIComponent(now.toISOString());
  const to = encodeURIComponent(new Date(now.getTime() + HALF_YEAR_MS).toISOString());
  return (
    await api.get<{ data: AvailabilityException[] }>(
      `/api/v1/instructors/${instructorId}/exceptions?from=${from}&to=${to}`,
    )
  ).data;
}

type Parsed =
  | { body: { kind: ExceptionKind; start: string; end: string; reason?: string }; apiField: ApiFieldMap }
  | { fields: Record<string, string> };
/** Which form field shows an API complaint about `body.start` / `body.end` / `body.reason`. */
type ApiFieldMap = Record<string, string>;

/**
 * Time off: whole days (first → last, times left empty) or part of a day (with both times).
 * Extra hours: one day, from → to. Times are wall-clock in the school's zone.
 */
function parse(kind: ExceptionKind, form: FormData, zone: string, t: Translate): Parsed {
  const v = (k: string) => String(form.get(k) ?? '').trim();
  const fields: Record<string, string> = {};
  if (kind === 'extra_hours') {
    const [day, from, to] = [v('extra-day'), v('extra-from'), v('extra-to')];
    if (!isDate(day)) fields['extra-day'] = t('timeOff.needDate');
    if (!isTime(from)) fields['extra-from'] = t('timeOff.needTime');
    if (!isTime(to) && to !== '24:00') fields['extra-to'] = t('timeOff.needTime');
    if (Object.keys(fields).length) return { fields };
    return {
      // An end is the later of a repeated time, as the API reads the ends of weekly hours.
      body: { kind, start: localToInstant(day, from, zone), end: localToInstant(day, to, zone, 'later') },
      apiField: { 'body.start': 'extra-from', 'body.end': 'extra-to' },
    };
  }
  const [first, lastTyped, from, to, reason] = [
    v('off-first'),
    v('off-last'),
    v('off-from'),
    v('off-to'),
    v('off-reason'),
  ];
  const last = lastTyped || first;
  if (!isDate(first)) fields['off-first'] = t('timeOff.needDate');
  if (lastTyped && !isDate(lastTyped)) fields['off-last'] = t('timeOff.needDate');
  if (Boolean(from) !== Boolean(to)) fields[from ? 'off-to' : 'off-from'] = t('timeOff.bothTimes');
  else if (from && !isTime(from)) fields['off-from'] = t('timeOff.needTime');
  else if (to && !isTime(to)) fields['off-to'] = t('timeOff.needTime');
  if (Object.keys(fields).length) return { fields };
  const partOfDay = Boolean(from);
  return {
    body: {
      kind,
      start: localToInstant(first, partOfDay ? from : '00:00', zone),
      end: partOfDay
        ? localToInstant(last, to, zone, 'later')
        : localToInstant(addDays(last, 1), '00:00', zone, 'later'),
      ...(reason ? { reason } : {}),
    },
    apiField: {
      'body.start': partOfDay ? 'off-from' : 'off-first',
      'body.end': partOfDay ? 'off-to' : lastTyped ? 'off-last' : 'off-first',
      'body.reason': 'off-reason',
    },
  };
}

/** Adds time off or extra hours from one of the forms; the API's refusals land beside the fields. */
export async function addException(
  api: ApiClient,
  instructorId: string,
  kind: ExceptionKind,
  form: FormData,
  zone: string,
  t: Translate,
): Promise<ExceptionFormResult> {
  const values = Object.fromEntries(
    [...form.entries()].filter(([k]) => k.startsWith(kind === 'time_off' ? 'off-' : 'extra-')),
  ) as Record<string, string>;
  const parsed = parse(kind, form, zone, t);
  if ('fields' in parsed) return { intent: kind, done: false, fields: parsed.fields, values, detail: null };
  try {
    await api.post(`/api/v1/instructors/${instructorId}/exceptions`, parsed.body);
    return { intent: kind, done: true, fields: {}, values: {}, detail: null };
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
    const fields: Record<string, string> = {};
    const unplaced: string[] = [];
    for (const e of error.errors) {
      const field = parsed.apiField[e.path];
      if (field) fields[field] = fields[field] ? `${fields[field]}; ${e.message}` : e.message;
      else unplaced.push(e.message);
    }
    const detail =
      unplaced.length || !error.errors.length ? [error.detail, ...unplaced].join(' ') : error.detail;
    return { intent: kind, done: false, fields, values, detail };
  }
}

export async function removeException(
  api: ApiClient,
  instructorId: string,
  exceptionId: string,
): Promise<ExceptionFormResult> {
  try {
    await api.del(`/api/v1/instructors/${instructorId}/exceptions/${encodeURIComponent(exceptionId)}`);
    return { intent: 'remove', done: true, fields: {}, values: {}, detail: null };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return { intent: 'remove', done: false, fields: {}, values: {}, detail: error.detail };
    throw error;
  }
}
