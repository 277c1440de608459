import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  startAhead,
  type TestApi,
} from './scheduling-fixture.ts';

describe('ICS feeds', () => {
  let api: TestApi;
  let a: SchedulingSchool;
  let b: SchedulingSchool;
  beforeAll(async () => {
    api = await createTestApi();
    a = await createSchedulingSchool(api, 'icsa');
    b = await createSchedulingSchool(api, 'icsb');
  });
  afterAll(() => api.close());

  /** Fetches a feed URL as a calendar app would: no auth, the school named by the host. */
  async function fetchFeed(url: string, hostOverride?: string) {
    const u = new URL(url);
    return api.call('GET', u.pathname, { headers: { host: hostOverride ?? u.host } });
  }
  const parse = (text: string) =>
    new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => ({
      uid: v.getFirstPropertyValue('uid') as string,
      start: (v.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
      status: v.getFirstPropertyValue('status') as string,
      sequence: Number(v.getFirstPropertyValue('sequence')),
      summary: v.getFirstPropertyValue('summary') as string,
    }));

  it('a student’s secret link gives a valid calendar of their lessons that follows changes, until revoked', async () => {
    const student = a.students[0];
    const start = startAhead('Europe/London', 5, '10:00');
    const booked = await api.call('POST', '/api/v1/bookings', {
      tenant: 'icsa',
      token: student.token,
      body: { instructorId: a.instructor.id, start, durationMinutes: 60, lessonTypeId: a.lessonTypeId },
    });
    expect(booked.status).toBe(201);
    const feed = await api.call('POST', '/api/v1/calendar-feeds', { tenant: 'icsa', token: student.token });
    expect(feed.status).toBe(201);
    expect(feed.body.url).toMatch(
      /^http:\/\/icsa\.localhost(:\d+)?\/api\/v1\/calendar-feeds\/[a-z2-7]{32}\/lessons\.ics$/,
    );

    const first = await fetchFeed(feed.body.url);
    expect(first.status).toBe(200);
    expect(first.contentType).toContain('text/calendar');
    const events = parse(first.body);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      start: new Date(start).toISOString(),
      status: 'TENTATIVE',
      sequence: 0,
    });
    expect(events[0]!.summary).toContain(`Ian icsa`);

    await api.call('POST', `/api/v1/bookings/${booked.body.id}/confirm`, {
      tenant: 'icsa',
      token: a.instructor.token,
    });
    await api.call('POST', `/api/v1/bookings/${booked.body.id}/cancel`, {
      tenant: 'icsa',
      token: student.token,
    });
    const after = parse((await fetchFeed(feed.body.url)).body);
    expect(after[0]).toMatchObject({ uid: events[0]!.uid, status: 'CANCELLED', sequence: 2 });

    // The instructor's own feed shows the same lesson, named after the student.
    const instructorFeed = await api.call('POST', '/api/v1/calendar-feeds', {
      tenant: 'icsa',
      token: a.instructor.token,
    });
    const mine = parse((await fetchFeed(instructorFeed.body.url)).body);
    expect(mine.map((e) => e.uid)).toContain(events[0]!.uid);
    expect(mine.find((e) => e.uid === events[0]!.uid)!.summary).toContain('Sam icsa');

    expect(
      (
        await api.call('DELETE', `/api/v1/calendar-feeds/${feed.body.id}`, {
          tenant: 'icsa',
          token: student.token,
        })
      ).status,
    ).toBe(204);
    expect((await fetchFeed(feed.body.url)).status).toBe(404);
  });

  it('another student’s feed holds only their own lessons; another school cannot read a feed at all', async () => {
    const other = a.students[1];
    const feed = await api.call('POST', '/api/v1/calendar-feeds', { tenant: 'icsa', token: other.token });
    expect(parse((await fetchFeed(feed.body.url)).body)).toEqual([]);
    const viaOtherSchool = await fetchFeed(feed.body.url, 'icsb.localhost');
    expect(viaOtherSchool.status).toBe(404);
    // Nor can B's staff revoke A's feed.
    expect(
      (
        await api.call('DELETE', `/api/v1/calendar-feeds/${feed.body.id}`, {
          tenant: 'icsb',
          token: b.ownerToken,
        })
      ).status,
    ).toBe(404);
    // And a student cannot revoke someone else's.
    expect(
      (
        await api.call('DELETE', `/api/v1/calendar-feeds/${feed.body.id}`, {
          tenant: 'icsa',
          token: a.students[0].token,
        })
      ).status,
    ).toBe(404);
  });

  it('a student’s name cannot forge events in the instructor’s feed: line breaks escaped, lines folded at 75 octets', async () => {
    const eve = await api.addPerson('icsa', a.ownerToken, 'students', 'Eve Forger');
    // Stored behind the API's back: names also arrive by import and from older data, and the feed
    // must be safe whatever a name holds.
    const forged = `Eve\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Fake ${'Ëvë '.repeat(20)}`;
    await api.tdb.owner`update users set name = ${forged} where id = ${eve.userId}`;
    const booked = await api.call('POST', '/api/v1/bookings', {
      tenant: 'icsa',
      token: eve.token,
      body: {
        instructorId: a.otherInstructor.id,
        start: startAhead('Europe/London', 6, '10:00'),
        durationMinutes: 60,
      },
    });
    expect(booked.status).toBe(201);
    const feed = await api.call('POST', '/api/v1/calendar-feeds', {
      tenant: 'icsa',
      token: a.otherInstructor.token,
    });
    const text = (await fetchFeed(feed.body.url)).body as string;
    const physical = text.split('\r\n');
    expect(physical.every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
    // As a lenient client reads it: unfold, then end a line at any CR or LF.
    const logical = text.replace(/\r\n[ \t]/g, '').split(/\r\n|\r|\n/);
    expect(logical.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(logical.filter((line) => line.startsWith('SUMMARY:'))).toHaveLength(1);
    // The name survives as text: the client shows the line breaks, nothing more.
    expect(parse(text)[0]!.summary).toContain(forged.replace(/\r/g, '\n'));
  });

  it('an unknown or malformed token is a problem, not a crash', async () => {
    expect(
      (await api.call('GET', `/api/v1/calendar-feeds/${'a'.repeat(32)}/lessons.ics`, { tenant: 'icsa' }))
        .status,
    ).toBe(404);
    expect(
      (await api.call('GET', '/api/v1/calendar-feeds/NOT-A-TOKEN/lessons.ics', { tenant: 'icsa' })).status,
    ).toBe(400);
  });
});
