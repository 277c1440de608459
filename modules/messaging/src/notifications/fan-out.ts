import type { Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import { DELIVERIES_CHANNEL } from '../channels/dispatcher.ts';
import { LIVE_CHANNEL } from '../live/publish.ts';
import { type PersonSettings, quietHoursEnd, readPeopleSettings } from '../preferences/preferences.ts';
import { sendingRule } from '../rules/catalog.ts';
import { type Recipient, resolveRecipients, studentOf } from '../rules/recipients.ts';
import type { SendingRule } from '../rules/rule.ts';
import { buildVariables, loadNames, type Reader } from '../rules/variables.ts';
import { templateLocale } from '../templates/defaults.ts';
import { reminderIcs } from '../templates/ics.ts';
import { activeTemplates, renderMessage } from '../templates/render.ts';
import { addToDigest } from './digest.ts';
import { type Contact, drivingUntil, readContacts, readSchool } from './people.ts';
import { type Channel, notificationChannels, notifications, type RenderedMessage } from './schema.ts';

/** An outbox event as the fan-out reads it (the dispatcher's row, payload already parsed). */
export type FanOutEvent = { id: string; tenantId: string; type: string; payload: Record<string, unknown> };

export type FanOutResult = { notifications: number; channels: number; digested: number };

const ROW_CHUNK = 1000;

/** Where a channel sends, for one person: none when they have no such address (no phone, no device). */
function addresses(channel: Channel, userId: string, contact: Contact): string[] {
  switch (channel) {
    case 'email':
      return [contact.email];
    case 'sms':
    case 'whatsapp':
      return contact.phone ? [contact.phone] : [];
    case 'push':
      return contact.devices;
    case 'in_app':
      return [userId];
  }
}

/** The channels a person gets an event's news on: their choice for the rule's group, else the rule's. */
const chosenChannels = (rule: SendingRule<unknown>, settings: PersonSettings | undefined) =>
  settings?.preferences.channels[rule.group] ?? rule.channels;

/**
 * Reminders come at the offsets the person chose: one who wants only the day-before reminder
 * gets no notification at all for the 2-hour one (not even in the centre).
 */
function wantsReminder(
  rule: SendingRule<unknown>,
  settings: PersonSettings | undefined,
  payload: Record<string, unknown>,
) {
  if (rule.group !== 'reminders' || typeof payload.minutesBefore !== 'number') return true;
  // Never chosen: whatever the school's booking workflow sends (24 h and 2 h unless it says otherwise).
  if (!settings?.remindersChosen) return true;
  return settings.preferences.reminders.minutesBefore.includes(payload.minutesBefore);
}

/**
 * Turns one event into notifications: the rule's recipients, each person's channels, one
 * `notifications` row per recipient and one `notification_channels` row per channel and address
 * with the content rendered in the person's language and zone. Runs in the outbox handler's
 * transaction; the (event, recipient) key makes a redelivered event a no-op, so nothing is sent twice.
 *
 * Delivery timing: in-app is delivered at once. Other channels wait (`nextAttemptAt`) for the end
 * of the person's quiet hours or of the lesson they are driving in, unless the event is critical.
 * Digestible events go into the person's open digest instead (digest.ts).
 */
export async function fanOut(tx: Tx, event: FanOutEvent, now = new Date()): Promise<FanOutResult> {
  const result: FanOutResult = { notifications: 0, channels: 0, digested: 0 };
  const rule = sendingRule(event.type) as SendingRule<Record<string, unknown>> | undefined;
  if (!rule) return result;
  const { tenantId, payload } = event;
  const recipients = await resolveRecipients(tx, tenantId, rule.recipients, payload);
  if (recipients.length === 0) return result;

  const userIds = recipients.map((r) => r.userId);
  // One transaction, one connection: read one after the other.
  const school = await readSchool(tx, tenantId);
  const contacts = await readContacts(tx, tenantId, userIds);
  const settings = await readPeopleSettings(tx, tenantId, userIds);
  const driving = await drivingUntil(tx, tenantId, userIds, now);
  const names = await loadNames(tx, tenantId, payload, await studentOf(tx, tenantId, payload));
  const templates = await activeTemplates(tx, tenantId, event.type);
  const critical = rule.critical(payload, { now });
  const entity = rule.entity(payload);
  const path = rule.url(payload);
  const link = `${school.url}${path}`;
  // What a re-render needs: the payload's ids, times and amounts, not its recipient lists (a
  // school-wide reminder names thousands of people; each copy would carry all of them).
  const scalars = Object.fromEntries(Object.entries(payload).filter(([, v]) => !Array.isArray(v)));

  type Planned = {
    recipient: Recipient;
    reader: Reader;
    vars: Record<string, unknown>;
    channels: Channel[];
    title: string;
    body: string;
    waitUntil: Date | null;
  };
  const planned: Planned[] = [];
  for (const recipient of recipients) {
    const contact = contacts.get(recipient.userId);
    if (!contact) continue; // disabled since the event
    const person = settings.get(recipient.userId);
    if (!wantsReminder(rule, person, payload)) continue;
    const reader: Reader = {
      name: contact.name,
      role: recipient.role,
      timezone: person?.timezone ?? school.timezone,
      locale: templateLocale(person?.locale ?? school.locale),
    };
    const vars = buildVariables({ payload, names, reader, school, link });
    const inApp = renderMessage({
      template: templates.pick('in_app', reader.locale),
      channel: 'in_app',
      locale: reader.locale,
      vars,
      branding: school.branding,
      path,
      preferencesUrl: `${school.url}/notifications/preferences`,
    });
    let waitUntil: Date | null = null;
    if (!critical) {
      const quietEnd = quietHoursEnd(now, person?.preferences.quietHours ?? null);
      const drivingEnd =
        recipient.role === 'student' || recipient.role === 'participant' || recipient.role === 'payer'
          ? driving.get(recipient.userId)
          : undefined;
      for (const t of [quietEnd, drivingEnd]) if (t && (!waitUntil || t > waitUntil)) waitUntil = t;
    }
    planned.push({
      recipient,
      reader,
      vars,
      channels: [...chosenChannels(rule, person)],
      title: inApp.subject,
      body: inApp.text,
      waitUntil,
    });
  }

  // One row per (event, recipient); a redelivery inserts nothing and so sends nothing.
  const created = new Map<string, string>();
  for (let i = 0; i < planned.length; i += ROW_CHUNK) {
    const rows = await tx
      .insert(notifications)
      .values(
        planned.slice(i, i + ROW_CHUNK).map((p) => ({
          tenantId,
          eventId: event.id,
          eventType: event.type,
          userId: p.recipient.userId,
          recipientRole: p.recipient.role,
          critical,
          status: p.channels.length === 0 ? ('suppressed' as const) : ('pending' as const),
          entityType: entity?.type ?? null,
          entityId: entity?.id ?? null,
          title: p.title,
          body: p.body,
          url: path,
          data: scalars,
          deliverAfter: p.waitUntil,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: notifications.id, userId: notifications.userId });
    for (const r of rows) created.set(r.userId, r.id);
  }
  result.notifications = created.size;
  if (created.size === 0) return result;

  const channelRows: (typeof notificationChannels.$inferInsert)[] = [];
  const deliveredInApp: { id: string; userId: string }[] = [];
  const inAppOnly = new Set<string>();
  const nothingToSend: string[] = [];
  for (const p of planned) {
    const notificationId = created.get(p.recipient.userId);
    if (!notificationId) continue;
    const contact = contacts.get(p.recipient.userId)!;
    const digest =
      !critical && rule.digest?.roles.includes(p.recipient.role)
        ? (settings.get(p.recipient.userId)?.preferences.digest.windowMinutes ?? 30)
        : 0;
    let outward = false;
    let any = false;
    for (const channel of p.channels) {
      if (channel !== 'in_app' && digest > 0 && rule.digest) {
        const added = await addToDigest(tx, {
          tenantId,
          userId: p.recipient.userId,
          role: p.recipient.role,
          kind: event.type,
          digest: rule.digest,
          channel,
          addresses: addresses(channel, p.recipient.userId, contact),
          item: { notificationId, title: p.title },
          windowMinutes: digest,
          waitUntil: p.waitUntil,
          now,
          school,
          reader: p.reader,
        });
        if (added) {
          result.digested += 1;
          any = true;
        }
        continue;
      }
      const template = templates.pick(channel, p.reader.locale);
      for (const address of addresses(channel, p.recipient.userId, contact)) {
        const rendered = renderMessage({
          template,
          channel,
          locale: p.reader.locale,
          vars: p.vars,
          branding: school.branding,
          path,
          preferencesUrl: `${school.url}/notifications/preferences`,
        });
        if (channel === 'email') attachExtras(rendered, event, p.vars, now);
        any = true;
        if (channel === 'in_app') {
          channelRows.push({
            tenantId,
            notificationId,
            channel,
            address,
            rendered,
            status: 'delivered',
            sentAt: now,
            deliveredAt: now,
          });
          deliveredInApp.push({ id: notificationId, userId: p.recipient.userId });
        } else {
          outward = true;
          channelRows.push({
            tenantId,
            notificationId,
            channel,
            address,
            rendered,
            nextAttemptAt: p.waitUntil ?? now,
          });
        }
      }
    }
    if (!any) nothingToSend.push(notificationId);
    else if (!outward) inAppOnly.add(notificationId);
  }
  for (let i = 0; i < channelRows.length; i += ROW_CHUNK) {
    await tx
      .insert(notificationChannels)
      .values(channelRows.slice(i, i + ROW_CHUNK))
      .onConflictDoNothing();
  }
  result.channels = channelRows.length;
  // Wake the channel dispatchers on commit (they also poll, but a reminder should not wait for it).
  if (channelRows.some((r) => r.channel !== 'in_app'))
    await tx.execute(sql`select pg_notify(${DELIVERIES_CHANNEL}, '')`);

  // Only in-app (the rest, if any, went into a digest): the notification is delivered now. No
  // channel at all (opted out of every one, or no address for the chosen ones): suppressed.
  await setStatus(tx, tenantId, [...inAppOnly], 'delivered');
  await setStatus(tx, tenantId, nothingToSend, 'suppressed');
  await announce(tx, tenantId, deliveredInApp);
  return result;
}

async function setStatus(tx: Tx, tenantId: string, ids: string[], status: 'delivered' | 'suppressed') {
  for (let i = 0; i < ids.length; i += ROW_CHUNK) {
    await tx.execute(sql`update notifications set status = ${status}, updated_at = now()
      where tenant_id = ${tenantId} and id = any(${`{${ids.slice(i, i + ROW_CHUNK).join(',')}}`}::uuid[]) and status = 'pending'`);
  }
}

/** The reminder's ICS file rides along in its email. */
function attachExtras(
  rendered: RenderedMessage,
  event: FanOutEvent,
  vars: Record<string, unknown>,
  now: Date,
) {
  const p = event.payload;
  if (event.type !== 'booking.reminder_due') return;
  if (typeof p.eventId !== 'string' || typeof p.start !== 'string' || typeof p.end !== 'string') return;
  rendered.attachments = [
    reminderIcs({
      calendarEventId: p.eventId,
      start: p.start,
      end: p.end,
      summary: `Driving lesson${vars['instructor.name'] ? ` with ${vars['instructor.name']}` : ''}`,
      description: rendered.text,
      now,
    }),
  ];
}

/**
 * `notification.created` on the live stream for each in-app delivery: one statement for the lot
 * (the payload is publishLive's shape), sent by PostgreSQL on commit only.
 */
async function announce(tx: Tx, tenantId: string, delivered: { id: string; userId: string }[]) {
  for (let i = 0; i < delivered.length; i += ROW_CHUNK) {
    const part = delivered.slice(i, i + ROW_CHUNK);
    await tx.execute(sql`
      select pg_notify(${LIVE_CHANNEL}, json_build_object(
               'tenantId', ${tenantId}::text, 'userIds', json_build_array(x.user_id),
               'kind', 'notification.created', 'id', x.id)::text)
        from unnest(${`{${part.map((d) => d.id).join(',')}}`}::uuid[], ${`{${part.map((d) => d.userId).join(',')}}`}::uuid[]) as x(id, user_id)`);
  }
}
