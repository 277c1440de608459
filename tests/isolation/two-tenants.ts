import {
  type Actor,
  idempotencyKeys,
  outboxDeliveries,
  systemActor,
  type Tx,
  tenantDomains,
  userDevices,
  users,
} from '@dualcontrol/db';
import {
  createModuleRegistry,
  createPerson,
  createTenant,
  createUserSession,
  emitEvent,
  findTenant,
} from '@dualcontrol/platform';
import type { TestDatabase } from '@dualcontrol/testing';
import { and, eq, sql } from 'drizzle-orm';

/**
 * One school with a row in every core tenant table, made the way the product makes them where a
 * service exists (createTenant, createPerson, sessions, outbox events: users, user_roles,
 * user_preferences, instructors, students, tenant_modules, user_sessions, outbox_events, and
 * audit_logs through the trigger), and with plain inserts by the platform role for the rest.
 *
 * A table added later gets no rows here, and the coverage test in cross-tenant.test.ts fails with
 * its name: add its fixture rows below so the isolation checks actually exercise it.
 */
export type SeededTenant = {
  id: string;
  slug: string;
  ownerUserId: string;
  instructorUserId: string;
  studentUserId: string;
  studentId: string;
};

// A stub manifest rather than `createModuleRegistry([])`: with an empty registry createTenant
// calls `.values([])` on tenant_modules and drizzle throws. One module also gives tenant_modules rows.
const registry = createModuleRegistry([
  { id: 'scheduling', title: 'Scheduling', version: '0.0.0', dependsOn: [] },
]);

export async function seedTenant(tdb: TestDatabase, slug: string): Promise<SeededTenant> {
  // The same emails in both schools on purpose: a person at two schools has two accounts.
  await createTenant(tdb.platformDb, registry, systemActor, {
    slug,
    name: `School ${slug}`,
    timezone: 'Europe/London',
    currency: 'GBP',
    modules: ['scheduling'],
    owner: { email: 'owner@school.test', name: `Owner ${slug}`, password: 'owner-password-123' },
  });
  const tenant = (await findTenant(tdb.platformDb, { by: 'slug', slug }))!;
  const [owner] = await tdb.db.withTenant(tenant.id, systemActor, (tx) =>
    tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenant.id), eq(users.email, 'owner@school.test'))),
  );
  const asOwner: Actor = { kind: 'user', id: owner!.id };

  const instructor = await createPerson(tdb.db, tenant, asOwner, {
    kind: 'instructor',
    name: `Instructor ${slug}`,
    email: 'instructor@school.test',
    password: 'instructor-password-123',
  });
  const student = await createPerson(tdb.db, tenant, asOwner, {
    kind: 'student',
    name: `Student ${slug}`,
    email: 'student@school.test',
  });

  // What the app role writes at run time: a login session and a domain event.
  const eventId = await tdb.db.withTenant(tenant.id, asOwner, async (tx) => {
    await createUserSession(tx, { tenantId: tenant.id, userId: student.userId, userAgent: 'isolation-test' });
    return emitEvent(tx, { tenantId: tenant.id, type: 'isolation.fixture', payload: { slug } });
  });

  // The rest directly, as the platform role.
  await tdb.platformDb.withActor(systemActor, async (tx) => {
    await tx.insert(tenantDomains).values({ tenantId: tenant.id, domain: `${slug}.school.test` });
    await tx.insert(userDevices).values({
      tenantId: tenant.id,
      userId: student.userId,
      kind: 'web_push',
      endpoint: `https://push.example.test/${slug}`,
      keys: { p256dh: 'key', auth: 'secret' },
    });
    await tx.insert(outboxDeliveries).values({ tenantId: tenant.id, eventId, handler: 'isolation-fixture' });
    await insertSchedulingRows(tx, tenant.id, {
      instructorId: instructor.id,
      instructorUserId: instructor.userId,
      studentId: student.id,
      studentUserId: student.userId,
    });
    await tx.insert(idempotencyKeys).values({
      tenantId: tenant.id,
      userId: student.userId,
      key: `key-${slug}`,
      method: 'POST',
      path: '/api/v1/example',
      requestHash: 'a'.repeat(64),
      statusCode: 201,
      responseBody: { ok: true },
      expiresAt: new Date(Date.now() + 86_400_000),
    });
  });

  return {
    id: tenant.id,
    slug,
    ownerUserId: owner!.id,
    instructorUserId: instructor.userId,
    studentUserId: student.userId,
    studentId: student.id,
  };
}

type People = { instructorId: string; instructorUserId: string; studentId: string; studentUserId: string };

