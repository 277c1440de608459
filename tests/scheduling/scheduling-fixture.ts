import { createTestApi, type TestApi } from '@dualcontrol/api/testing';
import { DateTime } from 'luxon';

export type SchedulingSchool = Awaited<ReturnType<typeof createSchedulingSchool>>;

/**
 * A school (through the public API) with one instructor working the given weekly hours, three
 * students, and a priced lesson type; everything a booking test needs.
 */
export async function createSchedulingSchool(
  api: TestApi,
  slug: string,
  opts: {
    timezone?: string;
    hours?: { start: string; end: string };
    policies?: Record<string, unknown>;
  } = {},
) {
  const timezone = opts.timezone ?? 'Europe/London';
  const school = await api.createSchool(slug, { timezone });
  if (opts.policies) {
    await api.tdb.platformDb
      .sql`update tenants set policies = ${JSON.stringify(opts.policies)}::jsonb where slug = ${slug}`;
  }
  const instructor = await api.addPerson(slug, school.ownerToken, 'instructors', `Ian ${slug}`);
  const otherInstructor = await api.addPerson(slug, school.ownerToken, 'instructors', `Olga ${slug}`);
  const [s1, s2, s3] = [
    await api.addPerson(slug, school.ownerToken, 'students', `Sam ${slug}`),
    await api.addPerson(slug, school.ownerToken, 'students', `Sue ${slug}`),
    await api.addPerson(slug, school.ownerToken, 'students', `Sid ${slug}`),
  ];
  const hours = opts.hours ?? { start: '09:00', end: '17:00' };
  const weekly = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, ...hours }));
  for (const who of [instructor, otherInstructor]) {
    const res = await api.call('PUT', `/api/v1/instructors/${who.id}/availability`, {
      tenant: slug,
      token: who.token,
      body: { timezone, weekly },
    });
    if (res.status !== 200) throw new Error(`availability: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const [lessonType] = await api.tdb.platformDb.sql<{ id: string }[]>`
    insert into lesson_types (tenant_id, name, duration_minutes, price_minor, buffer_after_minutes)
    values (${school.tenant.id}, 'Standard lesson', 60, 4500, 0) returning id`;
  return {
    ...school,
    slug,
    timezone,
    instructor,
    otherInstructor,
    students: [s1!, s2!, s3!],
    lessonTypeId: lessonType!.id,
  };
}

/** A grid-aligned start `hoursAhead` from now, inside [09:00, 16:00] local unless told otherwise. */
export function startAhead(timezone: string, daysAhead: number, localTime = '10:00'): string {
  const [h, m] = localTime.split(':').map(Number);
  return DateTime.now()
    .setZone(timezone)
    .plus({ days: daysAhead })
    .set({ hour: h!, minute: m!, second: 0, millisecond: 0 })
    .toUTC()
    .toISO({ suppressMilliseconds: true })!;
}

/** The next start on a 15-minute grid at least `hours` from now. */
export function gridStartIn(hours: number): string {
  const ms = Date.now() + hours * 3_600_000;
  const step = 15 * 60_000;
  return new Date(Math.ceil(ms / step) * step).toISOString().replace('.000Z', 'Z');
}

export { createTestApi, type TestApi };
