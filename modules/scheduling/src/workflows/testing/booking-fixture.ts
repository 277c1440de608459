import { type Actor, systemActor, users } from '@dualcontrol/db';
import { createModuleRegistry, createPerson, createTenant, findTenant } from '@dualcontrol/platform';
import type { TestDatabase } from '@dualcontrol/testing';
import { and, eq } from 'drizzle-orm';
import type { WEEKDAYS } from '../../schema.ts';
import { createBooking } from '../../services/create-booking.ts';
import { loadPolicies } from '../../services/load-policies.ts';
import { setAvailability } from '../../services/set-availability.ts';
import { type BookingAction, transitionBooking } from '../../services/transition-booking.ts';
import type { Viewer } from '../../services/viewer.ts';

// A stub manifest: createTenant only needs the module's id to write tenant_modules.
const registry = createModuleRegistry([
  { id: 'scheduling', title: 'Scheduling', version: '0.0.0', dependsOn: [] },
]);

const DAYS: (typeof WEEKDAYS)[number][] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export type BookingSchool = Awaited<ReturnType<typeof createBookingSchool>>;

/**
 * A school (made by the real services) whose instructor works round the clock with no notice
 * period, and helpers to book a lesson for a fresh student and to move it through the API's
 * transitions. Each booking gets its own hour tomorrow, so bookings never collide.
 */
export async function createBookingSchool(tdb: TestDatabase, slug: string) {
  await createTenant(tdb.platformDb, registry, systemActor, {
    slug,
    name: `School ${slug}`,
    timezone: 'UTC',
    currency: 'GBP',
    modules: ['scheduling'],
    owner: { email: 'owner@school.test', name: `Owner ${slug}`, password: 'owner-password-123' },
  });
  const tenant = (await findTenant(tdb.platformDb, { by: 'slug', slug }))!;
  const policies = { minimumNoticeHours: 0, slotStepMinutes: 5, confirmationTimeoutHours: 24 };
  await tdb.platformDb
    .sql`update tenants set policies = ${JSON.stringify(policies)}::jsonb where id = ${tenant.id}`;
  const [owner] = await tdb.db.withTenant(tenant.id, systemActor, (tx) =>
    tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenant.id), eq(users.email, 'owner@school.test'))),
  );
  const actor: Actor = { kind: 'user', id: owner!.id };
  const viewer: Viewer = { userId: owner!.id, isStaff: true, instructorId: undefined, studentId: undefined };
  const instructor = await createPerson(tdb.db, tenant, actor, {
    kind: 'instructor',
    name: `Ian ${slug}`,
    email: 'ian@school.test',
  });
  await tdb.db.withTenant(tenant.id, actor, (tx) =>
    setAvailability(tx, {
      tenantId: tenant.id,
      actor,
      instructorId: instructor.id,
      timezone: 'UTC',
      weekly: DAYS.map((day) => ({ day, start: '00:00', end: '24:00' })),
    }),
  );

  const tomorrow = new Date(Date.now() + 86_400_000);
  tomorrow.setUTCHours(0, 0, 0, 0);
  let booked = 0;

  return {
    tenantId: tenant.id,
    instructor,
    /** A pending request for a new student (the DB times are tomorrow; workflows get their own). */
    async book() {
      booked += 1;
      const student = await createPerson(tdb.db, tenant, actor, {
        kind: 'student',
        name: `Student ${booked}`,
        email: `student${booked}@school.test`,
      });
      const start = new Date(tomorrow.getTime() + booked * 3_600_000);
      return tdb.db.withTenant(tenant.id, actor, async (tx) => {
        const ctx = {
          tenantId: tenant.id,
          tenantTimezone: 'UTC',
          currency: 'GBP',
          policies: await loadPolicies(tx, tenant.id),
          actor,
          viewer,
          now: new Date(),
        };
        const booking = await createBooking(tx, ctx, {
          instructorId: instructor.id,
          studentId: student.id,
          start,
          durationMinutes: 60,
        });
        return { ...booking, studentUserId: student.userId };
      });
    },
    /** What the API does when the owner confirms, rejects or cancels. */
    transition(bookingId: string, action: BookingAction) {
      return tdb.db.withTenant(tenant.id, actor, async (tx) => {
        const ctx = {
          tenantId: tenant.id,
          policies: await loadPolicies(tx, tenant.id),
          actor,
          viewer,
          now: new Date(),
        };
        return transitionBooking(tx, ctx, { bookingId, action });
      });
    },
  };
}

export type OutboxRow = { id: string; type: string; payload: Record<string, unknown>; created_at: Date };

/** The booking's domain events, oldest first (read as the owner: a test's view, not the app's). */
export async function bookingEvents(
  tdb: TestDatabase,
  bookingId: string,
  type?: string,
): Promise<OutboxRow[]> {
  const rows = await tdb.owner<OutboxRow[]>`
    select id, type, payload, created_at from outbox_events
     where payload->>'bookingId' = ${bookingId} order by id`;
  return type ? rows.filter((r) => r.type === type) : rows;
}

export async function bookingStatus(tdb: TestDatabase, bookingId: string): Promise<string | undefined> {
  const [row] = await tdb.owner<{ status: string }[]>`select status from bookings where id = ${bookingId}`;
  return row?.status;
}

export async function reminderRows(tdb: TestDatabase, bookingId: string) {
  return tdb.owner<{ user_id: string; minutes_before: number; sent_at: Date | null }[]>`
    select r.user_id, r.minutes_before, r.sent_at from event_reminders r
      join calendar_events e on e.tenant_id = r.tenant_id and e.id = r.event_id
     where e.booking_id = ${bookingId} order by r.minutes_before, r.user_id`;
}

/** Polls until `probe` returns something truthy (or fails after `timeoutMs`). */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: nothing after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An ISO instant `ms` from now. */
export const isoIn = (ms: number) => new Date(Date.now() + ms).toISOString();
