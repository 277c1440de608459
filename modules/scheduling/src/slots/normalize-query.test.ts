import { describe, expect, it } from 'vitest';
import { computeSlots } from './compute-slots.ts';
import type { SlotQuery } from './types.ts';

const valid: SlotQuery = {
  timezone: 'Europe/London',
  from: '2026-01-12',
  to: '2026-01-12',
  durationMinutes: 60,
  rules: [{ day: 'mon', start: '09:00', end: '10:00' }],
  now: new Date('2026-01-01T00:00:00Z'),
};

/** Runs computeSlots with a broken field and returns the RangeError message. */
function rejection(overrides: Record<string, unknown>): string {
  try {
    computeSlots({ ...valid, ...overrides } as SlotQuery);
  } catch (error) {
    expect(error).toBeInstanceOf(RangeError);
    return (error as RangeError).message;
  }
  throw new Error('expected a RangeError');
}

describe('computeSlots input validation', () => {
  it('accepts the valid baseline', () => {
    expect(computeSlots(valid)).toHaveLength(1);
  });

  it('rejects an unknown time zone', () => {
    expect(rejection({ timezone: 'Mars/Olympus_Mons' })).toMatch(/unknown time zone "Mars\/Olympus_Mons"/);
    expect(rejection({ timezone: '' })).toMatch(/unknown time zone/);
  });

  it('rejects malformed and impossible dates', () => {
    expect(rejection({ from: '2026-1-12' })).toMatch(/from must be a real date/);
    expect(rejection({ to: '2026-13-01' })).toMatch(/to must be a real date/);
    expect(rejection({ rules: [{ ...valid.rules[0], validFrom: '2027-02-29' }] })).toMatch(
      /rules\[0\]\.validFrom/,
    );
  });

  it('rejects malformed wall times, and 24:00 as a start', () => {
    expect(rejection({ rules: [{ day: 'mon', start: '9:00', end: '10:00' }] })).toMatch(
      /rules\[0\]\.start must be HH:MM/,
    );
    expect(rejection({ rules: [{ day: 'mon', start: '09:00', end: '24:30' }] })).toMatch(/rules\[0\]\.end/);
    expect(rejection({ rules: [{ day: 'mon', start: '24:00', end: '24:00' }] })).toMatch(/rules\[0\]\.start/);
    expect(rejection({ rules: [{ day: 'mon', start: '09:00', end: '09:00' }] })).toMatch(/starts and ends/);
    expect(rejection({ rules: [{ day: 'monday', start: '09:00', end: '10:00' }] })).toMatch(
      /rules\[0\]\.day/,
    );
  });

  it('rejects from after to, and ranges over 93 days', () => {
    expect(rejection({ from: '2026-01-13' })).toMatch(/from \(2026-01-13\) is after to \(2026-01-12\)/);
    expect(rejection({ from: '2026-01-01', to: '2026-04-04' })).toMatch(/more than 93 days/);
    expect(() => computeSlots({ ...valid, from: '2026-01-01', to: '2026-04-03' })).not.toThrow();
  });

  it('rejects non-positive durations and grid steps', () => {
    expect(rejection({ durationMinutes: 0 })).toMatch(/durationMinutes must be a positive number/);
    expect(rejection({ durationMinutes: -30 })).toMatch(/durationMinutes/);
    expect(rejection({ durationMinutes: Number.NaN })).toMatch(/durationMinutes/);
    expect(rejection({ grid: { stepMinutes: 0 } })).toMatch(/grid\.stepMinutes must be a positive integer/);
    expect(rejection({ grid: { stepMinutes: 7.5 } })).toMatch(/grid\.stepMinutes/);
  });

  it('rejects invalid instants, negative buffers and impossible travel settings', () => {
    expect(rejection({ now: new Date('nonsense') })).toMatch(/now must be a valid Date/);
    expect(rejection({ bufferAfterMinutes: -5 })).toMatch(/bufferAfterMinutes/);
    const backwards = { start: new Date('2026-01-12T10:00:00Z'), end: new Date('2026-01-12T09:00:00Z') };
    expect(rejection({ busy: [backwards] })).toMatch(/busy\[0\] ends before it starts/);
    expect(rejection({ travel: { mode: 'estimate', averageKmh: 0 } })).toMatch(/averageKmh/);
    expect(rejection({ pickup: { lat: 91, lng: 0 } })).toMatch(/pickup/);
    expect(rejection({ student: { busy: [], maxPerDay: 1.5 } })).toMatch(/student\.maxPerDay/);
  });
});
