import { describe, expect, it } from 'vitest';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './time-units.ts';
import { createWallClock } from './wall-clock.ts';

/** A wall clock covering a week around `date`, plus a helper turning 'YYYY-MM-DD HH:MM' into local ms. */
function clockAround(zone: string, date: string) {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  const clock = createWallClock(zone, midnight - 3 * MS_PER_DAY, midnight + 4 * MS_PER_DAY);
  const local = (time: string) => Date.parse(`${date}T${time}:00Z`);
  const iso = (instant: number) => new Date(instant).toISOString();
  return { clock, local, iso };
}

describe('wall clock', () => {
  it('finds the London spring-forward transition and moves gap times to the first instant after it', () => {
    const { clock, local, iso } = clockAround('Europe/London', '2026-03-29');
    const transition = clock.segments.find((segment) => segment.offsetMs === MS_PER_HOUR)!.start;
    expect(iso(transition)).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(clock.toInstant(local('01:30'), 'earlier'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(clock.toInstant(local('01:00'), 'later'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(clock.toInstant(local('02:00'), 'earlier'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(clock.toInstant(local('00:59'), 'earlier'))).toBe('2026-03-29T00:59:00.000Z');
  });

  it('picks the earlier or the later instant of a repeated fall-back time', () => {
    const { clock, local, iso } = clockAround('America/Chicago', '2026-11-01');
    expect(iso(clock.toInstant(local('01:30'), 'earlier'))).toBe('2026-11-01T06:30:00.000Z');
    expect(iso(clock.toInstant(local('01:30'), 'later'))).toBe('2026-11-01T07:30:00.000Z');
    expect(iso(clock.toInstant(local('02:00'), 'earlier'))).toBe('2026-11-01T08:00:00.000Z');
  });

  it('handles the 30-minute shift of Australia/Lord_Howe', () => {
    const { clock, local, iso } = clockAround('Australia/Lord_Howe', '2026-10-04');
    expect(clock.offsetAt(Date.parse('2026-10-03T15:29:00Z'))).toBe(630 * MS_PER_MINUTE);
    expect(clock.offsetAt(Date.parse('2026-10-03T15:30:00Z'))).toBe(660 * MS_PER_MINUTE);
    expect(iso(clock.toInstant(local('02:10'), 'earlier'))).toBe('2026-10-03T15:30:00.000Z');
    expect(iso(clock.toInstant(local('02:30'), 'earlier'))).toBe('2026-10-03T15:30:00.000Z');
  });

  it('reads constant odd offsets (Kathmandu +05:45) as one segment', () => {
    const { clock, local, iso } = clockAround('Asia/Kathmandu', '2026-06-01');
    expect(clock.segments).toHaveLength(1);
    expect(iso(clock.toInstant(local('09:00'), 'earlier'))).toBe('2026-06-01T03:15:00.000Z');
    expect(clock.toLocal(Date.parse('2026-06-01T03:15:00Z'))).toBe(local('09:00'));
  });

  it('converts times outside the covered range correctly too', () => {
    const { clock, iso } = clockAround('Europe/London', '2026-01-10');
    expect(iso(clock.toInstant(Date.parse('2026-07-01T09:00:00Z'), 'earlier'))).toBe(
      '2026-07-01T08:00:00.000Z',
    );
    expect(clock.offsetAt(Date.parse('2026-07-01T08:00:00Z'))).toBe(MS_PER_HOUR);
  });
});
