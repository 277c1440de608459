import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  startAhead,
  type TestApi,
} from './scheduling-fixture.ts';

describe('school-wide slot search (any instructor)', () => {
  let api: TestApi;
  let s: SchedulingSchool;
  let automaticType: string;
  const day = () => DateTime.now().setZone('Europe/London').plus({ days: 4 }).toISODate()!;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createSchedulingSchool(api, 'searchschool');
    // Olga teaches automatic only; Ian keeps the default (manual).
    await api.tdb.platformDb
      .sql`update instructors set transmissions = '{automatic}' where id = ${s.otherInstructor.id}`;
    const created = await api.call('POST', '/api/v1/lesson-types', {
      tenant: 'searchschool',
      token: s.ownerToken,
      body: { name: 'Automatic lesson', durationMinutes: 60, priceMinor: 5000, transmission: 'automatic' },
    });
    automaticType = created.body.id;
  });
  afterAll(() => api.close());

  const search = (query: string) =>
    api.call('GET', `/api/v1/slots?from=${day()}&to=${day()}${query}`, {
      tenant: 'searchschool',
      token: s.students[0].token,
    });

  it('lists every fitting instructor’s slots, in start order', async () => {
    const res = await search('&duration=60');
    expect(res.status).toBe(200);
    const count = (id: string) =>
      res.body.slots.filter((x: { instructorId: string }) => x.instructorId === id).length;
    expect(count(s.instructor.id)).toBe(29);
    expect(count(s.otherInstructor.id)).toBe(29);
    expect(res.body.slots).toHaveLength(58);
    const starts = res.body.slots.map((x: { start: string }) => Date.parse(x.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('filters by the lesson type’s transmission, or an explicit one', async () => {
    const auto = await search(`&duration=60&lessonTypeId=${automaticType}`);
    expect(new Set(auto.body.slots.map((x: { instructorId: string }) => x.instructorId))).toEqual(
      new Set([s.otherInstructor.id]),
    );
    const manual = await search('&duration=60&transmission=manual');
    expect(new Set(manual.body.slots.map((x: { instructorId: string }) => x.instructorId))).toEqual(
      new Set([s.instructor.id]),
    );
  });

  it('a booked slot drops out for that instructor only', async () => {
    const start = startAhead('Europe/London', 4, '10:00');
    const booked = await api.call('POST', '/api/v1/bookings', {
      tenant: 'searchschool',
      token: s.students[1].token,
      body: { instructorId: s.instructor.id, start, durationMinutes: 60 },
    });
    expect(booked.status).toBe(201);
    const res = await search('&duration=60');
    const at = res.body.slots.filter((x: { start: string }) => x.start === new Date(start).toISOString());
    expect(at.map((x: { instructorId: string }) => x.instructorId)).toEqual([s.otherInstructor.id]);
  });

  it('leaves out instructors whose working area does not reach the pickup point', async () => {
    const pickup = await api.call('POST', '/api/v1/locations', {
      tenant: 'searchschool',
      token: s.ownerToken,
      body: { kind: 'pickup', name: 'Far away', address: 'Edge of town', lat: 53.9, lng: -1.2 },
    });
    // Ian covers 10 km around central Leeds (the pickup is ~25 km away); Olga declares no area.
    await api.call('PATCH', `/api/v1/instructors/${s.instructor.id}`, {
      tenant: 'searchschool',
      token: s.instructor.token,
      body: { workingArea: { lat: 53.8, lng: -1.55, radiusKm: 10 } },
    });
    const res = await search(`&duration=60&pickupLocationId=${pickup.body.id}`);
    expect(new Set(res.body.slots.map((x: { instructorId: string }) => x.instructorId))).toEqual(
      new Set([s.otherInstructor.id]),
    );
  });

  it('rejects a range over 14 days and a lesson type of another school', async () => {
    const far = DateTime.now().plus({ days: 30 }).toISODate();
    expect(
      (
        await api.call('GET', `/api/v1/slots?from=${day()}&to=${far}`, {
          tenant: 'searchschool',
          token: s.ownerToken,
        })
      ).status,
    ).toBe(400);
    const other = await createSchedulingSchool(api, 'searchother');
    const res = await search(`&duration=60&lessonTypeId=${other.lessonTypeId}`);
    expect(res.status).toBe(404);
  });
});
