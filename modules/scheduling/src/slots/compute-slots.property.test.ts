import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { computeAvailabilityWindows } from './compute-availability-windows.ts';
import { computeSlots } from './compute-slots.ts';
import type {
  AvailabilityException,
  Busy,
  GeoPoint,
  Interval,
  SlotQuery,
  TravelPolicy,
  Weekday,
  WeeklyRule,
} from './types.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** mulberry32: small, seeded, good enough to spread test cases. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, int, pick, chance: (probability: number) => next() < probability };
}
type Random = ReturnType<typeof createRandom>;

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const plusDays = (date: string, days: number) =>
  DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;
const weekdayOf = (date: string) => WEEKDAYS[DateTime.fromISO(date, { zone: 'utc' }).weekday - 1]!;

/** A random query of `days` days starting on `anchor` or the day before, built to hit edge cases. */
function randomQuery(random: Random, timezone: string, anchor: string, days: number): SlotQuery {
  const from = plusDays(anchor, -random.int(0, 1));
  const to = plusDays(from, days - 1);
  const rangeStart = Date.parse(`${from}T00:00:00Z`) - DAY;
  const randomInstant = (spanDays: number) => rangeStart + random.int(0, (spanDays * 1440) / 5) * 5 * MINUTE;
  const randomSpan = (maxMinutes: number): Interval => {
    const start = randomInstant(days + 2);
    return { start: new Date(start), end: new Date(start + random.int(3, maxMinutes / 5) * 5 * MINUTE) };
  };
  const near = (): GeoPoint => ({
    lat: 51.5 + (random.next() - 0.5) * 0.4,
    lng: -0.12 + (random.next() - 0.5) * 0.6,
  });

  const ruleDays = Array.from({ length: days + 2 }, (_, index) => weekdayOf(plusDays(from, index - 1)));
  const rules: WeeklyRule[] = Array.from({ length: random.int(2, 5) }, () => {
    const start = random.pick([0, 30, 60, 90, 120, 150, 180, 22 * 60, 23 * 60, random.int(0, 95) * 15]);
    // Ends inside the night's repeated or skipped hour are where DST bugs hide.
    const end = random.chance(0.2)
      ? 1440
      : random.chance(0.3)
        ? random.pick([60, 75, 90, 105, 120, 150, 180])
        : (start + random.int(2, 32) * 15) % 1440;
    const day = random.chance(0.4) ? weekdayOf(anchor) : random.pick(ruleDays);
    const rule: WeeklyRule = { day, start: hhmm(start), end: end === 1440 ? '24:00' : hhmm(end) };
    if (random.chance(0.15)) rule.validFrom = plusDays(from, random.int(0, days));
    if (random.chance(0.15)) rule.validTo = plusDays(from, random.int(-1, days));
    return rule;
  }).filter((rule) => rule.start !== rule.end);

  const exceptions: AvailabilityException[] = Array.from({ length: random.int(0, 3) }, () => ({
    ...randomSpan(240),
    kind: random.pick(['time_off', 'extra_hours'] as const),
  }));
  const busy: Busy[] = Array.from({ length: random.int(0, 6) }, () => ({
    ...randomSpan(120),
    bufferBeforeMinutes: random.pick([0, 0, 5, 10, 15]),
    bufferAfterMinutes: random.pick([0, 0, 5, 10, 15]),
    location: random.chance(0.7) ? near() : null,
  }));
  const travel: TravelPolicy = random.pick<TravelPolicy>([
    { mode: 'none' },
    { mode: 'fixed', minutes: random.int(1, 6) * 5 },
    {
      mode: 'estimate',
      averageKmh: random.int(20, 60),
      ...(random.chance(0.5) ? { minimumMinutes: 10 } : {}),
    },
  ]);
  const step = random.pick([5, 10, 15, 15, 20, 30, 7]);
  const query: SlotQuery = {
    timezone,
    from,
    to,
    durationMinutes: random.pick([30, 45, 60, 90, 120]),
    bufferBeforeMinutes: random.pick([0, 0, 5, 10]),
    bufferAfterMinutes: random.pick([0, 0, 5, 10]),
    rules,
    exceptions,
    closures: random.chance(0.2) ? [randomSpan(600)] : [],
    busy,
    // Half the time `now` lies before the range so that notice and horizon do not empty it.
    now: new Date(
      random.chance(0.5) ? rangeStart - random.int(0, 48) * 30 * MINUTE : randomInstant(days + 1),
    ),
    minimumNoticeMinutes: random.pick([0, 0, 60, 180]),
    grid: { stepMinutes: step, offsetMinutes: random.chance(0.3) ? random.int(-10, 20) : 0 },
    travel,
    pickup: random.chance(0.8) ? near() : null,
  };
  const horizon = random.pick([undefined, undefined, 2, days + 2, days + 4]);
  if (horizon !== undefined) query.horizonDays = horizon;
  if (random.chance(0.5)) {
    query.student = {
      busy: Array.from({ length: random.int(0, 3) }, () => randomSpan(90)),
      ...(random.chance(0.5) ? { maxPerDay: random.int(1, 2) } : {}),
      ...(random.chance(0.5) ? { maxPerWeek: random.int(2, 4) } : {}),
      ...(random.chance(0.5) ? { minGapMinutes: random.pick([0, 30, 60]) } : {}),
    };
  }
  return query;
}

