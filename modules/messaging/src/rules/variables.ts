import type { Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';

type Payload = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The names a payload's ids lead to (read once per event, shared by its recipients). */
export type PayloadNames = { student?: string; instructor?: string; sender?: string; holder?: string };

export async function loadNames(
  tx: Tx,
  tenantId: string,
  payload: Payload,
  studentId: string | undefined,
): Promise<PayloadNames> {
  const instructorId = str(payload.instructorId);
  const senderId = str(payload.senderId);
  const holderId = str(payload.userId);
  const [row] = await tx.execute<{
    student: string | null;
    instructor: string | null;
    sender: string | null;
    holder: string | null;
  }>(sql`
    select
      (select u.name from students s join users u on u.tenant_id = s.tenant_id and u.id = s.user_id
        where s.tenant_id = ${tenantId} and s.id = ${studentId ?? null}::uuid) as student,
      (select u.name from instructors i join users u on u.tenant_id = i.tenant_id and u.id = i.user_id
        where i.tenant_id = ${tenantId} and i.id = ${instructorId ?? null}::uuid) as instructor,
      (select name from users where tenant_id = ${tenantId} and id = ${senderId ?? null}::uuid) as sender,
      (select name from users where tenant_id = ${tenantId} and id = ${holderId ?? null}::uuid) as holder`);
  const names: PayloadNames = {};
  if (row?.student) names.student = row.student;
  if (row?.instructor) names.instructor = row.instructor;
  if (row?.sender) names.sender = row.sender;
  if (row?.holder) names.holder = row.holder;
  return names;
}

/** Who reads it and how: their zone and language decide every date and amount in the text. */
export type Reader = { name: string; role: string; timezone: string; locale: string };
export type School = { name: string; url: string };

const DOCUMENT_LABELS: Record<string, string> = {
  licence: 'driving licence',
  instructor_badge: 'instructor badge',
  theory_certificate: 'theory test certificate',
  eyesight: 'eyesight check',
  insurance: 'insurance',
  medical: 'medical certificate',
};

const STYLES: Record<'full' | 'date' | 'time', Intl.DateTimeFormatOptions> = {
  full: { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' },
  date: { weekday: 'short', day: 'numeric', month: 'short' },
  time: { hour: '2-digit', minute: '2-digit' },
};
/** Formatters are costly to build and a fan-out formats thousands of times in a few zones. */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    if (formatters.size > 1000) formatters.clear();
    f = make();
    formatters.set(key, f);
  }
  return f;
}

export function formatInstant(
  iso: string,
  reader: Pick<Reader, 'timezone' | 'locale'>,
  style: 'full' | 'date' | 'time',
) {
  const format = cached(
    `d|${reader.locale}|${reader.timezone}|${style}`,
    () => new Intl.DateTimeFormat(reader.locale, { ...STYLES[style], timeZone: reader.timezone }),
  );
  return format.format(new Date(iso));
}

