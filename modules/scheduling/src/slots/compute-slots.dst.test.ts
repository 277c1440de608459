import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { computeAvailabilityWindows } from './compute-availability-windows.ts';
import { computeSlots } from './compute-slots.ts';
import type { Slot, SlotQuery, Weekday } from './types.ts';

const HOUR = 3_600_000;

/** One local day with one rule, far enough in the past `now` that notice never interferes. */
function oneDay(
  timezone: string,
  date: string,
  start: string,
  end: string,
  extra: Partial<SlotQuery> = {},
): SlotQuery {
  const day = DateTime.fromISO(date).toFormat('ccc').toLowerCase() as Weekday;
  return {
    timezone,
    from: date,
    to: date,
    durationMinutes: 60,
    rules: [{ day, start, end }],
    now: new Date('2020-01-01T00:00:00Z'),
    ...extra,
  };
}

const utc = (slots: Slot[]) => slots.map((slot) => slot.start.toISOString().slice(11, 16));
const wall = (slots: Slot[], zone: string) =>
  slots.map((slot) => DateTime.fromJSDate(slot.start, { zone }).toFormat('HH:mm'));
/** The availability window that starts on `date` (windows of the neighbouring days are included too). */
function windowOn(query: SlotQuery) {
  const windows = computeAvailabilityWindows(query);
  const window = windows.find(
    (candidate) => DateTime.fromJSDate(candidate.start, { zone: query.timezone }).toISODate() === query.from,
  );
  if (!window) throw new Error('no window on the date');
  return { start: window.start.toISOString(), hours: (window.end.getTime() - window.start.getTime()) / HOUR };
}

describe('Europe/London', () => {
  it('spring-forward 2026-03-29: 00:00–04:00 is 3 real hours and 01:xx starts do not exist', () => {
    const query = oneDay('Europe/London', '2026-03-29', '00:00', '04:00');
    expect(windowOn(query)).toEqual({ start: '2026-03-29T00:00:00.000Z', hours: 3 });
    const slots = computeSlots(query);
    expect(wall(slots, 'Europe/London')).toEqual([
      '00:00',
      '00:15',
      '00:30',
      '00:45',
      '02:00',
      '02:15',
      '02:30',
      '02:45',
      '03:00',
    ]);
    expect(utc(slots)).toEqual([
      '00:00',
      '00:15',
      '00:30',
      '00:45',
      '01:00',
      '01:15',
      '01:30',
      '01:45',
      '02:00',
    ]);
  });

  it('fall-back 2026-10-25: 00:00–04:00 is 5 real hours and 01:30 is offered at both real instants', () => {
    const query = oneDay('Europe/London', '2026-10-25', '00:00', '04:00');
    expect(windowOn(query)).toEqual({ start: '2026-10-24T23:00:00.000Z', hours: 5 });
    const slots = computeSlots(query);
    expect(slots).toHaveLength(17);
    const half = slots.filter(
      (slot) => DateTime.fromJSDate(slot.start, { zone: 'Europe/London' }).toFormat('HH:mm') === '01:30',
    );
    expect(half.map((slot) => slot.start.toISOString())).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ]);
  });

  it('a whole day is 23 hours at spring-forward and 25 hours at fall-back', () => {
    expect(windowOn(oneDay('Europe/London', '2026-03-29', '00:00', '24:00')).hours).toBe(23);
    expect(windowOn(oneDay('Europe/London', '2026-10-25', '00:00', '24:00')).hours).toBe(25);
    expect(windowOn(oneDay('Europe/London', '2026-10-26', '00:00', '24:00')).hours).toBe(24);
  });

  it('moves a rule start inside the gap to the first valid instant (02:00 BST)', () => {
    expect(windowOn(oneDay('Europe/London', '2026-03-29', '01:30', '03:00'))).toEqual({
      start: '2026-03-29T01:00:00.000Z',
      hours: 1,
    });
  });

  it('stretches a rule over ambiguous times: earlier instant for the start, later for the end', () => {
    // 01:00 BST (00:00Z) to 01:30 GMT (01:30Z).
    expect(windowOn(oneDay('Europe/London', '2026-10-25', '01:00', '01:30'))).toEqual({
      start: '2026-10-25T00:00:00.000Z',
      hours: 1.5,
    });
  });

  it('keeps the grid on the wall clock across the change: 09:00 local every day', () => {
    const slots = computeSlots({
      timezone: 'Europe/London',
      from: '2026-10-24',
      to: '2026-10-26',
      durationMinutes: 60,
      rules: (['sat', 'sun', 'mon'] as const).map((day) => ({ day, start: '09:00', end: '10:00' })),
      now: new Date('2020-01-01T00:00:00Z'),
    });
    expect(slots.map((slot) => slot.start.toISOString())).toEqual([
      '2026-10-24T08:00:00.000Z',
      '2026-10-25T09:00:00.000Z',
      '2026-10-26T09:00:00.000Z',
    ]);
  });

  it('times a lesson across the change in real minutes: a 90-minute lesson from 00:30 BST ends 01:00 GMT', () => {
    const slots = computeSlots(
      oneDay('Europe/London', '2026-10-25', '00:00', '04:00', { durationMinutes: 90 }),
    );
    const first = slots.find((slot) => slot.start.toISOString() === '2026-10-24T23:30:00.000Z')!;
    expect(first.end.toISOString()).toBe('2026-10-25T01:00:00.000Z');
    expect(DateTime.fromJSDate(first.end, { zone: 'Europe/London' }).toFormat('HH:mm ZZ')).toBe(
      '01:00 +00:00',
    );
    expect(slots.every((slot) => slot.end.getTime() - slot.start.getTime() === 90 * 60_000)).toBe(true);
  });
});

