import { oneRow } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  gridStartIn,
  type SchedulingSchool,
  type TestApi,
} from './scheduling-fixture.ts';

describe('cancellation fees (free ≥ 48 h, 50 % ≥ 24 h, 100 % after)', () => {
  let api: TestApi;
  let s: SchedulingSchool;
  beforeAll(async () => {
    api = await createTestApi();
    // Round-the-clock hours and a short notice, so lessons can sit in every fee tier from now.
    s = await createSchedulingSchool(api, 'feeschool', {
      hours: { start: '00:00', end: '24:00' },
      policies: { minimumNoticeHours: 1, studentMaxPerDay: 10 },
    });
  });
  afterAll(() => api.close());

  async function confirmedLesson(hoursAhead: number, studentIndex: number) {
    const student = s.students[studentIndex]!;
    const res = await api.call('POST', '/api/v1/bookings', {
      tenant: 'feeschool',
      token: student.token,
      body: {
        instructorId: s.instructor.id,
        start: gridStartIn(hoursAhead),
        durationMinutes: 60,
        lessonTypeId: s.lessonTypeId,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.priceMinor).toBe(4500);
    const confirmed = await api.call('POST', `/api/v1/bookings/${res.body.id}/confirm`, {
      tenant: 'feeschool',
      token: s.instructor.token,
    });
    expect(confirmed.body.status).toBe('confirmed');
    return { id: res.body.id as string, token: student.token };
  }

  it.each([
    [72, 0],
    [30, 2250],
    [3, 4500],
  ])('a student cancelling %s h before pays %s', async (hours, fee) => {
    const lesson = await confirmedLesson(hours, 0);
    // The quote shown before the student confirms is what the cancellation then charges.
    const quote = await api.call('GET', `/api/v1/bookings/${lesson.id}/cancellation`, {
      tenant: 'feeschool',
      token: lesson.token,
    });
    expect(quote.body).toMatchObject({ cancellable: true, feeMinor: fee, currency: 'GBP' });
    const asInstructor = await api.call('GET', `/api/v1/bookings/${lesson.id}/cancellation`, {
      tenant: 'feeschool',
      token: s.instructor.token,
    });
    expect(asInstructor.body.feeMinor).toBe(0);
    // Another student of the school sees no such booking (another school's session is refused: unauthorized-access suite).
    const otherStudent = await api.call('GET', `/api/v1/bookings/${lesson.id}/cancellation`, {
      tenant: 'feeschool',
      token: s.students[1].token,
    });
    expect(otherStudent.status).toBe(404);
    const res = await api.call('POST', `/api/v1/bookings/${lesson.id}/cancel`, {
      tenant: 'feeschool',
      token: lesson.token,
      body: { reason: 'ill' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancellationFeeMinor: fee });
    const change = await oneRow(
      api.tdb
        .owner`select fee_minor, reason from booking_changes where booking_id = ${lesson.id} and action = 'cancelled'`,
    );
    expect(change).toEqual({ fee_minor: fee, reason: 'ill' });
    const event = await oneRow(
      api.tdb
        .owner`select payload from outbox_events where type = 'booking.cancelled' and payload->>'bookingId' = ${lesson.id}`,
    );
    expect(event.payload).toMatchObject({ feeMinor: fee, currency: 'GBP', previousStatus: 'confirmed' });
  });

  it('the instructor cancelling late charges the student nothing', async () => {
    const lesson = await confirmedLesson(5, 1);
    const res = await api.call('POST', `/api/v1/bookings/${lesson.id}/cancel`, {
      tenant: 'feeschool',
      token: s.instructor.token,
    });
    expect(res.body).toMatchObject({ status: 'cancelled', cancellationFeeMinor: 0 });
  });

  it('a cancelled lesson cannot be cancelled again, and its slot is free again', async () => {
    const lesson = await confirmedLesson(80, 2);
    await api.call('POST', `/api/v1/bookings/${lesson.id}/cancel`, {
      tenant: 'feeschool',
      token: lesson.token,
    });
    const again = await api.call('POST', `/api/v1/bookings/${lesson.id}/cancel`, {
      tenant: 'feeschool',
      token: lesson.token,
    });
    expect(again.status).toBe(409);
    const rebook = await api.call('POST', '/api/v1/bookings', {
      tenant: 'feeschool',
      token: s.students[1]!.token,
      body: { instructorId: s.instructor.id, start: gridStartIn(80), durationMinutes: 60 },
    });
    expect(rebook.status).toBe(201);
  });
});
