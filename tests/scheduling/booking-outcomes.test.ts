import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  startAhead,
  type TestApi,
} from './scheduling-fixture.ts';

// What the lesson-lifecycle pages rely on: one instructor's lessons listed, and "too early" saying from when.
describe('booking list by instructor; too early says when', () => {
  let api: TestApi;
  let s: SchedulingSchool;
  let other: SchedulingSchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createSchedulingSchool(api, 'outcomes');
    other = await createSchedulingSchool(api, 'outcomesb');
  });
  afterAll(() => api.close());

  const book = async (school: SchedulingSchool, instructorId: string, student: number, start: string) => {
    const res = await api.call('POST', '/api/v1/bookings', {
      tenant: school.slug,
      token: school.students[student]!.token,
      body: { instructorId, start, durationMinutes: 60 },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const list = (school: SchedulingSchool, token: string, query: string) =>
    api.call('GET', `/api/v1/bookings?${query}`, { tenant: school.slug, token });

  it('?instructorId= narrows the list to that instructor, within what the caller may see', async () => {
    const ian = await book(s, s.instructor.id, 0, startAhead('Europe/London', 4, '10:00'));
    const olga = await book(s, s.otherInstructor.id, 1, startAhead('Europe/London', 4, '10:00'));
    const theirs = await book(other, other.instructor.id, 0, startAhead('Europe/London', 4, '10:00'));

    const staff = await list(s, s.ownerToken, `instructorId=${s.otherInstructor.id}`);
    expect(staff.status).toBe(200);
    expect(staff.body.data.map((b: { id: string }) => b.id)).toEqual([olga]);
    const all = await list(s, s.ownerToken, '');
    expect(all.body.data.map((b: { id: string }) => b.id).sort()).toEqual([ian, olga].sort());

    // An instructor asking for a colleague's diary still sees only their own lessons: none.
    const nosy = await list(s, s.instructor.token, `instructorId=${s.otherInstructor.id}`);
    expect(nosy.status).toBe(200);
    expect(nosy.body.data).toEqual([]);
    // Another school's owner naming this school's instructor sees nothing of it.
    const foreign = await list(other, other.ownerToken, `instructorId=${s.instructor.id}`);
    expect(foreign.body.data).toEqual([]);
    const mine = await list(other, other.ownerToken, `instructorId=${other.instructor.id}`);
    expect(mine.body.data.map((b: { id: string }) => b.id)).toEqual([theirs]);

    const bad = await list(s, s.ownerToken, 'instructorId=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('query.instructorId');
  });

  it('a too-early no-show names the earliest instant; another school cannot touch the lesson', async () => {
    const id = await book(s, s.instructor.id, 2, startAhead('Europe/London', 5, '11:00'));
    expect(
      (
        await api.call('POST', `/api/v1/bookings/${id}/confirm`, {
          tenant: s.slug,
          token: s.instructor.token,
        })
      ).status,
    ).toBe(200);
    await api.tdb
      .owner`update bookings set starts_at = now() - interval '5 minutes', ends_at = now() + interval '55 minutes' where id = ${id}`;
    const early = await api.call('POST', `/api/v1/bookings/${id}/no-show`, {
      tenant: s.slug,
      token: s.instructor.token,
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('scheduling.too_early');
    const earliest = Date.parse(early.body.earliest as string);
    // Fifteen minutes' grace after a start five minutes ago: about ten minutes from now.
    expect(earliest - Date.now()).toBeGreaterThan(8 * 60_000);
    expect(earliest - Date.now()).toBeLessThan(11 * 60_000);

    const foreign = await api.call('POST', `/api/v1/bookings/${id}/complete`, {
      tenant: other.slug,
      token: other.ownerToken,
    });
    expect(foreign.status).toBe(404);
    const after = await api.call('GET', `/api/v1/bookings/${id}`, { tenant: s.slug, token: s.ownerToken });
    expect(after.body.status).toBe('confirmed');
  });
});
