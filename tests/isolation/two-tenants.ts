import {
  type Actor,
  demoRuns,
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
  defineEvents,
  emitEvent,
  findTenant,
} from '@dualcontrol/platform';
import { SCHEDULING_PERMISSIONS } from '@dualcontrol/scheduling';
import type { TestDatabase } from '@dualcontrol/testing';
import { z } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';

/** A test-only event: its row in outbox_events is what the isolation checks look for. */
const fixtureEvents = defineEvents({ 'isolation.fixture': z.object({ slug: z.string() }) });

/**
 * One school with a row in every core tenant table, made the way the product makes them where a
 * service exists (createTenant, createPerson, sessions, outbox events: users, user_roles,
 * user_preferences, instructors, students, tenant_modules, user_sessions, outbox_events, and
 * audit_logs through the trigger), and with plain inserts by the platform role for the rest
 * (the scheduling and payments module tables included).
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
// It declares scheduling's permissions because the role table grants them (checked at boot).
const registry = createModuleRegistry([
  {
    id: 'scheduling',
    title: 'Scheduling',
    version: '0.0.0',
    dependsOn: [],
    permissions: SCHEDULING_PERMISSIONS,
  },
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
    return emitEvent(tx, tenant.id, fixtureEvents['isolation.fixture'], { slug });
  });

  // The rest directly, as the platform role.
  await tdb.platformDb.withActor(systemActor, async (tx) => {
    await tx.insert(tenantDomains).values({ tenantId: tenant.id, domain: `${slug}.school.test` });
    const [device] = await tx
      .insert(userDevices)
      .values({
        tenantId: tenant.id,
        userId: student.userId,
        kind: 'web_push',
        endpoint: `https://push.example.test/${slug}`,
        keys: { p256dh: 'key', auth: 'secret' },
      })
      .returning({ id: userDevices.id });
    // messaging: a device's own settings.
    await tx.execute(sql`insert into device_settings (tenant_id, device_id, label, critical_only)
                         values (${tenant.id}, ${device!.id}, ${`${slug} phone`}, true)`);
    await tx.insert(outboxDeliveries).values({ tenantId: tenant.id, eventId, handler: 'isolation-fixture' });
    const people: People = {
      ownerUserId: owner!.id,
      instructorId: instructor.id,
      instructorUserId: instructor.userId,
      studentId: student.id,
      studentUserId: student.userId,
    };
    const scheduling = await insertSchedulingRows(tx, tenant.id, people);
    await insertPaymentsRows(tx, tenant.id, slug, people, scheduling);
    await insertLessonsRows(tx, tenant.id, slug, people, scheduling);
    await insertNotificationRows(tx, tenant.id, slug, people);
    await insertMessagingThreadRows(tx, tenant.id, slug, people, scheduling);
    await insertCrmRows(tx, tenant.id, slug, people);
    await insertAnalyticsRows(tx, tenant.id, people, scheduling);
    // The demo marker (packages/platform demo): one per school whose history was generated.
    await tx.insert(demoRuns).values({
      tenantId: tenant.id,
      seed: `seed-${slug}`,
      generatedFor: '2030-01-01',
      layers: ['scheduling'],
      summary: { scheduling: { bookings: 1 } },
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

type People = {
  ownerUserId: string;
  instructorId: string;
  instructorUserId: string;
  studentId: string;
  studentUserId: string;
};

/** The scheduling rows later fixtures hang off. */
type SchedulingRows = { bookingId: string; lessonTypeId: string };

/** One row in each scheduling table (module tables are reached by SQL: only the manifest is public). */
async function insertSchedulingRows(tx: Tx, tenantId: string, p: People): Promise<SchedulingRows> {
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
  return { bookingId: b, lessonTypeId: lt!.id };
}

/**
 * Rows in every payments table, consistent with its CHECK constraints and partial unique indexes,
 * and with every nullable composite foreign key filled in at least one row (so re-pointing it at
 * the other tenant has a real reference to break): a paid lesson with its invoice, a package bought
 * in cash and drawn on, a refund to credit with its credit note, a payment plan with a paid deposit,
 * a paid and a waived cancellation fee, earnings with their payout report, a Stripe event.
 * credit_ledger is append-only (0006): these inserts are the only writes it ever gets here.
 */
