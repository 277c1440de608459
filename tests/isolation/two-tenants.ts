import {
  type Actor,
  idempotencyKeys,
  outboxDeliveries,
  systemActor,
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
import { and, eq } from 'drizzle-orm';

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
