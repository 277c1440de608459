import { LOCALSTRIPE_SECRET_KEY } from '@dualcontrol/testing';
import type { BrowserContextOptions } from 'playwright-core';
import { WEBHOOK_SECRET } from '../payments/payments-fixture.ts';
import type { TestApi } from '../scheduling/scheduling-fixture.ts';
import { type E2eStack, signIn } from './e2e-stack.ts';

/** Someone who can sign in: in the browser with email and password, through the API with the token. */
export type Person = { id: string; name: string; email: string; password: string; token: string };

type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
const WEEK: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Weekly hours every instructor of the school gets. */
export const HOURS = {
  /** Every day, all day: any future time is bookable, whatever the time of day the test runs. */
  roundTheClock: WEEK.map((day) => ({ day, start: '00:00', end: '24:00' })),
  /** Monday to Friday, 09:00–17:00: a working week with days that are not worked. */
  officeWeek: WEEK.slice(0, 5).map((day) => ({ day, start: '09:00', end: '17:00' })),
};

/** Ivy and Olga teach Sam and Tess, who may book many lessons a day and a week: a busy small school. */
export const ivyOlgaSamTess = (slug: string) => ({
  policies: { minimumNoticeHours: 1, studentMaxPerDay: 10, studentMaxPerWeek: 60 },
  instructors: { ivy: `Ivy ${slug}`, olga: `Olga ${slug}` },
  students: { sam: `Sam ${slug}`, tess: `Tess ${slug}` },
});

export type E2eSchoolOptions<I extends string, S extends string> = {
  timezone?: string;
  /** Defaults to USD in an American zone, GBP elsewhere. */
  currency?: string;
  /** Defaults to en-US in an American zone, en-GB elsewhere. */
  locale?: string;
  branding?: { primaryColor: string; accentColor?: string };
  /** The school's policies (stored as they are); one hour's notice unless told otherwise. */
  policies?: Record<string, unknown>;
  /** Instructors by the key the test reads them under, with their names. */
  instructors?: Record<I, string>;
  students?: Record<S, string>;
  /** Set for every instructor; none when left out. */
  weekly?: { day: Day; start: string; end: string }[];
  /** A 60-minute £/$45 "Standard lesson" unless `false`. */
  lessonType?: { name: string; durationMinutes: number; priceMinor: number } | false;
  pickup?: { name: string; address: string };
  /** Card payments through the Stripe stand-in, with this publishable key. */
  stripe?: { publishableKey: string };
  modules?: string[];
};

/**
 * A school made through the public API, as the browser journeys need it: its zone, money and
 * language, branding and policies, named instructors and students (each signed in through the
 * API), everyone's weekly hours, a lesson type, a pickup point, and Stripe (the stand-in).
 * People are on the result under the keys given:
 * `createE2eSchool(stack, 'x', { students: { sam: 'Sam X' } })` gives `school.sam`.
 */
export async function createE2eSchool<I extends string = never, S extends string = never>(
  stack: E2eStack,
  slug: string,
  opts: E2eSchoolOptions<I, S> = {},
) {
  const { api } = stack;
  const timezone = opts.timezone ?? 'Europe/London';
  const american = timezone.startsWith('America/');
  const created = await api.createSchool(slug, {
    timezone,
    currency: opts.currency ?? (american ? 'USD' : 'GBP'),
    ...(opts.modules ? { modules: opts.modules } : {}),
  });
  const owner = { ...created.owner, token: created.ownerToken };
  const policies = opts.policies ?? { minimumNoticeHours: 1 };
  const locale = opts.locale ?? (american ? 'en-US' : 'en-GB');
  const branding = opts.branding ? JSON.stringify({ accentColor: '#b45309', ...opts.branding }) : null;
  await api.tdb.platformDb.sql`
    update tenants set policies = ${JSON.stringify(policies)}::jsonb, locale = ${locale},
                       branding = coalesce(${branding}::jsonb, branding)
    where slug = ${slug}`;

  const call = (method: string, path: string, token: string, body?: unknown) =>
    api.call(method, path, { tenant: slug, token, ...(body !== undefined ? { body } : {}) });
  /** A call that must succeed (2xx): its body. */
  const ok = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await call(method, path, token, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const add = async <K extends string>(kind: 'instructors' | 'students', names?: Record<K, string>) => {
    const people = {} as Record<K, Person>;
    for (const [key, name] of Object.entries(names ?? {}) as [K, string][])
      people[key] = { ...(await api.addPerson(slug, owner.token, kind, name)), name };
    return people;
  };
  const instructors = await add<I>('instructors', opts.instructors);
  const students = await add<S>('students', opts.students);
  if (opts.weekly)
    for (const who of Object.values<Person>(instructors))
      await ok('PUT', `/api/v1/instructors/${who.id}/availability`, who.token, {
        timezone,
        weekly: opts.weekly,
      });
  const lessonTypeId =
    opts.lessonType === false
      ? null
      : ((
          await ok(
            'POST',
            '/api/v1/lesson-types',
            owner.token,
            opts.lessonType ?? { name: 'Standard lesson', durationMinutes: 60, priceMinor: 4500 },
          )
        ).id as string);
  if (opts.pickup) await ok('POST', '/api/v1/locations', owner.token, { kind: 'pickup', ...opts.pickup });
  if (opts.stripe)
    await ok('PUT', '/api/v1/payments/account', owner.token, {
      mode: 'stripe_keys',
      secretKey: LOCALSTRIPE_SECRET_KEY,
      publishableKey: opts.stripe.publishableKey,
      webhookSecret: WEBHOOK_SECRET,
    });

  const base = stack.school(slug);
  return {
    ...instructors,
    ...students,
    slug,
    timezone,
    base,
    modules: created.tenant.modules as string[],
    owner,
    lessonTypeId: lessonTypeId as string,
    call,
    ok,
    /** A new browser context (a phone, no JavaScript…) signed in as this person. */
    async signIn(who: { email: string; password: string }, options: BrowserContextOptions = {}) {
      return signIn(await stack.browser.newContext(options), base, who.email, who.password);
    },
    /** An hour's lesson requested by the student (of the lesson type, if any); confirmed when told. */
    async book(student: Person, instructor: Person, start: string, opts: { confirm?: boolean } = {}) {
      const booked = await ok('POST', '/api/v1/bookings', student.token, {
        instructorId: instructor.id,
        start,
        durationMinutes: 60,
        ...(lessonTypeId ? { lessonTypeId } : {}),
      });
      if (opts.confirm) await ok('POST', `/api/v1/bookings/${booked.id}/confirm`, instructor.token);
      return booked.id as string;
    },
    /** Moves an hour's lesson to have started `minutesAgo` before now. */
    moveBack: (bookingId: string, minutesAgo: number) => moveLessonBack(api, bookingId, minutesAgo),
  };
}

/** Moves an hour's lesson to have started `minutesAgo` before now, behind the API's back (as tests/payments do). */
export async function moveLessonBack(api: TestApi, bookingId: string, minutesAgo: number) {
  await api.tdb.owner`
    update bookings set starts_at = now() - ${`${minutesAgo} minutes`}::interval,
                        ends_at = now() - ${`${minutesAgo - 60} minutes`}::interval
    where id = ${bookingId}`;
}