async function insertPaymentsRows(
  tx: Tx,
  tenantId: string,
  slug: string,
  p: People,
  s: SchedulingRows,
): Promise<void> {
  const t = tenantId;
  const one = async (query: ReturnType<typeof sql>): Promise<string> => {
    const [row] = await tx.execute<{ id: string }>(query);
    return row!.id;
  };

  await tx.execute(sql`insert into payment_accounts (tenant_id, mode, stripe_account_id, publishable_key, application_fee_bps)
    values (${t}, 'stripe_connect', ${`acct_${slug}`}, ${`pk_test_${slug}`}, 150)`);
  await tx.execute(
    sql`insert into stripe_customers (tenant_id, student_id, stripe_customer_id) values (${t}, ${p.studentId}, ${`cus_${slug}`})`,
  );
  const card = await one(sql`insert into payment_methods
    (tenant_id, student_id, stripe_payment_method_id, brand, last4, exp_month, exp_year, is_default)
    values (${t}, ${p.studentId}, ${`pm_${slug}`}, 'visa', '4242', 12, 2034, true) returning id`);
  const pkg =
    await one(sql`insert into lesson_packages (tenant_id, name, description, price_minor, credit_minor, currency, validity_days)
    values (${t}, '10 hours', 'Ten hours at a discount', 36000, 40000, 'GBP', 365) returning id`);
  const plan = await one(sql`insert into payment_plans
    (tenant_id, student_id, payment_method_id, description, total_minor, currency, retry_delays_seconds, created_by)
    values (${t}, ${p.studentId}, ${card}, 'Intensive course', 120000, 'GBP', '[86400, 259200]'::jsonb, ${p.ownerUserId})
    returning id`);
  const deposit =
    await one(sql`insert into payment_schedules (tenant_id, plan_id, seq, kind, amount_minor, due_at, status, attempts, paid_at)
    values (${t}, ${plan}, 1, 'deposit', 40000, '2030-01-01T09:00:00Z', 'paid', 1, '2030-01-01T09:00:05Z') returning id`);
  await tx.execute(sql`insert into payment_schedules (tenant_id, plan_id, seq, kind, amount_minor, due_at)
    values (${t}, ${plan}, 2, 'instalment', 80000, '2030-02-01T09:00:00Z')`);

  // The lesson paid by card: every payments foreign key except package and schedule.
  const lessonPayment = await one(sql`insert into payments
    (tenant_id, student_id, instructor_id, booking_id, purpose, method, status, amount_minor, currency,
     payment_method_id, stripe_payment_intent_id, description, recorded_by, succeeded_at)
    values (${t}, ${p.studentId}, ${p.instructorId}, ${s.bookingId}, 'booking', 'card', 'succeeded', 4000, 'GBP',
            ${card}, ${`pi_${slug}_lesson`}, 'Lesson 7 Jan', ${p.ownerUserId}, '2030-01-05T12:00:00Z')
    returning id`);
  const packagePayment = await one(sql`insert into payments
    (tenant_id, student_id, package_id, purpose, method, status, amount_minor, currency, description, note, recorded_by, succeeded_at)
    values (${t}, ${p.studentId}, ${pkg}, 'package', 'cash', 'succeeded', 36000, 'GBP', '10 hours', 'Paid at the office',
            ${p.ownerUserId}, '2030-01-02T12:00:00Z')
    returning id`);
  await tx.execute(sql`insert into payments
    (tenant_id, student_id, schedule_id, purpose, method, status, amount_minor, currency, payment_method_id,
     stripe_payment_intent_id, description, succeeded_at)
    values (${t}, ${p.studentId}, ${deposit}, 'instalment', 'card', 'succeeded', 40000, 'GBP', ${card},
            ${`pi_${slug}_deposit`}, 'Intensive course: deposit', '2030-01-01T09:00:05Z')`);

  const refund =
    await one(sql`insert into refunds (tenant_id, payment_id, amount_minor, currency, destination, status, reason, created_by)
    values (${t}, ${lessonPayment}, 1000, 'GBP', 'credit', 'succeeded', 'Lesson cut short', ${p.ownerUserId}) returning id`);

  // Lots are positive with no lot_id; a use draws (negatively) from one lot.
  const lot = await one(sql`insert into credit_ledger
    (tenant_id, student_id, kind, amount_minor, currency, expires_at, package_id, payment_id, created_by)
    values (${t}, ${p.studentId}, 'purchase', 40000, 'GBP', '2031-01-02T12:00:00Z', ${pkg}, ${packagePayment}, ${p.ownerUserId})
    returning id`);
  await tx.execute(sql`insert into credit_ledger (tenant_id, student_id, kind, amount_minor, currency, payment_id, refund_id, reason)
    values (${t}, ${p.studentId}, 'refund', 1000, 'GBP', ${lessonPayment}, ${refund}, 'Lesson cut short')`);
  await tx.execute(sql`insert into credit_ledger (tenant_id, student_id, kind, amount_minor, currency, lot_id, booking_id)
    values (${t}, ${p.studentId}, 'use', -4000, 'GBP', ${lot}, ${s.bookingId})`);

  const seller = JSON.stringify({ name: `School ${slug}`, address: '1 High Street' });
  const buyer = JSON.stringify({ name: `Student ${slug}`, email: 'student@school.test' });
  const invoice = await one(sql`insert into invoices
    (tenant_id, number, display_number, kind, student_id, instructor_id, payment_id, currency,
     subtotal_minor, tax_minor, total_minor, seller, buyer)
    values (${t}, 1, 'INV-0001', 'invoice', ${p.studentId}, ${p.instructorId}, ${lessonPayment}, 'GBP',
            3333, 667, 4000, ${seller}::jsonb, ${buyer}::jsonb)
    returning id`);
  const creditNote = await one(sql`insert into invoices
    (tenant_id, number, display_number, kind, student_id, payment_id, refund_id, currency,
     subtotal_minor, tax_minor, total_minor, seller, buyer)
    values (${t}, 2, 'CN-0002', 'credit_note', ${p.studentId}, ${lessonPayment}, ${refund}, 'GBP',
            833, 167, 1000, ${seller}::jsonb, ${buyer}::jsonb)
    returning id`);
  await tx.execute(sql`insert into invoice_counters (tenant_id, next_number) values (${t}, 3)`);
  await tx.execute(sql`insert into invoice_lines
    (tenant_id, invoice_id, position, description, quantity, unit_amount_minor, tax_rate_bps, tax_label, net_minor, tax_minor)
    values (${t}, ${invoice}, 1, 'Standard lesson', 1, 3333, 2000, 'VAT', 3333, 667),
           (${t}, ${creditNote}, 1, 'Refund: lesson cut short', 1, 833, 2000, 'VAT', 833, 167)`);

  // Two late cancellations (one fee per booking): one fee paid, one waived.
  const cancelled = async (day: string): Promise<string> =>
    one(sql`insert into bookings
      (tenant_id, instructor_id, student_id, lesson_type_id, starts_at, ends_at, status, price_minor, currency,
       cancellation_fee_minor, cancelled_at)
      values (${t}, ${p.instructorId}, ${p.studentId}, ${s.lessonTypeId}, ${`${day}T10:00:00Z`}, ${`${day}T11:00:00Z`},
              'cancelled', 4000, 'GBP', 2000, ${`${day}T08:00:00Z`})
      returning id`);
  const [paidLate, waivedLate] = [await cancelled('2030-01-14'), await cancelled('2030-01-21')];
  const feePayment = await one(sql`insert into payments
    (tenant_id, student_id, booking_id, purpose, method, status, amount_minor, currency, description, recorded_by, succeeded_at)
    values (${t}, ${p.studentId}, ${paidLate}, 'cancellation_fee', 'bank_transfer', 'succeeded', 2000, 'GBP',
            'Late cancellation 14 Jan', ${p.ownerUserId}, '2030-01-15T12:00:00Z')
    returning id`);
  await tx.execute(sql`insert into cancellation_fees (tenant_id, booking_id, student_id, amount_minor, currency, status, payment_id)
    values (${t}, ${paidLate}, ${p.studentId}, 2000, 'GBP', 'paid', ${feePayment})`);
  await tx.execute(sql`insert into cancellation_fees
    (tenant_id, booking_id, student_id, amount_minor, currency, status, waived_by, waived_at, waive_reason)
    values (${t}, ${waivedLate}, ${p.studentId}, 2000, 'GBP', 'waived', ${p.ownerUserId}, '2030-01-21T09:00:00Z', 'Illness')`);

  const payout = await one(sql`insert into payout_reports
    (tenant_id, instructor_id, period_start, period_end, lessons, total_minor, currency, created_by)
    values (${t}, ${p.instructorId}, '2030-01-01', '2030-01-31', 1, 3200, 'GBP', ${p.ownerUserId}) returning id`);
  await tx.execute(sql`insert into earnings_records
    (tenant_id, instructor_id, booking_id, lesson_minor, commission_bps, earnings_minor, currency, earned_at, payout_report_id)
    values (${t}, ${p.instructorId}, ${s.bookingId}, 4000, 8000, 3200, 'GBP', '2030-01-07T11:00:00Z', ${payout})`);

  await tx.execute(sql`insert into stripe_events (tenant_id, stripe_event_id, type, object_id, processed_at)
    values (${t}, ${`evt_${slug}_lesson`}, 'payment_intent.succeeded', ${`pi_${slug}_lesson`}, '2030-01-05T12:00:01Z')`);
}

