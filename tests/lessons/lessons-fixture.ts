import { parseKeyring } from '@dualcontrol/db';
import { lessonsModule } from '@dualcontrol/lessons';
import { createLogger, createOutboxDispatcher } from '@dualcontrol/platform';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  startAhead,
  type TestApi,
} from '../scheduling/scheduling-fixture.ts';

/** Delivers pending domain events through the lessons module's real handlers (as the worker does). */
export function dispatchLessons(api: TestApi) {
  const log = createLogger('silent');
  const handlers = lessonsModule.subscriptions!({
    env: api.tdb.env,
    keyring: parseKeyring(api.tdb.env.ENCRYPTION_KEYS),
    db: api.tdb.db,
    log,
  }).map((h) => ({ ...h, moduleId: 'lessons' }));
  return createOutboxDispatcher({ platformDb: api.tdb.platformDb, db: api.tdb.db, handlers, log }).drain();
}

export type LessonsSchool = Awaited<ReturnType<typeof createLessonsSchool>>;
type Person = SchedulingSchool['students'][number];

/**
 * A school with scheduling set up (createSchedulingSchool: two instructors, three students) and
 * helpers to teach lessons the way the product does — book, confirm, let the time pass, complete,
 * deliver `booking.completed` — and to call the API as anyone.
 */
export async function createLessonsSchool(api: TestApi, slug: string, opts: { timezone?: string } = {}) {
  const school = await createSchedulingSchool(api, slug, {
    hours: { start: '00:00', end: '24:00' },
    policies: { minimumNoticeHours: 0, studentMaxPerDay: 10, studentMaxPerWeek: 60 },
    ...(opts.timezone ? { timezone: opts.timezone } : {}),
  });
  const call = (method: string, path: string, token: string, body?: unknown) =>
    api.call(method, path, { tenant: slug, token, ...(body !== undefined ? { body } : {}) });
  const expectOk = async (res: Promise<Awaited<ReturnType<typeof call>>>, status: number, what: string) => {
    const r = await res;
    if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  let taught = 0;
  /**
   * A lesson taught `daysAgo` days ago (booked ahead, confirmed, moved into the past, completed by
   * its instructor): returns the booking id. The lesson row appears once events are dispatched.
   */
  async function teach(
    student: Person,
    opts: { instructor?: Person; daysAgo?: number; minutes?: number } = {},
  ) {
    const instructor = opts.instructor ?? school.instructor;
    const n = taught++;
    const start = startAhead(
      school.timezone,
      3 + (n % 20),
      `${String(6 + Math.floor(n / 20)).padStart(2, '0')}:00`,
    );
    const booking = await expectOk(
      call('POST', '/api/v1/bookings', school.ownerToken, {
        instructorId: instructor.id,
        studentId: student.id,
        start,
        durationMinutes: opts.minutes ?? 60,
      }),
      201,
      'book',
    );
    await expectOk(call('POST', `/api/v1/bookings/${booking.id}/confirm`, instructor.token), 200, 'confirm');
    const daysAgo = opts.daysAgo ?? 1;
    await api.tdb.owner`update bookings
      set starts_at = now() - make_interval(days => ${daysAgo}) - make_interval(mins => ${n}),
          ends_at = now() - make_interval(days => ${daysAgo}) - make_interval(mins => ${n}) + make_interval(mins => ${opts.minutes ?? 60})
      where id = ${booking.id}`;
    await expectOk(
      call('POST', `/api/v1/bookings/${booking.id}/complete`, instructor.token),
      200,
      'complete',
    );
    return booking.id as string;
  }

  /** Teaches and dispatches: the lesson id of a freshly taught lesson. */
  async function lesson(student: Person, opts: Parameters<typeof teach>[1] = {}) {
    const bookingId = await teach(student, opts);
    await dispatchLessons(api);
    const [row] = await api.tdb.owner<
      { id: string }[]
    >`select id from lessons where booking_id = ${bookingId}`;
    if (!row) throw new Error(`no lesson for booking ${bookingId}`);
    return row.id;
  }

  /** The school's active skills in syllabus order. */
  async function skills(): Promise<
    { id: string; categoryId: string; name: string; templateKey: string | null }[]
  > {
    const body = await expectOk(call('GET', '/api/v1/syllabus', school.ownerToken), 200, 'syllabus');
    return body.categories.flatMap(
      (c: { skills: { id: string; name: string; templateKey: string | null; retiredAt: string | null }[] }) =>
        c.skills.filter((s) => s.retiredAt === null),
    );
  }

  return { ...school, call, expectOk, teach, lesson, skills };
}

export { createTestApi, type TestApi };
