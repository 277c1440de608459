import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  startAhead,
  type TestApi,
} from './scheduling-fixture.ts';

/** Moving a lesson is held to every rule booking it was, and its refusals say which rule. */
describe('reschedule applies the booking rules', () => {
  let api: TestApi;
  let s: SchedulingSchool;
  let leeds: string;
  let york: string;
  let car: string;
  const tz = 'Europe/London';
  beforeAll(async () => {
    api = await createTestApi();
    // Leeds to York is about 34 km: 52 minutes at 40 km/h.
    s = await createSchedulingSchool(api, 'moverules', {
      policies: { travel: { mode: 'estimate', averageKmh: 40 } },
    });
    const place = async (name: string, lat: number, lng: number) => {
      const [row] = await api.tdb.platformDb.sql<{ id: string }[]>`
        insert into locations (tenant_id, kind, name, address, lat, lng)
        values (${s.tenant.id}, 'pickup', ${name}, ${`${name} station`}, ${lat}, ${lng}) returning id`;
      return row!.id;
    };
    leeds = await place('Leeds', 53.7949, -1.5474);
    york = await place('York', 53.958, -1.093);
    const [vehicle] = await api.tdb.platformDb.sql<{ id: string }[]>`
      insert into vehicles (tenant_id, registration, make_model, transmission)
      values (${s.tenant.id}, 'DC24 CAR', 'Ford Fiesta', 'manual') returning id`;
    car = vehicle!.id;
  });
  afterAll(() => api.close());

  const book = async (student: number, instructorId: string, start: string, extra = {}) => {
    const res = await api.call('POST', '/api/v1/bookings', {
      tenant: 'moverules',
      token: s.students[student]!.token,
      body: { instructorId, start, durationMinutes: 60, ...extra },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const move = (id: string, start: string, token = s.ownerToken) =>
    api.call('POST', `/api/v1/bookings/${id}/reschedule`, { tenant: 'moverules', token, body: { start } });

  it('onto a day where the student already has their daily cap: 409 naming the limit', async () => {
    await book(0, s.otherInstructor.id, startAhead(tz, 4, '09:00'));
    await book(0, s.otherInstructor.id, startAhead(tz, 4, '11:00'));
    const id = await book(0, s.instructor.id, startAhead(tz, 5, '10:00'));
    const res = await move(id, startAhead(tz, 4, '14:00'), s.students[0].token);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'scheduling.student_limit', limit: 'studentMaxPerDay', value: 2 });
    // The lesson being moved does not count against its own day: moving it within it is fine.
    expect((await move(id, startAhead(tz, 5, '15:00'), s.students[0].token)).status).toBe(200);
  });

  it('refuses a time that leaves the instructor too little travel from the previous pickup', async () => {
    await book(1, s.instructor.id, startAhead(tz, 6, '09:00'), { pickupLocationId: leeds });
    const id = await book(2, s.instructor.id, startAhead(tz, 6, '14:00'), { pickupLocationId: york });
    const tooSoon = await move(id, startAhead(tz, 6, '10:00'));
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.code).toBe('scheduling.slot_taken');
    expect((await move(id, startAhead(tz, 6, '11:00'))).status).toBe(200);
  });

  it('into the student’s own other lesson: student_busy, not slot_taken', async () => {
    await book(1, s.otherInstructor.id, startAhead(tz, 7, '14:00'));
    const id = await book(1, s.instructor.id, startAhead(tz, 7, '10:00'));
    const res = await move(id, startAhead(tz, 7, '14:30'));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('scheduling.student_busy');
  });

  it('onto a time the car is out with another instructor: vehicle_busy, not slot_taken', async () => {
    await book(2, s.otherInstructor.id, startAhead(tz, 8, '14:00'), { vehicleId: car });
    const id = await book(0, s.instructor.id, startAhead(tz, 8, '10:00'), { vehicleId: car });
    const res = await move(id, startAhead(tz, 8, '14:00'));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('scheduling.vehicle_busy');
  });
});