/**
 * A row in every lessons table, with every composite foreign key filled in: a syllabus skill, the
 * booking's lesson recorded against it (progress, read model, evaluation, material, attachment), a
 * goal, a mock test, a practical test at a test centre, a verified theory certificate, a guardian,
 * a confirmed private practice drive and the guardian's accepted invitation.
 */
async function insertLessonsRows(
  tx: Tx,
  tenantId: string,
  slug: string,
  p: People,
  s: SchedulingRows,
): Promise<void> {
  const t = tenantId;
  const one = async (query: ReturnType<typeof sql>): Promise<string> => {
    const [row] = await tx.execute<{ id: string }>(query);
    return row!.id;
  };
  const category = await one(sql`insert into skill_categories (tenant_id, template_key, name, position)
    values (${t}, 'uk/junctions', 'Junctions', 30) returning id`);
  const skill = await one(sql`insert into skills (tenant_id, category_id, template_key, name, position)
    values (${t}, ${category}, 'uk/roundabouts', 'Roundabouts', 40) returning id`);
  const lesson = await one(sql`insert into lessons
    (tenant_id, booking_id, student_id, instructor_id, taught_at, minutes, night_minutes, recorded_at, editable_until)
    values (${t}, ${s.bookingId}, ${p.studentId}, ${p.instructorId}, '2030-01-07T10:00:00Z', 60, 0,
            '2030-01-07T11:05:00Z', '2030-01-09T11:05:00Z') returning id`);
  await tx.execute(sql`insert into lesson_progress (tenant_id, lesson_id, student_id, skill_id, taught_at, level, note)
    values (${t}, ${lesson}, ${p.studentId}, ${skill}, '2030-01-07T10:00:00Z', 3, 'Lane choice on the spiral roundabout')`);
  await tx.execute(sql`insert into student_progress
    (tenant_id, student_id, skill_id, level, previous_level, last_practised_at, last_lesson_id, times_practised)
    values (${t}, ${p.studentId}, ${skill}, 3, null, '2030-01-07T10:00:00Z', ${lesson}, 1)`);
  await tx.execute(sql`insert into student_goals (tenant_id, student_id, title, target_test_on, weekly_lessons, skill_ids, created_by)
    values (${t}, ${p.studentId}, 'Pass in March', '2030-03-15', 2, ${`{${skill}}`}::uuid[], ${p.ownerUserId})`);
  await tx.execute(sql`insert into lesson_evaluations (tenant_id, lesson_id, student_id, instructor_id, rating, summary)
    values (${t}, ${lesson}, ${p.studentId}, ${p.instructorId}, 4, 'Good progress')`);
  await tx.execute(sql`insert into student_evaluations
    (tenant_id, student_id, instructor_id, kind, taken_at, faults, driving_faults, result, created_by)
    values (${t}, ${p.studentId}, ${p.instructorId}, 'mock_test', '2030-02-01T10:00:00Z',
            ${JSON.stringify([{ skillId: skill, driving: 2, serious: 0, dangerous: 0 }])}::jsonb, 2, 'pass', ${p.ownerUserId})`);
  await tx.execute(sql`insert into lesson_materials (tenant_id, lesson_id, student_id, kind, title, url, assigned_by)
    values (${t}, ${lesson}, ${p.studentId}, 'link', 'The Highway Code: roundabouts',
            'https://www.gov.uk/guidance/the-highway-code', ${p.instructorUserId})`);
  await tx.execute(sql`insert into lesson_attachments
    (tenant_id, lesson_id, kind, content_type, size_bytes, storage_key, uploaded_by)
    values (${t}, ${lesson}, 'photo', 'image/jpeg', 123456, ${`lessons/${slug}/${lesson}/1.jpg`}, ${p.instructorUserId})`);
  const centre = await one(sql`insert into locations (tenant_id, kind, name, address)
    values (${t}, 'test_centre', 'Test centre', '2 Exam Road') returning id`);
  await tx.execute(sql`insert into test_records (tenant_id, student_id, kind, test_on, centre_location_id, created_by)
    values (${t}, ${p.studentId}, 'practical', '2030-03-15', ${centre}, ${p.ownerUserId})`);
  const document = await one(sql`insert into documents
    (tenant_id, user_id, category, reference_enc, issued_on, expires_on, verified_by, verified_at, created_by)
    values (${t}, ${p.studentUserId}, 'theory_certificate', ${`v1.sealed.${slug}`}, '2029-12-01', '2031-11-30',
            ${p.ownerUserId}, '2029-12-02T09:00:00Z', ${p.studentUserId}) returning id`);
  await tx.execute(sql`insert into document_expiry_notices (tenant_id, document_id, notice, expires_on, event_id)
    values (${t}, ${document}, 'expiring_30', '2031-11-30', gen_random_uuid())`);
  await tx.execute(sql`insert into guardians (tenant_id, guardian_user_id, student_id, relationship, can_pay)
    values (${t}, ${p.ownerUserId}, ${p.studentId}, 'parent', true)`);
  await tx.execute(sql`insert into practice_entries
    (tenant_id, student_id, supervisor_user_id, driven_on, start_time, minutes, night_minutes, notes, status,
     submitted_by, decided_by, decided_at)
    values (${t}, ${p.studentId}, ${p.ownerUserId}, '2030-01-12', '18:30', 90, 30, 'Night drive home', 'confirmed',
            ${p.studentUserId}, ${p.ownerUserId}, '2030-01-13T08:00:00Z')`);
  await tx.execute(sql`insert into guardian_invitations
    (tenant_id, student_id, email, relationship, can_pay, token_hash, invited_by, expires_at, accepted_at, accepted_by)
    values (${t}, ${p.studentId}, ${`parent@${slug}.test`}, 'parent', true, ${`${slug}`.padEnd(64, '0')},
            ${p.studentUserId}, '2030-01-20T00:00:00Z', '2030-01-14T09:00:00Z', ${p.ownerUserId})`);
}