/** A calendar day (YYYY-MM-DD) as the reader writes it; no zone: it is a date, not an instant. */
function formatDay(day: string, locale: string) {
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

export function formatMoney(minor: number, currency: string, locale: string) {
  const format = cached(
    `money|${locale}|${currency}`,
    () => new Intl.NumberFormat(locale, { style: 'currency', currency }),
  );
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

function reminderWhen(minutes: number) {
  if (minutes % 1440 === 0) return minutes === 1440 ? 'tomorrow' : `in ${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? 'in 1 hour' : `in ${minutes / 60} hours`;
  return `in ${minutes} minutes`;
}

/**
 * The values templates see, as dotted names (nested for Liquid by `nest`). Every name a rule
 * declares is filled from the payload it is declared for (rules.test.ts proves it per rule), so a
 * shipped or saved template never meets an undefined variable at send time.
 */
export function buildVariables(input: {
  payload: Payload;
  names: PayloadNames;
  reader: Reader;
  school: School;
  link: string;
}): Record<string, string | number | boolean> {
  const { payload: p, names, reader, school } = input;
  const v: Record<string, string | number | boolean> = {
    'school.name': school.name,
    'school.url': school.url,
    'recipient.name': reader.name,
    'recipient.role': reader.role,
    link: input.link,
  };
  v['student.name'] = names.student ?? '';
  v['instructor.name'] = names.instructor ?? '';
  v['sender.name'] = names.sender ?? 'Someone';
  v['holder.name'] = names.holder ?? '';
  const start = str(p.start);
  if (start) {
    v['booking.start'] = formatInstant(start, reader, 'full');
    v['booking.date'] = formatInstant(start, reader, 'date');
    v['booking.time'] = formatInstant(start, reader, 'time');
  }
  const end =
    str(p.end) ??
    (start && typeof p.durationMinutes === 'number'
      ? new Date(new Date(start).getTime() + p.durationMinutes * 60_000).toISOString()
      : undefined);
  if (end) v['booking.end'] = formatInstant(end, reader, 'time');
  const previous = str(p.previousStart);
  if (previous) v['booking.previousStart'] = formatInstant(previous, reader, 'full');
  const currency = str(p.currency) ?? 'GBP';
  const amount = [p.amountMinor, p.totalMinor, p.priceMinor].find((x) => typeof x === 'number') as
    | number
    | undefined;
  if (amount !== undefined) v.amount = formatMoney(amount, currency, reader.locale);
  v.fee =
    typeof p.feeMinor === 'number' && p.feeMinor > 0 ? formatMoney(p.feeMinor, currency, reader.locale) : '';
  v.reason = str(p.reason) ?? '';
  v.failure = str(p.message) ?? '';
  if (typeof p.attempt === 'number') v.attempt = p.attempt;
  if (typeof p.willRetry === 'boolean') v.willRetry = p.willRetry;
  const dueBy = str(p.dueBy);
  if (dueBy) v.dueBy = formatInstant(dueBy, reader, 'full');
  if (typeof p.minutesBefore === 'number') v['reminder.when'] = reminderWhen(p.minutesBefore);
  const destination = str(p.destination);
  if (destination) v['refund.destination'] = destination === 'credit' ? 'your credit balance' : 'your card';
  const status = str(p.status);
  if (status && p.planId) v['plan.status'] = status;
  if (typeof p.entries === 'number') v['lesson.entries'] = p.entries;
  const kind = str(p.kind);
  if (kind && p.evaluationId) v['evaluation.kind'] = kind.replace('_', ' ');
  if (p.evaluationId) v['evaluation.result'] = str(p.result) ?? '';
  if (kind && p.testId) v['test.kind'] = kind;
  const testOn = str(p.testOn);
  if (testOn) v['test.date'] = formatDay(testOn, reader.locale);
  if (typeof p.drivingFaults === 'number') v['test.drivingFaults'] = p.drivingFaults;
  const category = str(p.category);
  if (category) v['document.category'] = DOCUMENT_LABELS[category] ?? category.replace(/_/g, ' ');
  const dueOn = str(p.dueOn);
  if (dueOn) v['task.due'] = formatDay(dueOn, reader.locale);
  const taskKind = str(p.kind);
  if (taskKind && str(p.taskId)) v['task.kind'] = taskKind.replaceAll('_', ' ');
  const expiresOn = str(p.expiresOn);
  if (expiresOn) v['document.expiresOn'] = formatDay(expiresOn, reader.locale);
  if (typeof p.daysLeft === 'number') v['document.daysLeft'] = p.daysLeft;
  return v;
}

/** `{ 'a.b': 1, c: 2 }` → `{ a: { b: 1 }, c: 2 }`, the shape Liquid resolves `a.b` against. */
export function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let at = out;
    for (const part of parts.slice(0, -1)) {
      at[part] ??= {};
      at = at[part] as Record<string, unknown>;
    }
    at[parts.at(-1)!] = value;
  }
  return out;
}