/**
 * The reference: every rule from the semantics in compute-slots.ts applied literally, one real
 * minute at a time, with luxon telling the wall clock of every minute. Slow and obviously right.
 */
function naiveSlotStarts(query: SlotQuery): number[] {
  const zone = query.timezone;
  const table: { instant: number; date: string; minute: number; week: string }[] = [];
  const tableEnd = Date.parse(`${query.to}T00:00:00Z`) + 5 * DAY;
  for (let instant = Date.parse(`${query.from}T00:00:00Z`) - 2 * DAY; instant < tableEnd; instant += MINUTE) {
    const local = DateTime.fromMillis(instant, { zone });
    table.push({
      instant,
      date: local.toISODate()!,
      minute: local.hour * 60 + local.minute,
      week: `${local.weekYear}-W${local.weekNumber}`,
    });
  }
  const order = (date: string, minute: number) => `${date} ${String(minute).padStart(4, '0')}`;
  // The instant a wall time denotes: the earliest or latest minute showing it or, when no minute
  // shows it (a spring-forward gap), the first minute showing a later wall time.
  const resolve = (date: string, minute: number, pick: 'earlier' | 'later'): number => {
    if (minute >= 1440) return resolve(plusDays(date, 1), minute - 1440, pick);
    const showing = table.filter((entry) => entry.date === date && entry.minute === minute);
    if (showing.length > 0) return pick === 'earlier' ? showing[0]!.instant : showing.at(-1)!.instant;
    return table.find((entry) => order(entry.date, entry.minute) > order(date, minute))!.instant;
  };
  const parse = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));

  const ruleSpans: { start: number; end: number }[] = [];
  for (let date = plusDays(query.from, -1); date <= plusDays(query.to, 1); date = plusDays(date, 1)) {
    for (const rule of query.rules) {
      if (rule.day !== weekdayOf(date)) continue;
      if ((rule.validFrom && date < rule.validFrom) || (rule.validTo && date > rule.validTo)) continue;
      const start = parse(rule.start);
      const end = parse(rule.end) < start ? parse(rule.end) + 1440 : parse(rule.end);
      ruleSpans.push({ start: resolve(date, start, 'earlier'), end: resolve(date, end, 'later') });
    }
  }
  const within = (instant: number, spans: Interval[]) =>
    spans.some((span) => span.start.getTime() <= instant && instant < span.end.getTime());
  const extra = (query.exceptions ?? []).filter((exception) => exception.kind === 'extra_hours');
  const blocked = [
    ...(query.exceptions ?? []).filter((exception) => exception.kind === 'time_off'),
    ...(query.closures ?? []),
  ];
  const available = (instant: number) =>
    (ruleSpans.some((span) => span.start <= instant && instant < span.end) || within(instant, extra)) &&
    !within(instant, blocked);

  const km = (a: GeoPoint, b: GeoPoint) => {
    const rad = Math.PI / 180;
    const h =
      Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
      Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
    return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
  };
  const travel = (a: GeoPoint | null | undefined, b: GeoPoint | null | undefined) => {
    const policy = query.travel ?? { mode: 'none' };
    if (policy.mode === 'none') return 0;
    if (policy.mode === 'fixed') return policy.minutes * MINUTE;
    if (!a || !b) return 0;
    return Math.max(Math.ceil((km(a, b) / policy.averageKmh) * 60), policy.minimumMinutes ?? 0) * MINUTE;
  };

  const duration = query.durationMinutes * MINUTE;
  const before = (query.bufferBeforeMinutes ?? 0) * MINUTE;
  const after = (query.bufferAfterMinutes ?? 0) * MINUTE;
  const busy = (query.busy ?? []).map((entry) => ({
    start: entry.start.getTime(),
    end: entry.end.getTime(),
    before: (entry.bufferBeforeMinutes ?? 0) * MINUTE,
    after: (entry.bufferAfterMinutes ?? 0) * MINUTE,
    location: entry.location,
  }));
  const step = query.grid?.stepMinutes ?? 15;
  const offset = query.grid?.offsetMinutes ?? 0;
  const nowLocal = DateTime.fromMillis(query.now.getTime(), { zone }).toISODate()!;
  const horizonDate = query.horizonDays === undefined ? undefined : plusDays(nowLocal, query.horizonDays);
  // A horizon later than the midnight after `to` cuts nothing (and lies beyond the table).
  const horizon =
    horizonDate === undefined || horizonDate > plusDays(query.to, 1)
      ? Infinity
      : resolve(horizonDate, 0, 'earlier');
  const student = query.student;
  const studentLessons = (student?.busy ?? []).map((lesson) => {
    const local = DateTime.fromJSDate(lesson.start, { zone });
    return {
      start: lesson.start.getTime(),
      end: lesson.end.getTime(),
      date: local.toISODate()!,
      week: `${local.weekYear}-W${local.weekNumber}`,
    };
  });

  const starts: number[] = [];
  for (const entry of table) {
    if (entry.date < query.from || entry.date > query.to) continue;
    if ((((entry.minute - offset) % step) + step) % step !== 0) continue;
    const s = entry.instant;
    const e = s + duration;
    let inWindow = true;
    for (let instant = s; instant < e; instant += MINUTE) inWindow &&= available(instant);
    if (!inWindow) continue;
    if (busy.some((b) => s - before < b.end + b.after && b.start - b.before < e + after)) continue;
    const ended = busy.filter((b) => b.end <= s);
    const lastEnd = Math.max(...ended.map((b) => b.end));
    const previous = ended.filter((b) => b.end === lastEnd);
    if (previous.some((b) => s - before < b.end + b.after + travel(b.location, query.pickup))) continue;
    const upcoming = busy.filter((b) => b.start >= e);
    const firstStart = Math.min(...upcoming.map((b) => b.start));
    const next = upcoming.filter((b) => b.start === firstStart);
    if (next.some((b) => e + after + travel(query.pickup, b.location) > b.start - b.before)) continue;
    if (s < query.now.getTime() + (query.minimumNoticeMinutes ?? 0) * MINUTE || s >= horizon) continue;
    if (student) {
      const gap = (student.minGapMinutes ?? 0) * MINUTE;
      if (studentLessons.some((lesson) => lesson.start - gap < e && s < lesson.end + gap)) continue;
      const sameDay = studentLessons.filter((lesson) => lesson.date === entry.date).length;
      const sameWeek = studentLessons.filter((lesson) => lesson.week === entry.week).length;
      if (student.maxPerDay !== undefined && sameDay >= student.maxPerDay) continue;
      if (student.maxPerWeek !== undefined && sameWeek >= student.maxPerWeek) continue;
    }
    starts.push(s);
  }
  return starts;
}