/**
 * Messaging's notifications: a school's template version, a notification, its in-app delivery and
 * a suppressed address (the channels engineer's table; one row so every tenant table has rows).
 */
async function insertNotificationRows(tx: Tx, tenantId: string, slug: string, p: People): Promise<void> {
  const t = tenantId;
  await tx.execute(sql`insert into notification_templates
    (tenant_id, event_type, channel, locale, version, subject, body, active, created_by)
    values (${t}, 'booking.confirmed', 'email', 'en-GB', 1, ${`Booked at ${slug}`}, 'See you {{ booking.start }}', true, ${p.ownerUserId})`);
  const [n] = await tx.execute<{ id: string }>(sql`insert into notifications
    (tenant_id, event_type, user_id, recipient_role, title, body, url)
    values (${t}, 'booking.confirmed', ${p.studentUserId}, 'student', ${`Lesson confirmed at ${slug}`}, 'Confirmed', '/bookings')
    returning id`);
  await tx.execute(sql`insert into notification_channels (tenant_id, notification_id, channel, address, status, rendered)
    values (${t}, ${n!.id}, 'in_app', ${p.studentUserId}, 'delivered', '{"subject":"Confirmed","text":"Confirmed"}'::jsonb)`);
  await tx.execute(sql`insert into notification_suppressions (tenant_id, channel, address, reason)
    values (${t}, 'email', ${`bounced@${slug}.test`}, 'bounce')`);
}

