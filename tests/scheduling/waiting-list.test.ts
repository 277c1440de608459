import { parseKeyring } from '@dualcontrol/db';
import { createLogger, createOutboxDispatcher } from '@dualcontrol/platform';
import { schedulingModule } from '@dualcontrol/scheduling';
import { oneRow } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  startAhead,
  type TestApi,
} from './scheduling-fixture.ts';

describe('waiting list', () => {
  let api: TestApi;
  let s: SchedulingSchool;
  let other: SchedulingSchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createSchedulingSchool(api, 'waitschool');
    other = await createSchedulingSchool(api, 'waitother');
  });
  afterAll(() => api.close());

  /** Delivers pending domain events through the module's real handlers (as the worker does). */
  const dispatch = () =>
    createOutboxDispatcher({
      platformDb: api.tdb.platformDb,
      db: api.tdb.db,
      handlers: schedulingModule.subscriptions!({
        env: api.tdb.env,
        keyring: parseKeyring(api.tdb.env.ENCRYPTION_KEYS),
        db: api.tdb.db,
        log: createLogger('silent'),
      }).map((h) => ({
        ...h,
        moduleId: 'scheduling',
      })),
      log: createLogger('silent'),
    }).drain();

  it('a cancelled lesson is offered to those waiting; the first to accept gets it', async () => {
    const start = startAhead('Europe/London', 5, '10:00');
    const booked = await api.call('POST', '/api/v1/bookings', {
      tenant: 'waitschool',
      token: s.students[0].token,
      body: { instructorId: s.instructor.id, start, durationMinutes: 60 },
    });
    const window = {
      windowStart: startAhead('Europe/London', 5, '09:00'),
      windowEnd: startAhead('Europe/London', 5, '12:00'),
      durationMinutes: 60,
    };
    const e1 = await api.call('POST', '/api/v1/waiting-list', {
      tenant: 'waitschool',
      token: s.students[1].token,
      body: { ...window, instructorId: s.instructor.id },
    });
    const e2 = await api.call('POST', '/api/v1/waiting-list', {
      tenant: 'waitschool',
      token: s.students[2].token,
      body: window,
    });
    expect(e1.status).toBe(201);
    expect(e2.body).toMatchObject({ status: 'waiting', instructorId: null });

    await api.call('POST', `/api/v1/bookings/${booked.body.id}/cancel`, {
      tenant: 'waitschool',
      token: s.students[0].token,
    });
    await dispatch();
    const mine = await api.call('GET', '/api/v1/waiting-list', {
      tenant: 'waitschool',
      token: s.students[2].token,
    });
    expect(mine.body.data).toEqual([
      expect.objectContaining({
        id: e2.body.id,
        status: 'offered',
        offeredStart: new Date(start).toISOString(),
        instructorId: s.instructor.id,
      }),
    ]);
    const offers = await oneRow(
      api.tdb.owner`select count(*)::int as n from outbox_events where type = 'waiting_list.slot_offered'`,
    );
    expect(offers.n).toBe(2);
    // Delivered twice (at-least-once), offered once.
    await api.tdb.owner`update outbox_events set dispatched_at = null where type = 'booking.cancelled'`;
    await dispatch();
    expect(
      (
        await oneRow(
          api.tdb
            .owner`select count(*)::int as n from outbox_events where type = 'waiting_list.slot_offered'`,
        )
      ).n,
    ).toBe(2);

    const [first, second] = await Promise.all([
      api.call('POST', `/api/v1/waiting-list/${e2.body.id}/accept`, {
        tenant: 'waitschool',
        token: s.students[2].token,
      }),
      api.call('POST', `/api/v1/waiting-list/${e1.body.id}/accept`, {
        tenant: 'waitschool',
        token: s.students[1].token,
      }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
  });

  it('student A versus B and tenant A versus B: entries are private', async () => {
    const entry = await api.call('POST', '/api/v1/waiting-list', {
      tenant: 'waitschool',
      token: s.students[0].token,
      body: {
        windowStart: startAhead('Europe/London', 8, '09:00'),
        windowEnd: startAhead('Europe/London', 8, '17:00'),
        durationMinutes: 60,
      },
    });
    expect(
      (
        await api.call('DELETE', `/api/v1/waiting-list/${entry.body.id}`, {
          tenant: 'waitschool',
          token: s.students[1].token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.call('POST', `/api/v1/waiting-list/${entry.body.id}/accept`, {
          tenant: 'waitschool',
          token: s.students[1].token,
        })
      ).status,
    ).toBe(404);
    const theirs = await api.call('GET', '/api/v1/waiting-list', {
      tenant: 'waitschool',
      token: s.students[1].token,
    });
    expect(theirs.body.data.map((e: { id: string }) => e.id)).not.toContain(entry.body.id);
    expect(
      (
        await api.call('DELETE', `/api/v1/waiting-list/${entry.body.id}`, {
          tenant: 'waitother',
          token: other.ownerToken,
        })
      ).status,
    ).toBe(404);
    const forSomeoneElse = await api.call('POST', '/api/v1/waiting-list', {
      tenant: 'waitschool',
      token: s.students[1].token,
      body: {
        studentId: s.students[0].id,
        windowStart: startAhead('Europe/London', 8, '09:00'),
        windowEnd: startAhead('Europe/London', 8, '17:00'),
        durationMinutes: 60,
      },
    });
    expect(forSomeoneElse.status).toBe(403);
    expect(
      (
        await api.call('DELETE', `/api/v1/waiting-list/${entry.body.id}`, {
          tenant: 'waitschool',
          token: s.students[0].token,
        })
      ).status,
    ).toBe(204);
  });
});
