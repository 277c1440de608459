import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAhead } from '../scheduling/scheduling-fixture.ts';
import {
  type CrmSchool,
  createCrmSchool,
  createTestApi,
  dispatchCrm,
  eventsOf,
  type TestApi,
} from './crm-fixture.ts';

/**
 * Matching an enquiry to instructors (working area by postcode, gearbox, free weekly capacity from
 * scheduling's slot engine), offering a trial lesson through scheduling, and offering a passed
 * learner's freed slot to the best waiting enquiry.
 */
describe('crm matching', () => {
  let api: TestApi;
  let s: CrmSchool;
  const setInstructor = (id: string, postcodes: string[] | null, transmissions: string[]) =>
    api.tdb
      .owner`update instructors set working_area = ${postcodes ? api.tdb.owner.json({ postcodes }) : null},
      transmissions = ${transmissions}::text[] where id = ${id}`;
  const matches = async (contactId: string) => {
    const res = await s.call('GET', `/api/v1/crm/contacts/${contactId}/matches`, s.ownerToken);
    expect(res.status).toBe(200);
    return res.body.data as { instructorId: string; area: string; freeHoursPerWeek: number }[];
  };
  beforeAll(async () => {
    api = await createTestApi();
    s = await createCrmSchool(api, 'crmmatch');
  });
  afterAll(() => api.close());

  it('ranks by area (district before area), keeps to the gearbox, drops instructors whose area leaves the postcode out', async () => {
    await setInstructor(s.instructor.id, ['N7', 'N19'], ['manual']);
    await setInstructor(s.otherInstructor.id, ['N'], ['manual', 'automatic']);
    const manual = await s.contact({
      name: 'Mo Manual',
      email: 'mo@example.com',
      postcode: 'N7 8AB',
      transmission: 'manual',
    });
    const ranked = await matches(manual.id);
    expect(ranked.map((m) => [m.instructorId, m.area])).toEqual([
      [s.instructor.id, 'district'],
      [s.otherInstructor.id, 'area'],
    ]);
    // Both work 24 hours a day in this fixture: seven days of 24 free hours, give or take today.
    expect(ranked[0]!.freeHoursPerWeek).toBeGreaterThan(100);
    const auto = await s.contact({
      name: 'Al Auto',
      email: 'al@example.com',
      postcode: 'N7 8AB',
      transmission: 'automatic',
    });
    expect((await matches(auto.id)).map((m) => m.instructorId)).toEqual([s.otherInstructor.id]);
    const east = await s.contact({
      name: 'Ed East',
      email: 'ed@example.com',
      postcode: 'E1 6AN',
      transmission: 'manual',
    });
    expect(await matches(east.id)).toEqual([]);
    // An instructor who lists no postcodes is a possible match, after those who list the district.
    await setInstructor(s.otherInstructor.id, null, ['manual']);
    expect((await matches(east.id)).map((m) => [m.instructorId, m.area])).toEqual([
      [s.otherInstructor.id, 'unknown'],
    ]);
  });

  it('between equal areas, the instructor with more free hours a week comes first', async () => {
    await setInstructor(s.instructor.id, ['N7'], ['manual']);
    await setInstructor(s.otherInstructor.id, ['N7'], ['manual']);
    const c = await s.contact({
      name: 'Cap City',
      email: 'cap@example.com',
      postcode: 'N7 0AA',
      transmission: 'manual',
    });
    // Ian gets six confirmed lessons in the coming weeks; Olga none.
    for (let d = 0; d < 6; d++) {
      const b = await s.expectOk(
        s.call('POST', '/api/v1/bookings', s.ownerToken, {
          instructorId: s.instructor.id,
          studentId: s.students[2]!.id,
          start: startAhead(s.timezone, 3 + d, '12:00'),
          durationMinutes: 120,
        }),
        201,
        'book',
      );
      await s.expectOk(
        s.call('POST', `/api/v1/bookings/${b.id}/confirm`, s.instructor.token),
        200,
        'confirm',
      );
    }
    const ranked = await matches(c.id);
    expect(ranked.map((m) => m.instructorId)).toEqual([s.otherInstructor.id, s.instructor.id]);
    // 12 booked hours over 4 weeks: 3 fewer free hours a week.
    expect(ranked[0]!.freeHoursPerWeek - ranked[1]!.freeHoursPerWeek).toBeCloseTo(3, 0);
  });

  it('offers a trial lesson: a booking through scheduling and the contact moves to trial_lesson; not for a non-student', async () => {
    const sam = s.students[0]!;
    const c = await s.contact({ name: 'Sam', studentId: sam.id, postcode: 'N7 8AB', transmission: 'manual' });
    const start = startAhead(s.timezone, 9, '09:00');
    const res = await s.call('POST', `/api/v1/crm/contacts/${c.id}/trial-lesson`, s.ownerToken, {
      instructorId: s.instructor.id,
      start,
    });
    expect(res.status).toBe(201);
    expect(res.body.contact.stage).toBe('trial_lesson');
    const booking = await s.call('GET', `/api/v1/bookings/${res.body.bookingId}`, s.ownerToken);
    expect(booking.body).toMatchObject({ studentId: sam.id, instructorId: s.instructor.id });
    // The same time again is taken: scheduling's 409, and the stage does not move.
    const again = await s.call('POST', `/api/v1/crm/contacts/${c.id}/trial-lesson`, s.ownerToken, {
      instructorId: s.instructor.id,
      start,
    });
    expect(again.status).toBe(409);
    const enquiry = await s.contact({ name: 'Not Yet', email: 'notyet@example.com' });
    const refused = await s.call('POST', `/api/v1/crm/contacts/${enquiry.id}/trial-lesson`, s.ownerToken, {
      instructorId: s.instructor.id,
      start: startAhead(s.timezone, 10, '09:00'),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('crm.contact_not_a_student');
  });

  it('a learner passing frees their instructor’s slot: the best waiting enquiry gets a task and crm.slot_offered', async () => {
    await setInstructor(s.instructor.id, ['N7'], ['manual']);
    const sue = s.students[1]!;
    // Sue learns with Ian (a confirmed booking), then passes her practical test.
    const b = await s.expectOk(
      s.call('POST', '/api/v1/bookings', s.ownerToken, {
        instructorId: s.instructor.id,
        studentId: sue.id,
        start: startAhead(s.timezone, 12, '08:00'),
        durationMinutes: 60,
      }),
      201,
      'book',
    );
    await s.expectOk(s.call('POST', `/api/v1/bookings/${b.id}/confirm`, s.instructor.token), 200, 'confirm');
    // Waiting: an automatic learner (Ian teaches manual only), an N7 enquiry and an older N-area one.
    await s.contact({
      name: 'Wait Auto',
      email: 'wa@example.com',
      postcode: 'N7 1AA',
      transmission: 'automatic',
    });
    const best = await s.contact({
      name: 'Wait N7',
      email: 'wn7@example.com',
      postcode: 'N7 2BB',
      transmission: 'manual',
    });
    await dispatchCrm(api);
    await s.expectOk(
      s.call('POST', '/api/v1/documents', sue.token, {
        category: 'theory_certificate',
        issuedOn: '2026-06-01',
      }),
      201,
      'theory',
    );
    const testOn = new Intl.DateTimeFormat('en-CA', { timeZone: s.timezone }).format(new Date());
    const test = await s.expectOk(
      s.call('POST', `/api/v1/students/${sue.id}/tests`, s.ownerToken, { kind: 'practical', testOn }),
      201,
      'test',
    );
    await s.expectOk(
      s.call('POST', `/api/v1/tests/${test.id}/result`, s.ownerToken, { result: 'passed' }),
      200,
      'pass',
    );
    await dispatchCrm(api);
    const offered = (await eventsOf(api, 'crm.slot_offered')).map((e) => e.payload);
    expect(offered).toHaveLength(1);
    // Mo Manual (N7, manual, from the first test) has waited longer than Wait N7 at the same district.
    const [mo] = await api.tdb.owner<
      { id: string }[]
    >`select id from crm_contacts where email = 'mo@example.com'`;
    expect(offered[0]).toMatchObject({
      contactId: mo!.id,
      instructorId: s.instructor.id,
      freedByStudentId: sue.id,
    });
    const tasks = await s.call('GET', `/api/v1/crm/tasks?contactId=${mo!.id}`, s.ownerToken);
    expect(tasks.body.data).toEqual([
      expect.objectContaining({ kind: 'slot_offer', id: offered[0]!.taskId }),
    ]);
    const other = await s.call('GET', `/api/v1/crm/tasks?contactId=${best.id}`, s.ownerToken);
    expect(other.body.data).toEqual([]);
  });
});
