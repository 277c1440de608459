import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  startAhead,
  type TestApi,
} from './scheduling-fixture.ts';

describe('instructor reviews', () => {
  let api: TestApi;
  let s: SchedulingSchool;
  let other: SchedulingSchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createSchedulingSchool(api, 'reviewschool');
    other = await createSchedulingSchool(api, 'reviewother');
  });
  afterAll(() => api.close());

  async function completedLesson(studentIndex: number, day: number): Promise<string> {
    const res = await api.call('POST', '/api/v1/bookings', {
      tenant: 'reviewschool',
      token: s.students[studentIndex]!.token,
      body: {
        instructorId: s.instructor.id,
        start: startAhead('Europe/London', day, '10:00'),
        durationMinutes: 60,
      },
    });
    await api.call('POST', `/api/v1/bookings/${res.body.id}/confirm`, {
      tenant: 'reviewschool',
      token: s.instructor.token,
    });
    // The lesson's time passes (the clock cannot be moved here), then the instructor marks it taught.
    await api.tdb
      .owner`update bookings set starts_at = now() - interval '2 hours' - ${day} * interval '1 day',
      ends_at = now() - interval '1 hour' - ${day} * interval '1 day' where id = ${res.body.id}`;
    const done = await api.call('POST', `/api/v1/bookings/${res.body.id}/complete`, {
      tenant: 'reviewschool',
      token: s.instructor.token,
    });
    expect(done.body.status).toBe('completed');
    return res.body.id;
  }

  it('the student of a completed lesson reviews it once; the average follows', async () => {
    const l1 = await completedLesson(0, 5);
    const l2 = await completedLesson(1, 6);
    const path = (id: string) => `/api/v1/bookings/${id}/review`;
    expect(
      (
        await api.call('POST', path(l1), {
          tenant: 'reviewschool',
          token: s.students[0].token,
          body: { rating: 5, comment: 'Calm and clear' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api.call('POST', path(l1), {
          tenant: 'reviewschool',
          token: s.students[0].token,
          body: { rating: 1 },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await api.call('POST', path(l2), {
          tenant: 'reviewschool',
          token: s.students[0].token,
          body: { rating: 1 },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.call('POST', path(l2), {
          tenant: 'reviewschool',
          token: s.instructor.token,
          body: { rating: 5 },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api.call('POST', path(l2), {
          tenant: 'reviewschool',
          token: s.students[1].token,
          body: { rating: 6 },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api.call('POST', path(l2), {
          tenant: 'reviewschool',
          token: s.students[1].token,
          body: { rating: 4 },
        })
      ).status,
    ).toBe(201);
    const list = await api.call('GET', `/api/v1/instructors/${s.instructor.id}/reviews`, {
      tenant: 'reviewschool',
      token: s.students[2].token,
    });
    expect(list.body).toMatchObject({ count: 2, averageRating: 4.5 });
    expect(list.body.data.map((r: { rating: number }) => r.rating).sort()).toEqual([4, 5]);
    // Another school sees neither the instructor nor the reviews.
    expect(
      (
        await api.call('GET', `/api/v1/instructors/${s.instructor.id}/reviews`, {
          tenant: 'reviewother',
          token: other.ownerToken,
        })
      ).status,
    ).toBe(404);
  });

  it('a lesson not yet taught cannot be reviewed', async () => {
    const res = await api.call('POST', '/api/v1/bookings', {
      tenant: 'reviewschool',
      token: s.students[2].token,
      body: {
        instructorId: s.instructor.id,
        start: startAhead('Europe/London', 9, '10:00'),
        durationMinutes: 60,
      },
    });
    const review = await api.call('POST', `/api/v1/bookings/${res.body.id}/review`, {
      tenant: 'reviewschool',
      token: s.students[2].token,
      body: { rating: 5 },
    });
    expect(review.status).toBe(409);
    expect(review.body.code).toBe('scheduling.not_completed');
  });
});
