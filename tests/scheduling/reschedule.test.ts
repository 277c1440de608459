import { oneRow } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  startAhead,
  type TestApi,
} from './scheduling-fixture.ts';

describe('reschedule, complete, no-show', () => {
  let api: TestApi;
  let s: SchedulingSchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createSchedulingSchool(api, 'moveschool', {
      policies: { rescheduleLimit: 2, minimumNoticeHours: 12 },
    });
  });
  afterAll(() => api.close());

  const book = async (studentIndex: number, start: string) => {
    const res = await api.call('POST', '/api/v1/bookings', {
      tenant: 'moveschool',
      token: s.students[studentIndex]!.token,
      body: { instructorId: s.instructor.id, start, durationMinutes: 60 },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const move = (id: string, token: string, start: string) =>
    api.call('POST', `/api/v1/bookings/${id}/reschedule`, { tenant: 'moveschool', token, body: { start } });

  it('a student moves their lesson to a free start (even overlapping its old time); the limit then applies', async () => {
    const id = await book(0, startAhead('Europe/London', 5, '10:00'));
    const first = await move(id, s.students[0].token, startAhead('Europe/London', 5, '10:30'));
    expect(first.status).toBe(200);
    expect(first.body.start).toBe(new Date(startAhead('Europe/London', 5, '10:30')).toISOString());
    const change = await oneRow(
      api.tdb
        .owner`select previous_starts_at from booking_changes where booking_id = ${id} and action = 'rescheduled'`,
    );
    expect(change.previous_starts_at.toISOString()).toBe(
      new Date(startAhead('Europe/London', 5, '10:00')).toISOString(),
    );
    expect((await move(id, s.students[0].token, startAhead('Europe/London', 5, '14:00'))).status).toBe(200);
    const third = await move(id, s.students[0].token, startAhead('Europe/London', 5, '15:00'));
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('scheduling.reschedule_limit');
    // Staff are not bound by the limit.
    expect((await move(id, s.ownerToken, startAhead('Europe/London', 5, '15:00'))).status).toBe(200);
    const event = await oneRow(
      api.tdb
        .owner`select count(*)::int as n from outbox_events where type = 'booking.rescheduled' and payload->>'bookingId' = ${id}`,
    );
    expect(event.n).toBe(3);
  });

  it('cannot move onto a taken or closed time, nor move someone else’s lesson', async () => {
    const mine = await book(1, startAhead('Europe/London', 6, '10:00'));
    await book(2, startAhead('Europe/London', 6, '12:00'));
    const taken = await move(mine, s.students[1].token, startAhead('Europe/London', 6, '12:30'));
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('scheduling.slot_taken');
    const night = await move(mine, s.students[1].token, startAhead('Europe/London', 6, '22:00'));
    expect(night.body.code).toBe('scheduling.outside_availability');
    expect((await move(mine, s.students[2].token, startAhead('Europe/London', 6, '15:00'))).status).toBe(404);
  });

  it('complete and no-show wait for the lesson’s time', async () => {
    const id = await book(0, startAhead('Europe/London', 7, '10:00'));
    await api.call('POST', `/api/v1/bookings/${id}/confirm`, {
      tenant: 'moveschool',
      token: s.instructor.token,
    });
    const early = await api.call('POST', `/api/v1/bookings/${id}/complete`, {
      tenant: 'moveschool',
      token: s.instructor.token,
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('scheduling.too_early');
    // Let the lesson's time pass (written behind the API's back: the clock cannot be moved here).
    await api.tdb
      .owner`update bookings set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' where id = ${id}`;
    expect(
      (
        await api.call('POST', `/api/v1/bookings/${id}/complete`, {
          tenant: 'moveschool',
          token: s.students[0].token,
        })
      ).status,
    ).toBe(403);
    const done = await api.call('POST', `/api/v1/bookings/${id}/complete`, {
      tenant: 'moveschool',
      token: s.instructor.token,
    });
    expect(done.body.status).toBe('completed');
    const event = await oneRow(
      api.tdb
        .owner`select count(*)::int as n from outbox_events where type = 'booking.completed' and payload->>'bookingId' = ${id}`,
    );
    expect(event.n).toBe(1);

    const missed = await book(1, startAhead('Europe/London', 7, '14:00'));
    await api.call('POST', `/api/v1/bookings/${missed}/confirm`, {
      tenant: 'moveschool',
      token: s.instructor.token,
    });
    await api.tdb
      .owner`update bookings set starts_at = now() - interval '5 minutes', ends_at = now() + interval '55 minutes' where id = ${missed}`;
    const tooSoon = await api.call('POST', `/api/v1/bookings/${missed}/no-show`, {
      tenant: 'moveschool',
      token: s.instructor.token,
    });
    expect(tooSoon.body.code).toBe('scheduling.too_early');
    await api.tdb
      .owner`update bookings set starts_at = now() - interval '20 minutes', ends_at = now() + interval '40 minutes' where id = ${missed}`;
    const noShow = await api.call('POST', `/api/v1/bookings/${missed}/no-show`, {
      tenant: 'moveschool',
      token: s.instructor.token,
    });
    expect(noShow.body.status).toBe('no_show');
  });
});
