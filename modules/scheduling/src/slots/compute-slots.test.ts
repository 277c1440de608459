import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { computeSlots, studentRefusalAt } from './compute-slots.ts';
import type { Slot, SlotQuery } from './types.ts';

// Berlin is UTC+01:00 in January, so local and UTC differ and a mix-up shows. 2026-01-12 is a Monday.
const ZONE = 'Europe/Berlin';
const MONDAY = '2026-01-12';

function query(overrides: Partial<SlotQuery> = {}): SlotQuery {
  return {
    timezone: ZONE,
    from: MONDAY,
    to: MONDAY,
    durationMinutes: 60,
    rules: [{ day: 'mon', start: '09:00', end: '12:00' }],
    now: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

/** A local wall time in ZONE ('2026-01-12 10:00') as a Date. */
const at = (local: string) => DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: ZONE }).toJSDate();
const span = (start: string, end: string) => ({ start: at(start), end: at(end) });
/** Slot starts as local 'HH:mm', or 'yyyy-MM-dd HH:mm' when the range spans days. */
const times = (slots: Slot[]) =>
  slots.map((slot) => DateTime.fromJSDate(slot.start, { zone: ZONE }).toFormat('HH:mm'));
const dated = (slots: Slot[]) =>
  slots.map((slot) => DateTime.fromJSDate(slot.start, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm'));

describe('computeSlots: weekly rules', () => {
  it('offers every grid start whose lesson fits the rule, as real UTC instants', () => {
    const slots = computeSlots(query({ grid: { stepMinutes: 30 } }));
    expect(slots.map((slot) => slot.start.toISOString())).toEqual([
      '2026-01-12T08:00:00.000Z',
      '2026-01-12T08:30:00.000Z',
      '2026-01-12T09:00:00.000Z',
      '2026-01-12T09:30:00.000Z',
      '2026-01-12T10:00:00.000Z',
    ]);
    expect(slots.every((slot) => slot.end.getTime() - slot.start.getTime() === 60 * 60_000)).toBe(true);
  });

  it('applies rules only on their weekday and combines two rules a day', () => {
    const slots = computeSlots(
      query({
        from: '2026-01-11',
        to: '2026-01-13',
        rules: [
          { day: 'mon', start: '09:00', end: '10:00' },
          { day: 'mon', start: '14:00', end: '15:00' },
          { day: 'tue', start: '08:00', end: '09:00' },
        ],
      }),
    );
    expect(dated(slots)).toEqual(['2026-01-12 09:00', '2026-01-12 14:00', '2026-01-13 08:00']);
  });

  it('honours validFrom and validTo as inclusive local dates', () => {
    const slots = computeSlots(
      query({
        from: '2026-01-05',
        to: '2026-01-26',
        rules: [{ day: 'mon', start: '09:00', end: '10:00', validFrom: '2026-01-12', validTo: '2026-01-19' }],
      }),
    );
    expect(dated(slots)).toEqual(['2026-01-12 09:00', '2026-01-19 09:00']);
  });

  it('joins rules that meet at midnight so a lesson can run across it', () => {
    const slots = computeSlots(
      query({
        from: MONDAY,
        to: MONDAY,
        grid: { stepMinutes: 30 },
        rules: [
          { day: 'mon', start: '22:00', end: '24:00' },
          { day: 'tue', start: '00:00', end: '02:00' },
        ],
      }),
    );
    // Only Monday starts are listed, but the 23:30 lesson may end on Tuesday.
    expect(dated(slots)).toEqual([
      '2026-01-12 22:00',
      '2026-01-12 22:30',
      '2026-01-12 23:00',
      '2026-01-12 23:30',
    ]);
  });

  it('reads an end before the start as an overnight rule, including one from the day before `from`', () => {
    const slots = computeSlots(
      query({ grid: { stepMinutes: 30 }, rules: [{ day: 'sun', start: '22:00', end: '02:00' }] }),
    );
    expect(dated(slots)).toEqual(['2026-01-12 00:00', '2026-01-12 00:30', '2026-01-12 01:00']);
  });
});

describe('computeSlots: exceptions and closures', () => {
  it('removes time off', () => {
    const slots = computeSlots(
      query({
        grid: { stepMinutes: 30 },
        exceptions: [{ kind: 'time_off', ...span(`${MONDAY} 10:00`, `${MONDAY} 11:00`) }],
      }),
    );
    expect(times(slots)).toEqual(['09:00', '11:00']);
  });

  it('adds extra hours on a day without rules', () => {
    const saturday = '2026-01-17';
    const slots = computeSlots(
      query({
        from: saturday,
        to: saturday,
        grid: { stepMinutes: 30 },
        exceptions: [{ kind: 'extra_hours', ...span(`${saturday} 14:00`, `${saturday} 16:00`) }],
      }),
    );
    expect(times(slots)).toEqual(['14:00', '14:30', '15:00']);
  });

  it('lets extra hours extend a rule seamlessly', () => {
    const slots = computeSlots(
      query({
        grid: { stepMinutes: 30 },
        rules: [{ day: 'mon', start: '09:00', end: '10:00' }],
        exceptions: [{ kind: 'extra_hours', ...span(`${MONDAY} 10:00`, `${MONDAY} 11:00`) }],
      }),
    );
    expect(times(slots)).toEqual(['09:00', '09:30', '10:00']);
  });

  it('removes school closures, even over extra hours', () => {
    const slots = computeSlots(
      query({
        from: MONDAY,
        to: '2026-01-13',
        rules: [
          { day: 'mon', start: '09:00', end: '10:00' },
          { day: 'tue', start: '09:00', end: '10:00' },
        ],
        exceptions: [{ kind: 'extra_hours', ...span(`${MONDAY} 12:00`, `${MONDAY} 13:00`) }],
        closures: [span(`${MONDAY} 00:00`, '2026-01-13 00:00')],
      }),
    );
    expect(dated(slots)).toEqual(['2026-01-13 09:00']);
  });
});

describe('computeSlots: bookings, buffers and travel', () => {
  const booking = { ...span(`${MONDAY} 10:00`, `${MONDAY} 11:00`) };
  const wideDay = { day: 'mon', start: '08:00', end: '14:00' } as const;

  it('allows back-to-back lessons when nobody asks for buffers', () => {
    const slots = times(computeSlots(query({ rules: [wideDay], busy: [booking] })));
    expect(slots).toContain('09:00');
    expect(slots).toContain('11:00');
    expect(slots).not.toContain('09:15');
    expect(slots).not.toContain('10:45');
  });

  it("keeps both the booking's and the lesson's buffers clear", () => {
    // Booking buffered: [09:50, 11:15). Lesson buffered: [s - 5, s + 60 + 10).
    const slots = times(
      computeSlots(
        query({
          rules: [wideDay],
          bufferBeforeMinutes: 5,
          bufferAfterMinutes: 10,
          busy: [{ ...booking, bufferBeforeMinutes: 10, bufferAfterMinutes: 15 }],
        }),
      ),
    );
    expect(slots).toContain('08:30'); // buffered lesson ends 09:40
    expect(slots).not.toContain('08:45'); // would end 09:55, inside the booking's buffer
    expect(slots).not.toContain('11:15'); // lesson buffer starts 11:10
    expect(slots).toContain('11:30');
  });

  it('leaves fixed travel time between lessons even without known locations', () => {
    const slots = times(
      computeSlots(query({ rules: [wideDay], busy: [booking], travel: { mode: 'fixed', minutes: 20 } })),
    );
    expect(slots).toContain('08:30');
    expect(slots).not.toContain('08:45'); // ends 09:45, 15 minutes before the booking
    expect(slots).not.toContain('11:15');
    expect(slots).toContain('11:30');
  });

  it('estimates travel from the distance: 20 km at 30 km/h is 40 minutes each way', () => {
    const pickup = { lat: 51.5, lng: -0.12 };
    const elsewhere = { lat: 51.5 + (20 / 6371.0088) * (180 / Math.PI), lng: -0.12 };
    const slots = times(
      computeSlots(
        query({
          rules: [wideDay],
          grid: { stepMinutes: 5 },
          busy: [
            { ...span(`${MONDAY} 09:00`, `${MONDAY} 10:00`), location: elsewhere },
            { ...span(`${MONDAY} 13:00`, `${MONDAY} 13:30`), location: elsewhere },
          ],
          travel: { mode: 'estimate', averageKmh: 30 },
          pickup,
        }),
      ),
    );
    expect(slots[0]).toBe('10:40');
    expect(slots.at(-1)).toBe('11:20'); // ends 12:20, 40 minutes before 13:00
    expect(slots).not.toContain('10:35');
    expect(slots).not.toContain('11:25');
  });

  it('estimates no travel when a location is unknown, and only from the nearest booking', () => {
    const pickup = { lat: 51.5, lng: -0.12 };
    const far = { lat: 52.5, lng: -0.12 }; // about 111 km: over 3 hours at 30 km/h
    const slots = times(
      computeSlots(
        query({
          rules: [wideDay],
          busy: [
            { ...span(`${MONDAY} 08:00`, `${MONDAY} 08:30`), location: far },
            { ...span(`${MONDAY} 08:30`, `${MONDAY} 09:00`), location: null },
          ],
          travel: { mode: 'estimate', averageKmh: 30, minimumMinutes: 10 },
          pickup,
        }),
      ),
    );
    expect(slots[0]).toBe('09:00');
  });
});

describe('computeSlots: notice, horizon and grid', () => {
  it('requires the minimum notice from now', () => {
    const slots = computeSlots(query({ now: at(`${MONDAY} 08:10`), minimumNoticeMinutes: 60 }));
    expect(times(slots)).toEqual(['09:15', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00']);
  });

  it('ends the horizon at local midnight of today plus horizonDays', () => {
    const week = query({
      from: MONDAY,
      to: '2026-01-14',
      rules: ['mon', 'tue', 'wed'].map((day) => ({ day: day as 'mon', start: '23:00', end: '24:00' })),
      now: at(`${MONDAY} 07:00`),
    });
    expect(dated(computeSlots({ ...week, horizonDays: 2 }))).toEqual([
      '2026-01-12 23:00',
      '2026-01-13 23:00',
    ]);
    expect(computeSlots({ ...week, horizonDays: 0 })).toEqual([]);
  });

  it('uses a 15-minute grid by default and allows 14:20 with a 10-minute step', () => {
    const afternoon = query({ rules: [{ day: 'mon', start: '14:00', end: '16:00' }] });
    expect(times(computeSlots(afternoon))).toEqual(['14:00', '14:15', '14:30', '14:45', '15:00']);
    expect(times(computeSlots({ ...afternoon, grid: { stepMinutes: 10 } }))).toContain('14:20');
    expect(times(computeSlots({ ...afternoon, grid: { stepMinutes: 5 } }))).toContain('14:20');
  });

  it('shifts the grid by offsetMinutes: step 15, offset 5 gives :05, :20, :35, :50', () => {
    const slots = computeSlots(
      query({
        rules: [{ day: 'mon', start: '14:00', end: '16:00' }],
        grid: { stepMinutes: 15, offsetMinutes: 5 },
      }),
    );
    expect(times(slots)).toEqual(['14:05', '14:20', '14:35', '14:50']);
  });
});

describe('computeSlots: student limits', () => {
  const wideDay = { day: 'mon', start: '08:00', end: '14:00' } as const;
  const otherLesson = span(`${MONDAY} 10:00`, `${MONDAY} 11:00`);

  it("avoids the student's own bookings with other instructors", () => {
    const slots = times(computeSlots(query({ rules: [wideDay], student: { busy: [otherLesson] } })));
    expect(slots).toContain('09:00');
    expect(slots).not.toContain('09:30');
    expect(slots).not.toContain('10:45');
    expect(slots).toContain('11:00');
  });

  it('keeps minGapMinutes between two of the student’s lessons, an exact gap being enough', () => {
    const slots = times(
      computeSlots(query({ rules: [wideDay], student: { busy: [otherLesson], minGapMinutes: 30 } })),
    );
    expect(slots).toContain('08:30');
    expect(slots).not.toContain('08:45');
    expect(slots).not.toContain('11:15');
    expect(slots).toContain('11:30');
  });

  it('caps lessons per local day, counting by the instructor zone', () => {
    // 00:30 on Tuesday in Berlin is 23:30 UTC on Monday: it uses up Tuesday, not Monday.
    const earlyTuesday = span('2026-01-13 00:30', '2026-01-13 01:30');
    const slots = computeSlots(
      query({
        from: MONDAY,
        to: '2026-01-13',
        rules: [
          { day: 'mon', start: '09:00', end: '10:00' },
          { day: 'tue', start: '09:00', end: '10:00' },
        ],
        student: { busy: [earlyTuesday], maxPerDay: 1 },
      }),
    );
    expect(dated(slots)).toEqual(['2026-01-12 09:00']);
  });

  it('caps lessons per ISO week, Monday to Sunday', () => {
    const slots = computeSlots(
      query({
        from: '2026-01-11', // Sunday, same week as the two lessons
        to: MONDAY, // next week
        rules: [
          { day: 'sun', start: '09:00', end: '10:00' },
          { day: 'mon', start: '09:00', end: '10:00' },
        ],
        student: {
          busy: [span('2026-01-05 09:00', '2026-01-05 10:00'), span('2026-01-07 09:00', '2026-01-07 10:00')],
          maxPerWeek: 2,
        },
      }),
    );
    expect(dated(slots)).toEqual(['2026-01-12 09:00']);
  });
});

describe('studentRefusalAt: which of the student’s rules a start breaks', () => {
  const wideDay = { day: 'mon', start: '08:00', end: '14:00' } as const;
  const otherLesson = span(`${MONDAY} 10:00`, `${MONDAY} 11:00`);
  const refusal = (local: string, student: SlotQuery['student']) =>
    studentRefusalAt(query({ rules: [wideDay], student }), at(`${MONDAY} ${local}`));

  it('names an overlap before a gap, and a gap before the caps', () => {
    const student = { busy: [otherLesson], minGapMinutes: 30, maxPerDay: 1 };
    expect(refusal('10:30', student)).toBe('overlap');
    expect(refusal('11:15', student)).toBe('minimum_gap');
    expect(refusal('12:00', student)).toBe('max_per_day');
    expect(refusal('12:00', { busy: [otherLesson], maxPerWeek: 1 })).toBe('max_per_week');
  });

  it('agrees with computeSlots: a start it does not refuse is offered', () => {
    const student = { busy: [otherLesson], minGapMinutes: 30, maxPerDay: 2 };
    const offered = times(computeSlots(query({ rules: [wideDay], student })));
    for (const local of ['08:00', '08:30', '09:45', '11:30', '12:00']) {
      expect(offered.includes(local)).toBe(refusal(local, student) === undefined);
    }
    expect(refusal('12:00', undefined)).toBeUndefined();
  });
});

describe('computeSlots: result shape', () => {
  it('returns slots sorted and unique even with overlapping rules and exceptions', () => {
    const slots = computeSlots(
      query({
        from: MONDAY,
        to: '2026-01-18',
        rules: [
          { day: 'mon', start: '09:00', end: '12:00' },
          { day: 'mon', start: '10:00', end: '13:00' },
          { day: 'wed', start: '08:00', end: '18:00' },
        ],
        exceptions: [{ kind: 'extra_hours', ...span(`${MONDAY} 11:00`, `${MONDAY} 15:00`) }],
      }),
    );
    const starts = slots.map((slot) => slot.start.getTime());
    expect(starts).toEqual([...new Set(starts)].sort((a, b) => a - b));
    expect(starts.length).toBeGreaterThan(40);
  });

  it('does not depend on the order of its inputs', () => {
    const busy = [
      span(`${MONDAY} 11:00`, `${MONDAY} 11:30`),
      span(`${MONDAY} 08:45`, `${MONDAY} 09:15`),
      span(`${MONDAY} 10:00`, `${MONDAY} 10:15`),
    ];
    const forward = computeSlots(query({ rules: [{ day: 'mon', start: '08:00', end: '14:00' }], busy }));
    const reversed = computeSlots(
      query({ rules: [{ day: 'mon', start: '08:00', end: '14:00' }], busy: [...busy].reverse() }),
    );
    expect(reversed).toEqual(forward);
  });
});
