import { describe, expect, it } from 'vitest';
import { daylightOn, nightMinutesBetween } from './sun.ts';

const LONDON = { lat: 51.5074, lng: -0.1278 };
const SYDNEY = { lat: -33.8688, lng: 151.2093 };
const BRISBANE = { lat: -27.4698, lng: 153.0251 };
const TROMSO = { lat: 69.6492, lng: 18.9553 };

/** Minutes between an instant and the published time (UTC), for a tolerance check. */
const off = (actual: Date, expectedUtc: string) =>
  Math.abs(actual.getTime() - Date.parse(expectedUtc)) / 60_000;

const interval = (date: string, at: { lat: number; lng: number }) => {
  const d = daylightOn(date, at);
  if (d.kind !== 'interval') throw new Error(`${date}: ${d.kind}`);
  return d;
};

// Published times (timeanddate.com / Geoscience Australia / HM Nautical Almanac Office), local
// clock in the comment, UTC in the assertion. The sunrise equation is good to a minute or two.
describe('sunrise and sunset (sunrise equation)', () => {
  it('London at the summer solstice: 04:43 BST to 21:21 BST', () => {
    const d = interval('2026-06-21', LONDON);
    expect(off(d.rise, '2026-06-21T03:43Z')).toBeLessThanOrEqual(3);
    expect(off(d.set, '2026-06-21T20:21Z')).toBeLessThanOrEqual(3);
  });

  it('London at the winter solstice: 08:04 GMT to 15:53 GMT', () => {
    const d = interval('2026-12-21', LONDON);
    expect(off(d.rise, '2026-12-21T08:04Z')).toBeLessThanOrEqual(3);
    expect(off(d.set, '2026-12-21T15:53Z')).toBeLessThanOrEqual(3);
  });

  it('Sydney in midwinter: 07:00 AEST to 16:54 AEST (the rise falls on the previous UTC day)', () => {
    const d = interval('2026-06-21', SYDNEY);
    expect(off(d.rise, '2026-06-20T21:00Z')).toBeLessThanOrEqual(3);
    expect(off(d.set, '2026-06-21T06:54Z')).toBeLessThanOrEqual(3);
  });

  it('Sydney in midsummer: 05:41 AEDT to 20:05 AEDT', () => {
    const d = interval('2026-12-21', SYDNEY);
    expect(off(d.rise, '2026-12-20T18:41Z')).toBeLessThanOrEqual(3);
    expect(off(d.set, '2026-12-21T09:05Z')).toBeLessThanOrEqual(3);
  });

  it('Brisbane in midsummer (no daylight saving): 04:51 AEST to 18:43 AEST', () => {
    const d = interval('2026-12-21', BRISBANE);
    expect(off(d.rise, '2026-12-20T18:51Z')).toBeLessThanOrEqual(4);
    expect(off(d.set, '2026-12-21T08:43Z')).toBeLessThanOrEqual(4);
  });

  it('Tromsø: polar night in December, midnight sun in June', () => {
    expect(daylightOn('2026-12-21', TROMSO).kind).toBe('polar-night');
    expect(daylightOn('2026-06-21', TROMSO).kind).toBe('polar-day');
  });

  it('refuses what is not a date', () => {
    expect(() => daylightOn('21/06/2026', LONDON)).toThrow(RangeError);
  });
});

describe('night minutes of a drive', () => {
  const at = (iso: string) => new Date(iso);

  it('a London afternoon lesson in December runs past sunset (15:53): 67 of its 120 minutes are night', () => {
    const night = nightMinutesBetween(at('2026-12-21T15:00Z'), at('2026-12-21T17:00Z'), LONDON);
    expect(night).toBeGreaterThanOrEqual(64);
    expect(night).toBeLessThanOrEqual(70);
  });

  it('the same clock time in June is all daylight; 22:00–23:00 BST is all night', () => {
    expect(nightMinutesBetween(at('2026-06-21T14:00Z'), at('2026-06-21T16:00Z'), LONDON)).toBe(0);
    expect(nightMinutesBetween(at('2026-06-21T21:00Z'), at('2026-06-21T22:00Z'), LONDON)).toBe(60);
  });

  it('Sydney 17:00–19:00 AEST in June (07:00–09:00Z) is mostly night; in December all day', () => {
    const june = nightMinutesBetween(at('2026-06-22T07:00Z'), at('2026-06-22T09:00Z'), SYDNEY);
    expect(june).toBeGreaterThanOrEqual(112);
    expect(june).toBeLessThanOrEqual(120);
    expect(nightMinutesBetween(at('2026-12-22T07:00Z'), at('2026-12-22T09:00Z'), SYDNEY)).toBe(0);
  });

  it('a drive across local midnight and one across sunrise in Brisbane', () => {
    // 23:00–01:00 AEST: all night, across a UTC day boundary too (13:00–15:00Z).
    expect(nightMinutesBetween(at('2026-12-21T13:00Z'), at('2026-12-21T15:00Z'), BRISBANE)).toBe(120);
    // 04:00–06:00 AEST in December: sunrise ≈ 04:51, so ≈ 51 minutes of night.
    const dawn = nightMinutesBetween(at('2026-12-21T18:00Z'), at('2026-12-21T20:00Z'), BRISBANE);
    expect(dawn).toBeGreaterThanOrEqual(48);
    expect(dawn).toBeLessThanOrEqual(55);
  });

  it('polar night counts every minute as night, the midnight sun none', () => {
    expect(nightMinutesBetween(at('2026-12-21T11:00Z'), at('2026-12-21T12:00Z'), TROMSO)).toBe(60);
    expect(nightMinutesBetween(at('2026-06-21T23:00Z'), at('2026-06-22T00:30Z'), TROMSO)).toBe(0);
  });

  it('an empty or reversed interval has no night', () => {
    expect(nightMinutesBetween(at('2026-12-21T18:00Z'), at('2026-12-21T18:00Z'), LONDON)).toBe(0);
    expect(nightMinutesBetween(at('2026-12-21T19:00Z'), at('2026-12-21T18:00Z'), LONDON)).toBe(0);
  });
});
