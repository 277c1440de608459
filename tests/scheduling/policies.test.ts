import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  gridStartIn,
  type SchedulingSchool,
  type TestApi,
} from './scheduling-fixture.ts';

describe('scheduling policies', () => {
  let api: TestApi;
  let a: SchedulingSchool;
  let b: SchedulingSchool;
  beforeAll(async () => {
    api = await createTestApi();
    a = await createSchedulingSchool(api, 'policya', { hours: { start: '00:00', end: '24:00' } });
    b = await createSchedulingSchool(api, 'policyb', { hours: { start: '00:00', end: '24:00' } });
  });
  afterAll(() => api.close());

  it('start from the defaults, change field by field, and take effect at once', async () => {
    const before = await api.call('GET', '/api/v1/scheduling/policies', {
      tenant: 'policya',
      token: a.students[0].token,
    });
    expect(before.body).toMatchObject({
      bookingConfirmation: 'manual',
      minimumNoticeHours: 12,
      cancellationTiers: expect.any(Array),
    });
    // 3 hours ahead is inside the default 12-hour notice: refused.
    const tooSoon = await api.call('POST', '/api/v1/bookings', {
      tenant: 'policya',
      token: a.students[0].token,
      body: { instructorId: a.instructor.id, start: gridStartIn(3), durationMinutes: 60 },
    });
    expect(tooSoon.status).toBe(409);
    const changed = await api.call('PATCH', '/api/v1/scheduling/policies', {
      tenant: 'policya',
      token: a.ownerToken,
      body: { minimumNoticeHours: 2, bookingConfirmation: 'instant' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      minimumNoticeHours: 2,
      bookingConfirmation: 'instant',
      bookingHorizonDays: 60,
    });
    const booked = await api.call('POST', '/api/v1/bookings', {
      tenant: 'policya',
      token: a.students[0].token,
      body: { instructorId: a.instructor.id, start: gridStartIn(3), durationMinutes: 60 },
    });
    expect(booked.status).toBe(201);
    expect(booked.body.status).toBe('confirmed');
  });

  it('only staff change them; unknown or malformed fields are 400; another school is untouched', async () => {
    const bad = await api.call('PATCH', '/api/v1/scheduling/policies', {
      tenant: 'policya',
      token: a.ownerToken,
      body: { minimumNoticeHrs: 1, cancellationTiers: [{ hoursBefore: -1, feePercent: 150 }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      [
        'body.cancellationTiers.0.feePercent',
        'body.cancellationTiers.0.hoursBefore',
        'body.minimumNoticeHrs',
      ].sort(),
    );
    const student = await api.call('PATCH', '/api/v1/scheduling/policies', {
      tenant: 'policya',
      token: a.students[0].token,
      body: { minimumNoticeHours: 0 },
    });
    expect(student.status).toBe(403);
    const other = await api.call('GET', '/api/v1/scheduling/policies', {
      tenant: 'policyb',
      token: b.ownerToken,
    });
    expect(other.body).toMatchObject({ minimumNoticeHours: 12, bookingConfirmation: 'manual' });
  });
});
