import { type Actor, systemActor, type Tx, users } from '@dualcontrol/db';
import {
  createModuleRegistry,
  createPerson,
  createTenant,
  createViewer,
  findTenant,
} from '@dualcontrol/platform';
import type { TestDatabase } from '@dualcontrol/testing';
import { and, eq } from 'drizzle-orm';
import type { SchedulingContext } from '../../http-context.ts';
import { SCHEDULING_PERMISSIONS } from '../../permissions.ts';
import type { WEEKDAYS } from '../../schema.ts';
import { createBooking } from '../../services/create-booking.ts';
import { loadPolicies } from '../../services/load-policies.ts';
import { rescheduleBooking } from '../../services/reschedule-booking.ts';
import { setAvailability } from '../../services/set-availability.ts';
import { type BookingAction, transitionBooking } from '../../services/transition-booking.ts';
import type { Viewer } from '../../services/viewer.ts';

// A stub manifest: createTenant only needs the module's id to write tenant_modules (and the role
// table needs scheduling's permissions declared).
const registry = createModuleRegistry([
  {
    id: 'scheduling',
    title: 'Scheduling',
    version: '0.0.0',
    dependsOn: [],
    permissions: SCHEDULING_PERMISSIONS,
  },
]);

const DAYS: (typeof WEEKDAYS)[number][] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export type BookingSchool = Awaited<ReturnType<typeof createBookingSchool>>;

/**
 * A school made by the real services (round-the-clock hours, no notice period, a 5-minute grid)
 * and helpers to book a lesson and move it the way the API does. Every booking gets its own
 * instructor and student, so bookings never collide, and may be re-timed to start seconds from now.
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
  const viewer: Viewer = createViewer({ id: owner!.id, roles: ['owner'] }, {}, registry);
  const context = async (tx: Tx): Promise<SchedulingContext> => ({
    tenantId: tenant.id,
    tenantTimezone: 'UTC',
    currency: 'GBP',
    policies: await loadPolicies(tx, tenant.id),
    paymentsEnabled: tenant.modules.includes('payments'),
    actor,
    viewer,
    now: new Date(),
  });

  const tomorrow = new Date(Date.now() + 86_400_000);
  tomorrow.setUTCHours(10, 0, 0, 0);
  let booked = 0;

  return {
    tenantId: tenant.id,
    /**
     * A pending request made by createBooking for tomorrow 10:00 (on the slot grid); with `at`,
     * then moved by the owner connection to those times (seconds away: no grid slot is that close).
     */
    async book(at?: { start: string; end: string }) {
      booked += 1;
      const [instructor, student] = [
        await createPerson(tdb.db, tenant, actor, {
          kind: 'instructor',
          name: `Instructor ${booked}`,
          email: `instructor${booked}@school.test`,
        }),
        await createPerson(tdb.db, tenant, actor, {
          kind: 'student',
          name: `Student ${booked}`,
          email: `student${booked}@school.test`,
        }),
      ];
      const booking = await tdb.db.withTenant(tenant.id, actor, async (tx) => {
        await setAvailability(tx, {
          tenantId: tenant.id,
          actor,
          instructorId: instructor.id,
          timezone: 'UTC',
          weekly: DAYS.map((day) => ({ day, start: '00:00', end: '24:00' })),
        });
        return createBooking(tx, await context(tx), {
          instructorId: instructor.id,
          studentId: student.id,
          start: tomorrow,
          durationMinutes: 60,
        });
      });
      if (at) {
        await tdb.owner`update bookings set starts_at = ${at.start}, ends_at = ${at.end} where id = ${booking.id}`;
        await tdb.owner`update calendar_events set starts_at = ${at.start}, ends_at = ${at.end}
                         where booking_id = ${booking.id}`;
      }
      return {
        ...booking,
        ...at,
        instructorUserId: instructor.userId,
        studentUserId: student.userId,
      };
    },
    /** What the API does when the owner confirms, rejects or cancels. */
    transition(bookingId: string, action: BookingAction) {
      return tdb.db.withTenant(tenant.id, actor, async (tx) =>
        transitionBooking(tx, await context(tx), { bookingId, action }),
      );
    },
    /** What the API does when the owner moves a lesson. */
    reschedule(bookingId: string, start: Date) {
      return tdb.db.withTenant(tenant.id, actor, async (tx) =>
        rescheduleBooking(tx, await context(tx), { bookingId, start }),
      );
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
