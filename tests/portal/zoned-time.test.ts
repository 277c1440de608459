import { localToInstant } from '@dualcontrol/portal/zoned-time';
import { createWallClock } from '@dualcontrol/scheduling/wall-clock';
import { describe, expect, it } from 'vitest';

/**
 * The instant the API's slot engine gives a wall-clock time (what a weekly rule starting then
 * means), with the ambiguity pick it takes for the start of a window.
 */
function apiInstant(date: string, time: string, zone: string, pick: 'earlier' | 'later') {
  const local = Date.parse(`${date}T${time}:00Z`);
  const clock = createWallClock(zone, local - 3 * 86_400_000, local + 3 * 86_400_000);
  return new Date(clock.toInstant(local, pick)).toISOString();
}

// Times around daylight-saving changes, where converting a wall-clock time is a choice: a time
// skipped by a spring-forward, or one that happens twice at fall-back.
const CASES: [
  label: string,
  date: string,
  time: string,
  zone: string,
  pick: 'earlier' | 'later',
  instant: string,
][] = [
  [
    'Chicago 02:30 on spring-forward day (skipped)',
    '2027-03-14',
    '02:30',
    'America/Chicago',
    'earlier',
    '2027-03-14T08:00:00.000Z',
  ],
  [
    'Chicago 03:00 on spring-forward day (just after)',
    '2027-03-14',
    '03:00',
    'America/Chicago',
    'earlier',
    '2027-03-14T08:00:00.000Z',
  ],
  [
    'Santiago midnight on its DST start day (skipped)',
    '2027-09-05',
    '00:00',
    'America/Santiago',
    'earlier',
    '2027-09-05T04:00:00.000Z',
  ],
  [
    'Santiago 00:30 on its DST start day (skipped)',
    '2027-09-05',
    '00:30',
    'America/Santiago',
    'earlier',
    '2027-09-05T04:00:00.000Z',
  ],
  [
    'Santiago midnight the day before',
    '2027-09-04',
    '00:00',
    'America/Santiago',
    'earlier',
    '2027-09-04T04:00:00.000Z',
  ],
  [
    'London 01:30 on spring-forward day (skipped)',
    '2027-03-28',
    '01:30',
    'Europe/London',
    'earlier',
    '2027-03-28T01:00:00.000Z',
  ],
  [
    'London 00:59 on spring-forward day (before)',
    '2027-03-28',
    '00:59',
    'Europe/London',
    'earlier',
    '2027-03-28T00:59:00.000Z',
  ],
  [
    'Chicago 01:30 at fall-back, the first time',
    '2027-11-07',
    '01:30',
    'America/Chicago',
    'earlier',
    '2027-11-07T06:30:00.000Z',
  ],
  [
    'Chicago 01:30 at fall-back, the second time',
    '2027-11-07',
    '01:30',
    'America/Chicago',
    'later',
    '2027-11-07T07:30:00.000Z',
  ],
  [
    'Santiago 23:30 at its DST end (twice)',
    '2027-04-03',
    '23:30',
    'America/Santiago',
    'earlier',
    '2027-04-04T02:30:00.000Z',
  ],
  [
    'Lord Howe 02:10 (a half-hour gap)',
    '2027-10-03',
    '02:10',
    'Australia/Lord_Howe',
    'earlier',
    '2027-10-02T15:30:00.000Z',
  ],
  [
    'Kathmandu, no change (+05:45)',
    '2027-03-14',
    '09:15',
    'Asia/Kathmandu',
    'earlier',
    '2027-03-14T03:30:00.000Z',
  ],
  [
    'London 24:00 (the next midnight)',
    '2027-06-30',
    '24:00',
    'Europe/London',
    'earlier',
    '2027-06-30T23:00:00.000Z',
  ],
];

describe('a wall-clock time in a zone, as the portal and the API turn it into an instant', () => {
  it.each(CASES)('%s', (_, date, time, zone, pick, instant) => {
    expect(apiInstant(date, time, zone, pick)).toBe(instant);
    expect(localToInstant(date, time, zone, pick)).toBe(instant);
  });
});