const iso = (instants: number[]) => instants.map((instant) => new Date(instant).toISOString());

describe('computeSlots properties', () => {
  it('holds its invariants on 200 random queries across zones', () => {
    const random = createRandom(0xd0a1c0);
    const places: [string, string][] = [
      ['Europe/London', '2026-03-29'],
      ['Europe/London', '2026-10-25'],
      ['America/Chicago', '2026-03-08'],
      ['America/Chicago', '2026-11-01'],
      ['Australia/Lord_Howe', '2026-10-04'],
      ['Asia/Kathmandu', '2026-06-01'],
      ['Asia/Kolkata', '2028-02-28'],
      ['America/Santiago', '2026-09-06'],
      ['Pacific/Auckland', '2026-04-05'],
      ['UTC', '2026-01-12'],
    ];
    let slotCount = 0;
    for (let index = 0; index < 200; index++) {
      const [zone, anchor] = random.pick(places);
      const query = randomQuery(random, zone, anchor, random.int(1, 7));
      const slots = computeSlots(query);
      const windows = computeAvailabilityWindows(query);
      slotCount += slots.length;
      const label = `case ${index}: ${JSON.stringify(query)}`;
      const duration = query.durationMinutes * MINUTE;
      const step = query.grid?.stepMinutes ?? 15;
      const offset = query.grid?.offsetMinutes ?? 0;
      let previous = Number.NEGATIVE_INFINITY;
      for (const slot of slots) {
        const start = slot.start.getTime();
        const end = slot.end.getTime();
        const local = DateTime.fromMillis(start, { zone });
        expect(start, label).toBeGreaterThan(previous);
        previous = start;
        expect(end - start, label).toBe(duration);
        expect(
          windows.some((window) => window.start.getTime() <= start && end <= window.end.getTime()),
          label,
        ).toBe(true);
        for (const busy of query.busy ?? []) {
          const busyStart = busy.start.getTime() - (busy.bufferBeforeMinutes ?? 0) * MINUTE;
          const busyEnd = busy.end.getTime() + (busy.bufferAfterMinutes ?? 0) * MINUTE;
          const lessonStart = start - (query.bufferBeforeMinutes ?? 0) * MINUTE;
          const lessonEnd = end + (query.bufferAfterMinutes ?? 0) * MINUTE;
          expect(lessonStart < busyEnd && busyStart < lessonEnd, label).toBe(false);
        }
        for (const lesson of query.student?.busy ?? []) {
          expect(start < lesson.end.getTime() && lesson.start.getTime() < end, label).toBe(false);
        }
        expect(local.toISODate()! >= query.from && local.toISODate()! <= query.to, label).toBe(true);
        expect((((local.hour * 60 + local.minute - offset) % step) + step) % step, label).toBe(0);
        expect(start, label).toBeGreaterThanOrEqual(
          query.now.getTime() + (query.minimumNoticeMinutes ?? 0) * MINUTE,
        );
      }
    }
    // The generator must produce cases with slots, or the invariants above prove nothing.
    expect(slotCount).toBeGreaterThan(2_000);
  });

  it('matches a minute-by-minute reference around DST changes', () => {
    const random = createRandom(20261101);
    const places: [string, string][] = [
      ['Europe/London', '2026-03-29'],
      ['Europe/London', '2026-10-25'],
      ['America/Chicago', '2026-03-08'],
      ['America/Chicago', '2026-11-01'],
      ['Australia/Lord_Howe', '2026-04-05'],
      ['America/Santiago', '2026-09-06'],
    ];
    let nonEmpty = 0;
    let compared = 0;
    for (const [zone, anchor] of places) {
      for (let round = 0; round < 8; round++) {
        const query = randomQuery(random, zone, anchor, 3);
        const expected = naiveSlotStarts(query);
        const actual = computeSlots(query).map((slot) => slot.start.getTime());
        expect(iso(actual), `${zone} round ${round}: ${JSON.stringify(query)}`).toEqual(iso(expected));
        if (expected.length > 0) nonEmpty++;
        compared += expected.length;
      }
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(24);
    expect(compared).toBeGreaterThan(1_000);
  });
});
