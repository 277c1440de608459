import { createSchedulingSchool, type SchedulingSchool, type TestApi } from './scheduling-fixture.ts';

export type GroupSchool = Awaited<ReturnType<typeof createGroupSchool>>;

/**
 * A school (createSchedulingSchool: two instructors working round the clock, three students) with
 * a group lesson type of `capacity` seats at 3000 a seat, and helpers to open a session, take and
 * give up seats through the public API.
 */
export async function createGroupSchool(
  api: TestApi,
  slug: string,
  opts: { capacity?: number; policies?: Record<string, unknown> } = {},
) {
  const school = await createSchedulingSchool(api, slug, {
    hours: { start: '00:00', end: '24:00' },
    policies: { minimumNoticeHours: 0, ...opts.policies },
  });
  const call = (method: string, path: string, token: string, body?: unknown) =>
    api.call(method, path, { tenant: slug, token, ...(body !== undefined ? { body } : {}) });
  const type = await call('POST', '/api/v1/lesson-types', school.ownerToken, {
    name: 'Motorway group session',
    durationMinutes: 60,
    priceMinor: 3000,
    capacity: opts.capacity ?? 4,
  });
  if (type.status !== 201) throw new Error(`lesson type: ${type.status} ${JSON.stringify(type.body)}`);
  const groupTypeId = type.body.id as string;

  /** A session opened by `by` (a student for themselves, or the office for `studentId`). */
  async function open(
    by: { token: string },
    start: string,
    opts: { studentId?: string; instructorId?: string } = {},
  ) {
    const res = await call('POST', '/api/v1/bookings', by.token, {
      instructorId: opts.instructorId ?? school.instructor.id,
      ...(opts.studentId ? { studentId: opts.studentId } : {}),
      start,
      durationMinutes: 60,
      lessonTypeId: groupTypeId,
    });
    if (res.status !== 201) throw new Error(`open: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as BookingBody;
  }
  const take = (bookingId: string, token: string, studentId?: string) =>
    call('POST', `/api/v1/bookings/${bookingId}/participants`, token, studentId ? { studentId } : undefined);
  const leave = (bookingId: string, studentId: string, token: string) =>
    call('DELETE', `/api/v1/bookings/${bookingId}/participants/${studentId}`, token);

  return { ...school, call, groupTypeId, open, take, leave };
}

export type BookingBody = {
  id: string;
  status: string;
  studentId: string;
  capacity: number;
  priceMinor: number;
  seats?: {
    booked: number;
    participants: { studentId: string; status: string; cancellationFeeMinor: number | null }[];
  };
};

/** More students at the school (each with a session token), for seats to fill. */
export async function addStudents(api: TestApi, school: SchedulingSchool, n: number, prefix: string) {
  const people = [];
  for (let i = 0; i < n; i++) {
    people.push(await api.addPerson(school.slug, school.ownerToken, 'students', `${prefix} ${i}`));
  }
  return people;
}