describe('America/Santiago, where spring-forward skips midnight itself (2026-09-06 00:00 → 01:00)', () => {
  it('starts the day at 01:00 local, the first instant that exists', () => {
    expect(windowOn(oneDay('America/Santiago', '2026-09-06', '00:00', '24:00'))).toEqual({
      start: '2026-09-06T04:00:00.000Z',
      hours: 23,
    });
  });

  it('ends the horizon at that first instant of the day', () => {
    const query: SlotQuery = {
      ...oneDay('America/Santiago', '2026-09-05', '22:00', '24:00'),
      to: '2026-09-06',
      rules: [
        { day: 'sat', start: '22:00', end: '24:00' },
        { day: 'sun', start: '00:00', end: '03:00' },
      ],
      now: new Date('2026-09-05T15:00:00Z'),
      horizonDays: 1,
    };
    // Saturday 22:00 -04:00 is 02:00Z; the horizon is 04:00Z (Sunday 01:00 -03:00).
    expect(utc(computeSlots(query))).toEqual([
      '02:00',
      '02:15',
      '02:30',
      '02:45',
      '03:00',
      '03:15',
      '03:30',
      '03:45',
    ]);
  });
});

describe('America/Chicago', () => {
  it('spring-forward 2026-03-08: 00:00–04:00 is 3 real hours, 02:xx skipped', () => {
    const query = oneDay('America/Chicago', '2026-03-08', '00:00', '04:00');
    expect(windowOn(query)).toEqual({ start: '2026-03-08T06:00:00.000Z', hours: 3 });
    const slots = computeSlots(query);
    expect(wall(slots, 'America/Chicago')).toEqual([
      '00:00',
      '00:15',
      '00:30',
      '00:45',
      '01:00',
      '01:15',
      '01:30',
      '01:45',
      '03:00',
    ]);
    expect(slots.at(-1)!.start.toISOString()).toBe('2026-03-08T08:00:00.000Z');
  });

  it('fall-back 2026-11-01: 00:00–04:00 is 5 real hours and 01:30 appears as CDT and CST', () => {
    const query = oneDay('America/Chicago', '2026-11-01', '00:00', '04:00');
    expect(windowOn(query)).toEqual({ start: '2026-11-01T05:00:00.000Z', hours: 5 });
    const slots = computeSlots(query);
    expect(slots).toHaveLength(17);
    const labels = slots.map((slot) =>
      DateTime.fromJSDate(slot.start, { zone: 'America/Chicago' }).toFormat('HH:mm ZZZZ'),
    );
    expect(labels.filter((label) => label.startsWith('01:30'))).toEqual(['01:30 CDT', '01:30 CST']);
    expect(labels.at(-1)).toBe('03:00 CST');
  });
});

