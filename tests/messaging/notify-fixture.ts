import { parseKeyring, systemActor } from '@dualcontrol/db';
import { messagingModule } from '@dualcontrol/messaging';
import {
  createLogger,
  createOutboxDispatcher,
  type EventDefinition,
  type EventInput,
  emitEvent,
} from '@dualcontrol/platform';
import { addGuardian } from '../lessons/guardian-fixture.ts';
import { createLessonsSchool, createTestApi, type TestApi } from '../lessons/lessons-fixture.ts';

/** Delivers pending events through messaging's real fan-out handler (as the worker does). */
export function dispatchMessaging(api: TestApi) {
  const log = createLogger('silent');
  const handlers = messagingModule.subscriptions!({
    env: api.tdb.env,
    keyring: parseKeyring(api.tdb.env.ENCRYPTION_KEYS),
    db: api.tdb.db,
    log,
  }).map((h) => ({
    ...h,
    moduleId: 'messaging',
  }));
  return createOutboxDispatcher({ platformDb: api.tdb.platformDb, db: api.tdb.db, handlers, log }).drain();
}

/** Emits a catalog event in its own transaction (checked against the catalog, as emitters are). */
export function emit<E extends EventDefinition>(
  api: TestApi,
  tenantId: string,
  event: E,
  payload: EventInput<E>,
) {
  return api.tdb.db.withTenant(tenantId, systemActor, (tx) => emitEvent(tx, tenantId, event, payload));
}

export type NotifySchool = Awaited<ReturnType<typeof createNotifySchool>>;

/**
 * A school (createLessonsSchool: two instructors, three students, an owner) whose first student
 * has a paying guardian, plus a saved card and a payment plan for that student (stored directly:
 * creating them through payments needs Stripe, and only the plan's student matters here).
 */
export async function createNotifySchool(api: TestApi, slug: string, opts: { timezone?: string } = {}) {
  const school = await createLessonsSchool(api, slug, opts);
  const sam = school.students[0]!;
  const guardian = await addGuardian(api, school, sam, `Gina ${slug}`, { canPay: true });
  const tenantId = school.tenant.id as string;
  const [card] = await api.tdb.owner<{ id: string }[]>`
    insert into payment_methods (tenant_id, student_id, stripe_payment_method_id, brand, last4, exp_month, exp_year, is_default)
    values (${tenantId}, ${sam.id}, ${`pm_${slug}`}, 'visa', '4242', 12, 2030, true) returning id`;
  const [plan] = await api.tdb.owner<{ id: string }[]>`
    insert into payment_plans (tenant_id, student_id, payment_method_id, description, total_minor, currency, retry_delays_seconds)
    values (${tenantId}, ${sam.id}, ${card!.id}, 'Ten lessons', 45000, 'GBP', '[60]'::jsonb) returning id`;
  const [owner] = await api.tdb.owner<{ id: string }[]>`
    select id from users where tenant_id = ${tenantId} and email = ${school.owner.email}`;
  return { ...school, tenantId, guardian, planId: plan!.id, ownerUserId: owner!.id };
}

/** One person's notifications with their channel rows (as the owner role sees every row). */
export async function notificationsOf(api: TestApi, userId: string, eventType?: string) {
  return api.tdb.owner<
    {
      id: string;
      event_id: string | null;
      event_type: string;
      recipient_role: string;
      status: string;
      critical: boolean;
      title: string;
      body: string;
      url: string | null;
      digest_key: string | null;
      deliver_after: Date | null;
    }[]
  >`select id, event_id, event_type, recipient_role, status, critical, title, body, url, digest_key, deliver_after
      from notifications where user_id = ${userId} ${eventType ? api.tdb.owner`and event_type = ${eventType}` : api.tdb.owner``}
     order by created_at, id`;
}

export type ChannelRow = {
  id: string;
  notification_id: string;
  channel: string;
  address: string;
  status: string;
  next_attempt_at: Date;
  rendered: {
    subject: string;
    text: string;
    html?: string;
    url?: string;
    attachments?: { filename: string; contentType: string; contentBase64: string }[];
  };
};

export async function channelsOf(api: TestApi, notificationIds: string[]) {
  if (notificationIds.length === 0) return [];
  return api.tdb.owner<ChannelRow[]>`
    select id, notification_id, channel, address, status, next_attempt_at, rendered from notification_channels
     where notification_id = any(${notificationIds}::uuid[]) order by channel, address`;
}

export { createTestApi, type TestApi };
