import { systemActor } from '@dualcontrol/db';
import {
  createPerson,
  createTenant,
  type Deps,
  loginUser,
  type ModuleRegistry,
  type PersonKind,
  type ResolvedTenant,
} from '@dualcontrol/platform';
import { call, type Json, localDate, mapLimit, random } from './bench-support.ts';

/** Setup for the scheduling benchmarks: schools, people, hours and bookings made for real. */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const iso = (at: number) => new Date(at).toISOString();
export const MON_SAT = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((day) => ({
  day,
  start: '08:00',
  end: '18:00',
}));
export const ROUND_THE_CLOCK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({
  day,
  start: '00:00',
  end: '24:00',
}));

export type School = { slug: string; tenant: ResolvedTenant; ownerToken: string; lessonTypeId: string };
export type Member = { id: string; token: string };

export function expectStatus(label: string, res: Json, status: number): void {
  if (res.status !== status)
    throw new Error(`${label}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
}

/** Fixture builders bound to one running API (setup goes through it where a user would). */
export function benchFixtures({
  deps,
  registry,
  apiPort,
}: {
  deps: Deps;
  registry: ModuleRegistry;
  apiPort: number;
}) {
  async function createSchool(slug: string, timezone: string, policies?: object): Promise<School> {
    const password = `${slug}-owner-password`;
    const email = `owner@${slug}.test`;
    const view = await createTenant(deps.platformDb, registry, systemActor, {
      slug,
      name: `${slug} Driving School`,
      timezone,
      currency: 'GBP',
      owner: { email, name: 'Owner', password },
    });
    const tenant: ResolvedTenant = {
      ...view,
      modules: view.modules as string[],
      policies: {},
      moduleSettings: {},
    };
    if (policies)
      await deps.platformDb
        .sql`update tenants set policies = ${JSON.stringify(policies)}::jsonb where id = ${tenant.id}`;
    const { token } = await loginUser(deps, tenant, { email, password, ip: '127.0.0.1' });
    const [lessonType] = await deps.platformDb.sql<{ id: string }[]>`
      insert into lesson_types (tenant_id, name, duration_minutes, price_minor, buffer_after_minutes)
      values (${tenant.id}, 'Standard lesson', 60, 4500, 0) returning id`;
    return { slug, tenant, ownerToken: token, lessonTypeId: lessonType!.id };
  }

  /** People through the platform service; with `login`, signed in through loginUser (argon2 both ways). */
  async function addPeople(s: School, kind: PersonKind, count: number, prefix: string, login: boolean) {
    return mapLimit(
      Array.from({ length: count }, (_, i) => i),
      4,
      async (i): Promise<Member> => {
        const email = `${prefix}${i}@${s.slug}.test`;
        const password = login ? `${prefix}-${i}-bench-password` : undefined;
        const person = await createPerson(deps.db, s.tenant, systemActor, {
          kind,
          name: `${prefix} ${i}`,
          email,
          password,
        });
        const token = password
          ? (await loginUser(deps, s.tenant, { email, password, ip: '127.0.0.1' })).token
          : '';
        return { id: person.id, token };
      },
    );
  }

  async function setHours(s: School, instructors: Member[], timezone: string, weekly: object[]) {
    await mapLimit(instructors, 4, async (i) =>
      expectStatus(
        'availability',
        await call(apiPort, 'PUT', `/api/v1/instructors/${i.id}/availability`, {
          tenant: s.slug,
          token: s.ownerToken,
          body: { timezone, weekly },
        }),
        200,
      ),
    );
  }

  /** `count` non-overlapping on-the-hour starts among the instructor's bookable slots (from the API). */
  async function pickStarts(s: School, instructorId: string, from: string, to: string, count: number) {
    const res = await call(
      apiPort,
      'GET',
      `/api/v1/instructors/${instructorId}/slots?from=${from}&to=${to}&duration=60`,
      { tenant: s.slug, token: s.ownerToken },
    );
    expectStatus('slots for setup', res, 200);
    const rand = random(instructorId.charCodeAt(35) * 7919);
    const hourly = (res.body.slots as { start: string }[])
      .map((slot) => Date.parse(slot.start))
      .filter((t) => t % HOUR === 0);
    for (let i = hourly.length - 1; i > 0; i -= 1) {
      const j = Math.floor(rand() * (i + 1));
      [hourly[i], hourly[j]] = [hourly[j]!, hourly[i]!];
    }
    const chosen: number[] = [];
    for (const t of hourly) {
      if (chosen.length === count) break;
      if (chosen.every((c) => Math.abs(c - t) >= HOUR)) chosen.push(t);
    }
    return chosen.sort((a, b) => a - b);
  }

  /**
   * A realistic school for the slot reads: `instructorCount` instructors working Mon–Sat 08:00–18:00
   * (Europe/London), each with ~60 bookings over the next 31 days. Instructor 0's are made through
   * POST /api/v1/bookings (owner for ten students); the others' are bulk-inserted with SQL.
   */
  async function readSchool(slug: string, instructorCount: number) {
    const timezone = 'Europe/London';
    const s = await createSchool(slug, timezone);
    const instructors = await addPeople(s, 'instructor', instructorCount, 'instructor', false);
    await setHours(s, instructors, timezone, MON_SAT);
    const [browser, ...others] = [
      ...(await addPeople(s, 'student', 1, 'browser', true)),
      ...(await addPeople(s, 'student', 9, 'pupil', false)),
    ];
    const regulars = await addPeople(s, 'student', instructorCount - 1, 'regular', false);
    const pupils = [browser!, ...others];
    const from = localDate(new Date(Date.now() + DAY), timezone);
    const to = localDate(new Date(Date.now() + 31 * DAY), timezone);
    let viaApi = 0;
    const starts0 = await pickStarts(s, instructors[0]!.id, from, to, 60);
    for (const [k, start] of starts0.entries()) {
      for (let attempt = 0; attempt < pupils.length; attempt += 1) {
        const res = await call(apiPort, 'POST', '/api/v1/bookings', {
          tenant: s.slug,
          token: s.ownerToken,
          body: {
            instructorId: instructors[0]!.id,
            studentId: pupils[(k + attempt) % pupils.length]!.id,
            start: iso(start),
            durationMinutes: 60,
            lessonTypeId: s.lessonTypeId,
          },
        });
        if (res.status === 201) {
          viaApi += 1;
          break;
        }
        if (res.status !== 409) expectStatus('setup booking', res, 201); // a student limit: try another
      }
    }
    const bulk: Record<string, unknown>[] = [];
    for (const [j, instructor] of instructors.slice(1).entries()) {
      for (const start of await pickStarts(s, instructor.id, from, to, 60)) {
        bulk.push({
          tenant_id: s.tenant.id,
          instructor_id: instructor.id,
          student_id: regulars[j]!.id,
          lesson_type_id: s.lessonTypeId,
          starts_at: iso(start),
          ends_at: iso(start + HOUR),
          status: 'confirmed',
          price_minor: 4500,
          currency: 'GBP',
        });
      }
    }
    for (let i = 0; i < bulk.length; i += 1000)
      await deps.platformDb.sql`insert into bookings ${deps.platformDb.sql(bulk.slice(i, i + 1000))}`;
    return { s, timezone, instructors, browser: browser!, viaApi, viaSql: bulk.length };
  }

  return { createSchool, addPeople, setHours, pickStarts, readSchool };
}

export type ReadSchool = Awaited<ReturnType<ReturnType<typeof benchFixtures>['readSchool']>>;
