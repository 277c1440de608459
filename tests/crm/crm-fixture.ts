import { crmModule } from '@dualcontrol/crm';
import { parseKeyring } from '@dualcontrol/db';
import { lessonsModule } from '@dualcontrol/lessons';
import { createLogger, createOutboxDispatcher } from '@dualcontrol/platform';
import { createLessonsSchool, createTestApi, type TestApi } from '../lessons/lessons-fixture.ts';

/**
 * Delivers pending domain events through the lessons and crm modules' real handlers (as the worker
 * does: one dispatcher for every module, so neither marks an event delivered before the other saw it).
 */
export function dispatchCrm(api: TestApi) {
  const log = createLogger('silent');
  const deps = { env: api.tdb.env, keyring: parseKeyring(api.tdb.env.ENCRYPTION_KEYS), db: api.tdb.db, log };
  const handlers = [
    ...lessonsModule.subscriptions!(deps).map((h) => ({ ...h, moduleId: 'lessons' })),
    ...crmModule.subscriptions!(deps).map((h) => ({ ...h, moduleId: 'crm' })),
  ];
  return createOutboxDispatcher({ platformDb: api.tdb.platformDb, db: api.tdb.db, handlers, log }).drain();
}

export type CrmSchool = Awaited<ReturnType<typeof createCrmSchool>>;

/**
 * A school with scheduling and lessons set up (createLessonsSchool: an owner, two instructors,
 * three students) plus an admin, and helpers for the crm API.
 */
export async function createCrmSchool(api: TestApi, slug: string) {
  const school = await createLessonsSchool(api, slug);
  const contact = async (body: Record<string, unknown>, token = school.ownerToken) =>
    school.expectOk(school.call('POST', '/api/v1/crm/contacts', token, body), 201, 'contact');
  return { ...school, contact };
}

/** The outbox events of `type` (newest last), as the owner role sees them. */
export async function eventsOf(api: TestApi, type: string) {
  return api.tdb.owner<{ payload: Record<string, unknown> }[]>`
    select payload from outbox_events where type = ${type} order by id`;
}

export { createTestApi, type TestApi };