/** A conversation about the fixture booking, with both people in it, a message and an attachment. */
async function insertMessagingThreadRows(tx: Tx, t: string, slug: string, p: People, s: SchedulingRows) {
  const one = async (q: ReturnType<typeof sql>) => (await tx.execute<{ id: string }>(q))[0]!.id;
  const thread = await one(sql`insert into message_threads (tenant_id, kind, booking_id, subject, created_by)
    values (${t}, 'student_instructor', ${s.bookingId}, 'Pickup', ${p.studentUserId}) returning id`);
  await tx.execute(sql`insert into message_participants (tenant_id, thread_id, user_id, role)
    values (${t}, ${thread}, ${p.studentUserId}, 'student'), (${t}, ${thread}, ${p.instructorUserId}, 'instructor')`);
  const message = await one(sql`insert into messages (tenant_id, thread_id, sender_id, client_id, body)
    values (${t}, ${thread}, ${p.studentUserId}, ${`fixture-${slug}`}, 'See you at the station') returning id`);
  await tx.execute(sql`update message_participants set last_read_message_id = ${message}, last_read_at = now()
    where tenant_id = ${t} and thread_id = ${thread} and user_id = ${p.studentUserId}`);
  await tx.execute(sql`insert into message_attachments
    (tenant_id, message_id, thread_id, content_type, size_bytes, storage_key, original_name, uploaded_by)
    values (${t}, ${message}, ${thread}, 'image/png', 68, ${`messaging/${slug}/fixture.png`}, 'map.png', ${p.studentUserId})`);
}