describe('half-hour and quarter-hour zones', () => {
  it('Asia/Kolkata (+05:30): 09:00 local is 03:30Z', () => {
    const slots = computeSlots(
      oneDay('Asia/Kolkata', '2026-06-01', '09:00', '10:00', { durationMinutes: 30 }),
    );
    expect(utc(slots)).toEqual(['03:30', '03:45', '04:00']);
  });

  it('Asia/Kathmandu (+05:45): the grid follows the local clock, not UTC quarter hours', () => {
    const slots = computeSlots(
      oneDay('Asia/Kathmandu', '2026-06-01', '09:00', '10:00', { durationMinutes: 30 }),
    );
    expect(utc(slots)).toEqual(['03:15', '03:30', '03:45']);
    expect(wall(slots, 'Asia/Kathmandu')).toEqual(['09:00', '09:15', '09:30']);
  });

  it('Australia/Lord_Howe spring-forward 2026-10-04 skips only 30 minutes (02:00–02:30)', () => {
    const query = oneDay('Australia/Lord_Howe', '2026-10-04', '00:00', '04:00');
    expect(windowOn(query)).toEqual({ start: '2026-10-03T13:30:00.000Z', hours: 3.5 });
    const slots = computeSlots(query);
    expect(wall(slots, 'Australia/Lord_Howe')).toEqual([
      '00:00',
      '00:15',
      '00:30',
      '00:45',
      '01:00',
      '01:15',
      '01:30',
      '01:45',
      '02:30',
      '02:45',
      '03:00',
    ]);
    // 01:45 +10:30 is 15:15Z; the lesson ends 60 real minutes later at 02:45 +11:00.
    const late = slots[7]!;
    expect([late.start.toISOString(), late.end.toISOString()]).toEqual([
      '2026-10-03T15:15:00.000Z',
      '2026-10-03T16:15:00.000Z',
    ]);
  });

  it('Australia/Lord_Howe fall-back 2026-04-05 repeats 01:30–02:00 (+11:00 then +10:30)', () => {
    const query = oneDay('Australia/Lord_Howe', '2026-04-05', '00:00', '04:00', { durationMinutes: 30 });
    expect(windowOn(query)).toEqual({ start: '2026-04-04T13:00:00.000Z', hours: 4.5 });
    const slots = computeSlots(query);
    const half = slots.filter(
      (slot) =>
        DateTime.fromJSDate(slot.start, { zone: 'Australia/Lord_Howe' }).toFormat('HH:mm') === '01:30',
    );
    expect(half.map((slot) => slot.start.toISOString())).toEqual([
      '2026-04-04T14:30:00.000Z',
      '2026-04-04T15:00:00.000Z',
    ]);
  });
});

describe('leap day', () => {
  it('applies a Tuesday rule on 2028-02-29', () => {
    const slots = computeSlots({
      timezone: 'Europe/London',
      from: '2028-02-27',
      to: '2028-03-02',
      durationMinutes: 60,
      rules: [{ day: 'tue', start: '09:00', end: '10:00', validFrom: '2028-02-29', validTo: '2028-02-29' }],
      now: new Date('2020-01-01T00:00:00Z'),
    });
    expect(slots.map((slot) => slot.start.toISOString())).toEqual(['2028-02-29T09:00:00.000Z']);
  });

  it('rejects 2027-02-29, which does not exist', () => {
    expect(() =>
      computeSlots(oneDay('Europe/London', '2027-03-01', '09:00', '10:00', { from: '2027-02-29' })),
    ).toThrow(RangeError);
  });
});