/** One row in each scheduling table (module tables are reached by SQL: only the manifest is public). */
async function insertSchedulingRows(tx: Tx, tenantId: string, p: People): Promise<void> {
  const t = tenantId;
  const [lt] = await tx.execute<{
    id: string;
  }>(sql`insert into lesson_types (tenant_id, name, duration_minutes, price_minor)
    values (${t}, 'Standard lesson', 60, 4000) returning id`);
  const [loc] = await tx.execute<{
    id: string;
  }>(sql`insert into locations (tenant_id, kind, name, address, lat, lng)
    values (${t}, 'pickup', 'Station', '1 Station Road', 51.5, -0.12) returning id`);
  const [veh] = await tx.execute<{
    id: string;
  }>(sql`insert into vehicles (tenant_id, registration, make_model, transmission)
    values (${t}, 'AB12 CDE', 'Ford Fiesta', 'manual') returning id`);
  const [series] = await tx.execute<{ id: string }>(sql`insert into recurring_series
    (tenant_id, instructor_id, student_id, lesson_type_id, rrule, timezone, first_starts_at, duration_minutes)
    values (${t}, ${p.instructorId}, ${p.studentId}, ${lt!.id}, 'FREQ=WEEKLY;COUNT=4', 'Europe/London', '2030-01-07T10:00:00Z', 60)
    returning id`);
  const [booking] = await tx.execute<{ id: string }>(sql`insert into bookings
    (tenant_id, instructor_id, student_id, lesson_type_id, vehicle_id, pickup_location_id, series_id, starts_at, ends_at, currency)
    values (${t}, ${p.instructorId}, ${p.studentId}, ${lt!.id}, ${veh!.id}, ${loc!.id}, ${series!.id},
            '2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z', 'GBP') returning id`);
  const b = booking!.id;
  await tx.execute(
    sql`insert into instructor_specialties (tenant_id, instructor_id, name) values (${t}, ${p.instructorId}, 'Nervous drivers')`,
  );
  await tx.execute(sql`insert into instructor_availability (tenant_id, instructor_id, timezone, day, start_time, end_time)
    values (${t}, ${p.instructorId}, 'Europe/London', 'mon', '09:00', '17:00')`);
  await tx.execute(sql`insert into availability_exceptions (tenant_id, instructor_id, kind, starts_at, ends_at)
    values (${t}, ${p.instructorId}, 'time_off', '2030-02-01T00:00:00Z', '2030-02-02T00:00:00Z')`);
  await tx.execute(
    sql`insert into closures (tenant_id, name, starts_at, ends_at) values (${t}, 'New Year', '2030-01-01T00:00:00Z', '2030-01-02T00:00:00Z')`,
  );
  await tx.execute(
    sql`insert into student_instructors (tenant_id, student_id, instructor_id, is_primary) values (${t}, ${p.studentId}, ${p.instructorId}, true)`,
  );
  await tx.execute(
    sql`insert into booking_participants (tenant_id, booking_id, student_id) values (${t}, ${b}, ${p.studentId})`,
  );
  await tx.execute(
    sql`insert into booking_changes (tenant_id, booking_id, action, to_status, actor_kind) values (${t}, ${b}, 'requested', 'pending', 'system')`,
  );
  await tx.execute(sql`insert into waiting_list (tenant_id, student_id, instructor_id, window_start, window_end, duration_minutes)
    values (${t}, ${p.studentId}, ${p.instructorId}, '2030-01-08T09:00:00Z', '2030-01-08T17:00:00Z', 60)`);
  const [event] = await tx.execute<{ id: string }>(sql`insert into calendar_events
    (tenant_id, owner_user_id, booking_id, kind, title, starts_at, ends_at, timezone, status)
    values (${t}, ${p.instructorUserId}, ${b}, 'lesson', 'Lesson', '2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z', 'Europe/London', 'tentative')
    returning id`);
  await tx.execute(
    sql`insert into event_participants (tenant_id, event_id, user_id, role) values (${t}, ${event!.id}, ${p.studentUserId}, 'student')`,
  );
  await tx.execute(sql`insert into event_reminders (tenant_id, event_id, user_id, remind_at, minutes_before)
    values (${t}, ${event!.id}, ${p.studentUserId}, '2030-01-06T10:00:00Z', 1440)`);
  await tx.execute(
    sql`insert into instructor_reviews (tenant_id, instructor_id, student_id, booking_id, rating) values (${t}, ${p.instructorId}, ${p.studentId}, ${b}, 5)`,
  );
  await tx.execute(
    sql`insert into calendar_feeds (tenant_id, user_id, token_hash) values (${t}, ${p.studentUserId}, ${'f'.repeat(64)})`,
  );
}
