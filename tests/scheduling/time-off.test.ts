import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  type TestApi,
} from './scheduling-fixture.ts';

describe('time off, extra hours and school closures', () => {
  let api: TestApi;
  let s: SchedulingSchool;
  let other: SchedulingSchool;
  const day = DateTime.now().setZone('Europe/London').plus({ days: 6 }).startOf('day');
  const at = (time: string) => {
    const [h, m] = time.split(':').map(Number);
    return day.set({ hour: h!, minute: m! }).toUTC().toISO()!;
  };
  const slotsOf = async (token: string, instructorId: string) =>
    (
      await api.call(
        'GET',
        `/api/v1/instructors/${instructorId}/slots?from=${day.toISODate()}&to=${day.toISODate()}`,
        {
          tenant: 'offschool',
          token,
        },
      )
    ).body.slots as { start: string }[];

  beforeAll(async () => {
    api = await createTestApi();
    s = await createSchedulingSchool(api, 'offschool');
    other = await createSchedulingSchool(api, 'offother');
  });
  afterAll(() => api.close());

  it('time off removes slots and extra hours add them; removing restores', async () => {
    const path = `/api/v1/instructors/${s.instructor.id}/exceptions`;
    const off = await api.call('POST', path, {
      tenant: 'offschool',
      token: s.instructor.token,
      body: { kind: 'time_off', start: at('12:00'), end: at('14:00'), reason: 'dentist' },
    });
    expect(off.status).toBe(201);
    const extra = await api.call('POST', path, {
      tenant: 'offschool',
      token: s.instructor.token,
      body: { kind: 'extra_hours', start: at('17:00'), end: at('19:00') },
    });
    expect(extra.status).toBe(201);
    const slots = (await slotsOf(s.ownerToken, s.instructor.id)).map((x) => x.start);
    expect(slots).not.toContain(new Date(at('12:00')).toISOString());
    expect(slots).not.toContain(new Date(at('11:30')).toISOString()); // would run into the time off
    expect(slots).toContain(new Date(at('18:00')).toISOString());
    expect(slots).toHaveLength(29 - 11 + 8); // 11:15–13:45 starts gone; 16:15–18:00 added
    const listed = await api.call('GET', `${path}?from=${at('00:00')}&to=${at('23:59')}`, {
      tenant: 'offschool',
      token: s.ownerToken,
    });
    expect(listed.body.data).toHaveLength(2);
    expect(
      (await api.call('DELETE', `${path}/${off.body.id}`, { tenant: 'offschool', token: s.instructor.token }))
        .status,
    ).toBe(204);
    expect((await slotsOf(s.ownerToken, s.instructor.id)).map((x) => x.start)).toContain(
      new Date(at('12:00')).toISOString(),
    );
  });

  it('an instructor cannot change another instructor’s diary; a student neither', async () => {
    const path = `/api/v1/instructors/${s.otherInstructor.id}/exceptions`;
    const body = { kind: 'time_off', start: at('09:00'), end: at('10:00') };
    expect(
      (await api.call('POST', path, { tenant: 'offschool', token: s.instructor.token, body })).status,
    ).toBe(403);
    expect(
      (await api.call('POST', path, { tenant: 'offschool', token: s.students[0].token, body })).status,
    ).toBe(403);
    const backwards = await api.call('POST', path, {
      tenant: 'offschool',
      token: s.ownerToken,
      body: { ...body, end: at('08:00') },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].path).toBe('body.end');
  });

  it('a school closure empties every instructor’s day; only staff may close', async () => {
    const before = (await slotsOf(s.ownerToken, s.instructor.id)).length;
    expect(before).toBeGreaterThan(0);
    const body = {
      name: 'Staff training day',
      start: at('00:00'),
      end: day.plus({ days: 1 }).toUTC().toISO()!,
    };
    expect(
      (await api.call('POST', '/api/v1/closures', { tenant: 'offschool', token: s.instructor.token, body }))
        .status,
    ).toBe(403);
    const closed = await api.call('POST', '/api/v1/closures', {
      tenant: 'offschool',
      token: s.ownerToken,
      body,
    });
    expect(closed.status).toBe(201);
    expect(await slotsOf(s.ownerToken, s.instructor.id)).toEqual([]);
    expect(await slotsOf(s.ownerToken, s.otherInstructor.id)).toEqual([]);
    // Tenant A versus B: B neither sees nor removes A's closure, and B's diary is untouched.
    const listB = await api.call('GET', '/api/v1/closures', { tenant: 'offother', token: other.ownerToken });
    expect(listB.body.data).toEqual([]);
    expect(
      (
        await api.call('DELETE', `/api/v1/closures/${closed.body.id}`, {
          tenant: 'offother',
          token: other.ownerToken,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.call('DELETE', `/api/v1/closures/${closed.body.id}`, {
          tenant: 'offschool',
          token: s.ownerToken,
        })
      ).status,
    ).toBe(204);
    expect(await slotsOf(s.ownerToken, s.instructor.id)).toHaveLength(before);
  });

  it('a student sees that an instructor is away, never why; the instructor and the office see the reason', async () => {
    const next = day.plus({ days: 1 });
    const path = `/api/v1/instructors/${s.otherInstructor.id}/exceptions`;
    const off = await api.call('POST', path, {
      tenant: 'offschool',
      token: s.otherInstructor.token,
      body: {
        kind: 'time_off',
        start: next.set({ hour: 9 }).toUTC().toISO()!,
        end: next.set({ hour: 12 }).toUTC().toISO()!,
        reason: 'hospital appointment',
      },
    });
    expect(off.status).toBe(201);
    const query = `?from=${next.toUTC().toISO()}&to=${next.plus({ days: 1 }).toUTC().toISO()}`;
    const reasonSeenBy = async (token: string) => {
      const listed = await api.call('GET', `${path}${query}`, { tenant: 'offschool', token });
      expect(listed.status).toBe(200);
      expect(listed.body.data).toHaveLength(1);
      expect(listed.body.data[0]).toMatchObject({ id: off.body.id, kind: 'time_off' });
      return listed.body.data[0].reason;
    };
    expect(await reasonSeenBy(s.students[0].token)).toBeNull();
    // A colleague does not manage this diary either.
    expect(await reasonSeenBy(s.instructor.token)).toBeNull();
    expect(await reasonSeenBy(s.otherInstructor.token)).toBe('hospital appointment');
    expect(await reasonSeenBy(s.ownerToken)).toBe('hospital appointment');
    // Nor does a student's calendar feed carry it (time off is no event of theirs).
    const feed = await api.call('POST', '/api/v1/calendar-feeds', {
      tenant: 'offschool',
      token: s.students[0].token,
    });
    const ics = await api.call('GET', new URL(feed.body.url).pathname, { tenant: 'offschool' });
    expect(ics.status).toBe(200);
    expect(ics.body).not.toContain('hospital');
  });
});