/**
 * A row in every crm table: the pipeline's stage, the student's contact with an automatic
 * interaction, a note, an open follow-up task, and a follow-up rule.
 */
async function insertCrmRows(tx: Tx, tenantId: string, slug: string, p: People): Promise<void> {
  const t = tenantId;
  // A stage key of each school's own (keys are natural keys: the same 'enquiry' in both schools
  // would make re-pointing A's contact at B's stage a no-op rather than a refused key).
  const stage = `enquiry-${slug}`;
  await tx.execute(sql`insert into crm_pipeline_stages (tenant_id, key, label, position, kind)
    values (${t}, ${stage}, 'Enquiry', 1, 'open')`);
  const [contact] = await tx.execute<{ id: string }>(sql`insert into crm_contacts
    (tenant_id, name, email, phone, user_id, student_id, instructor_id, stage, source, postcode, transmission)
    values (${t}, ${`Student ${slug}`}, 'student@school.test', '+447700900123', ${p.studentUserId}, ${p.studentId}, ${p.instructorId},
            ${stage}, 'signup', 'N1 9GU', 'manual') returning id`);
  const c = contact!.id;
  await tx.execute(sql`insert into crm_interactions
    (tenant_id, contact_id, kind, summary, automatic, source_event_type, source_entity_id, source_event_id)
    values (${t}, ${c}, 'booking', 'Lesson requested', true, 'booking.requested', gen_random_uuid(), gen_random_uuid())`);
  await tx.execute(sql`insert into crm_notes (tenant_id, contact_id, author_user_id, body)
    values (${t}, ${c}, ${p.ownerUserId}, 'Prefers evenings')`);
  await tx.execute(sql`insert into crm_tasks (tenant_id, contact_id, assignee_user_id, title, kind, due_on, rule_key, created_by_user_id)
    values (${t}, ${c}, ${p.ownerUserId}, 'Ask for a review', 'review_request', '2030-01-10', 'review_request', ${p.ownerUserId})`);
  await tx.execute(sql`insert into crm_followup_rules (tenant_id, key, enabled, thresholds)
    values (${t}, 'no_lesson_booked', true, '{"days":14}'::jsonb)`);
}

/** An analytics event (the booking's completion) and the school's and instructor's day it made. */
async function insertAnalyticsRows(tx: Tx, tenantId: string, p: People, s: SchedulingRows): Promise<void> {
  const t = tenantId;
  await tx.execute(sql`insert into analytics_events
    (tenant_id, id, type, occurred_at, entity_type, entity_id, properties)
    values (${t}, gen_random_uuid(), 'booking.completed', '2030-01-07T11:00:00Z', 'booking', ${s.bookingId},
            ${JSON.stringify({ bookingId: s.bookingId, instructorId: p.instructorId, studentId: p.studentId })}::jsonb)`);
  await tx.execute(sql`insert into analytics_school_days (tenant_id, day, lessons_taught, minutes_taught, revenue_minor)
    values (${t}, '2030-01-07', 1, 60, 4000)`);
  await tx.execute(sql`insert into analytics_instructor_days (tenant_id, instructor_id, day, lessons_taught, minutes_taught)
    values (${t}, ${p.instructorId}, '2030-01-07', 1, 60)`);
}
