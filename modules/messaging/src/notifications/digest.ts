import type { Tx } from '@dualcontrol/db';
import { and, eq, sql } from 'drizzle-orm';
import type { SendingRule } from '../rules/rule.ts';
import type { Reader } from '../rules/variables.ts';
import { DIGEST_TEMPLATE } from '../templates/defaults.ts';
import { renderMessage } from '../templates/render.ts';
import type { SchoolInfo } from './people.ts';
import type { RecipientRole } from './schema.ts';
import { type Channel, notificationChannels, notifications } from './schema.ts';

/** A digest's line per event: the event's own notification and its in-app title. */
export type DigestItem = { notificationId: string; title: string };
type DigestData = { kind: string; items: DigestItem[] };

/** Rows due this soon are left alone: the channel dispatcher may be about to claim them. */
const CLAIM_MARGIN_MS = 5_000;

/*
 * Digests: a person's non-critical news of one digestible kind (an instructor's new requests, new
 * messages) goes, per outward channel, into one pending delivery that waits for the person's
 * window to close and is rewritten in place as items arrive: three requests in the window are one
 * email saying "3 new lesson requests". The digest is its own `notifications` row (no event id,
 * digest_key `digest:<event type>`); each event's notification still appears in the in-app centre
 * at once and points at the digest through its digest_key. A digest whose delivery has gone out
 * (or is about to) is closed, and the next event opens a new one.
 */
export async function addToDigest(
  tx: Tx,
  input: {
    tenantId: string;
    userId: string;
    role: RecipientRole;
    kind: string;
    digest: NonNullable<SendingRule<unknown>['digest']>;
    channel: Channel;
    addresses: string[];
    item: DigestItem;
    windowMinutes: number;
    waitUntil: Date | null;
    now: Date;
    school: SchoolInfo;
    reader: Reader;
  },
): Promise<boolean> {
  const { tenantId, userId, kind, now } = input;
  if (input.addresses.length === 0) return false;
  const key = `digest:${kind}`;
  // One writer per (person, kind) at a time: two events at once must not open two digests.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${tenantId}:${userId}:${key}`}, 0))`);
  const openAfter = new Date(now.getTime() + CLAIM_MARGIN_MS);
  const [open] = await tx.execute<{ id: string; data: DigestData }>(sql`
    select n.id, n.data from notifications n
     where n.tenant_id = ${tenantId} and n.user_id = ${userId} and n.digest_key = ${key}
       and n.event_id is null and n.status = 'pending'
       and exists (select 1 from notification_channels c
                    where c.tenant_id = n.tenant_id and c.notification_id = n.id and c.status = 'pending'
                      and c.next_attempt_at > ${openAfter.toISOString()}::timestamptz)
     order by n.created_at desc limit 1
     for update`);

  let digestId: string;
  let data: DigestData;
  let sendAt: Date;
  if (open) {
    digestId = open.id;
    data = open.data;
    if (!data.items.some((i) => i.notificationId === input.item.notificationId)) data.items.push(input.item);
    const [due] = await tx.execute<{ at: string }>(sql`
      select min(next_attempt_at)::text as at from notification_channels
       where tenant_id = ${tenantId} and notification_id = ${digestId} and status = 'pending'`);
    sendAt = new Date(due!.at);
  } else {
    data = { kind, items: [input.item] };
    sendAt = new Date(now.getTime() + input.windowMinutes * 60_000);
    if (input.waitUntil && input.waitUntil > sendAt) sendAt = input.waitUntil;
    const [row] = await tx
      .insert(notifications)
      .values({
        tenantId,
        eventId: null,
        eventType: kind,
        userId,
        recipientRole: input.role,
        title: '',
        body: '',
        url: input.digest.path,
        data,
        deliverAfter: sendAt,
        digestKey: key,
      })
      .returning({ id: notifications.id });
    digestId = row!.id;
  }
  const count = data.items.length;
  const noun = count === 1 ? input.digest.noun.one : input.digest.noun.many;
  const vars = {
    'school.name': input.school.name,
    'school.url': input.school.url,
    'recipient.name': input.reader.name,
    'recipient.role': input.reader.role,
    link: `${input.school.url}${input.digest.path}`,
    count,
    noun,
    items: data.items.map((i) => ({ title: i.title })),
  };
  const render = (channel: Channel) =>
    renderMessage({
      template: DIGEST_TEMPLATE,
      channel,
      locale: input.reader.locale,
      vars,
      branding: input.school.branding,
      path: input.digest.path,
      preferencesUrl: `${input.school.url}/notifications/preferences`,
    });
  const summary = render('in_app');
  await tx
    .update(notifications)
    .set({ data, title: summary.subject, body: summary.text, updatedAt: now })
    .where(and(eq(notifications.tenantId, tenantId), eq(notifications.id, digestId)));
  // This channel's rows (new or rewritten), then every other pending row of the digest rewritten
  // so all its channels say the same count.
  for (const address of input.addresses) {
    await tx
      .insert(notificationChannels)
      .values({
        tenantId,
        notificationId: digestId,
        channel: input.channel,
        address,
        rendered: render(input.channel),
        nextAttemptAt: sendAt,
      })
      .onConflictDoNothing();
  }
  const pending = await tx.execute<{ id: string; channel: Channel }>(sql`
    select id, channel from notification_channels
     where tenant_id = ${tenantId} and notification_id = ${digestId} and status = 'pending' for update`);
  for (const row of pending) {
    await tx
      .update(notificationChannels)
      .set({ rendered: render(row.channel), updatedAt: now })
      .where(and(eq(notificationChannels.tenantId, tenantId), eq(notificationChannels.id, row.id)));
  }
  // The event's own notification points at the digest carrying its outward delivery.
  await tx
    .update(notifications)
    .set({ digestKey: digestId })
    .where(and(eq(notifications.tenantId, tenantId), eq(notifications.id, input.item.notificationId)));
  return true;
}
