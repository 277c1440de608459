import {
  createdAt,
  idColumn,
  referencesUser,
  sameTenant,
  tenantIdColumn,
  tenantIsolationPolicy,
  ts,
  updatedAt,
} from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Where a notification can go. `in_app` is the portal's notification centre (and its SSE stream). */
export const CHANNELS = ['email', 'sms', 'whatsapp', 'push', 'in_app'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Who a rule can address, resolved from the event's payload (see rules). */
export const RECIPIENT_ROLES = [
  'student',
  'instructor',
  'guardian',
  'payer',
  'admins',
  'participant',
] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/**
 * A notification's status, honest about what happened: `sent` means a channel handed it over,
 * `delivered` that a provider (or the in-app centre) confirmed it, `bounced`/`failed` are final,
 * `read` that the person opened it. `suppressed` when every channel was suppressed or opted out.
 */
export const NOTIFICATION_STATUSES = [
  'pending',
  'sent',
  'delivered',
  'failed',
  'bounced',
  'read',
  'suppressed',
] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** One channel's delivery of a notification. `skipped` when a channel fell back (WhatsApp → SMS). */
export const CHANNEL_STATUSES = [
  'pending',
  'sending',
  'sent',
  'delivered',
  'failed',
  'bounced',
  'suppressed',
  'skipped',
] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

/** What a channel sends, rendered from the school's template (or the shipped default) at fan-out. */
export type RenderedMessage = {
  subject: string;
  text: string;
  /** Email only: the branded HTML part. */
  html?: string;
  /** Where the message leads in the portal (a relative path, e.g. /bookings/…). */
  url?: string;
  /** Email only, e.g. the reminder's ICS file. */
  attachments?: { filename: string; contentType: string; contentBase64: string }[];
  /** WhatsApp only: the provider's approved template (Content SID) and its variables. */
  whatsappTemplate?: { contentSid: string; variables: Record<string, string> };
};

/**
 * A school's own version of a template: per event type, channel and locale. Saving a new version
 * keeps the old ones (history; a notification names the version it used); the newest active one
 * wins; with none, the default shipped in code is used.
 */
export const notificationTemplates = pgTable(
  'notification_templates',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    eventType: text('event_type').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    locale: text('locale').notNull(),
    version: integer('version').notNull(),
    subject: text('subject').notNull(),
    /** Liquid source of the text body (SMS, push, in-app, and email's text part). */
    body: text('body').notNull(),
    /** Liquid source of email's HTML part (inside the school's branded layout); null = from `body`. */
    html: text('html'),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('notification_templates_version_key').on(
      t.tenantId,
      t.eventType,
      t.channel,
      t.locale,
      t.version,
    ),
    check('notification_templates_version', sql`${t.version} >= 1`),
    referencesUser('notification_templates_created_by_fk', t.tenantId, t.createdBy),
    tenantIsolationPolicy(),
  ],
);

/**
 * One per recipient per event: the unique (event, recipient) key is what makes a redelivered
 * outbox event a no-op. `entityType`/`entityId` link it to what it is about (a booking, lesson,
 * payment, document, message thread). Digested notifications share a `digestKey` until sent.
 */
export const notifications = pgTable(
  'notifications',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    /** The outbox event it came from; null for notifications not born of an event (a digest). */
    eventId: uuid('event_id'),
    eventType: text('event_type').notNull(),
    userId: uuid('user_id').notNull(),
    recipientRole: text('recipient_role', { enum: RECIPIENT_ROLES }).notNull(),
    critical: boolean('critical').notNull().default(false),
    status: text('status', { enum: NOTIFICATION_STATUSES }).notNull().default('pending'),
    entityType: text('entity_type'),
    entityId: uuid('entity_id'),
    /** The in-app centre's rendering (title + short body + link). */
    title: text('title').notNull(),
    body: text('body').notNull(),
    url: text('url'),
    /** The event payload fields the templates used (ids, times, amounts): what a re-render needs. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** Non-critical notifications in quiet hours (or while the learner drives) wait until this. */
    deliverAfter: ts('deliver_after'),
    digestKey: text('digest_key'),
    readAt: ts('read_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('notifications_event_recipient_key').on(t.tenantId, t.eventId, t.userId),
    index('notifications_user_idx').on(t.tenantId, t.userId, t.createdAt),
    index('notifications_unread_idx').on(t.tenantId, t.userId).where(sql`${t.readAt} is null`),
    referencesUser('notifications_user_fk', t.tenantId, t.userId),
    tenantIsolationPolicy(),
  ],
);

/**
 * A notification's delivery on one channel: the unit the channel dispatcher claims, sends, retries
 * with backoff (`nextAttemptAt`) and records. `providerId` is the provider's message id (SMTP
 * message id, Twilio SID, push service location), which status callbacks look up.
 */
export const notificationChannels = pgTable(
  'notification_channels',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    notificationId: uuid('notification_id').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    /** Email address, E.164 phone number, a user_devices id for push, the user's id for in-app. */
    address: text('address').notNull(),
    status: text('status', { enum: CHANNEL_STATUSES }).notNull().default('pending'),
    rendered: jsonb('rendered').$type<RenderedMessage>().notNull(),
    providerId: text('provider_id'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    /** A claim's lease: a dispatcher killed mid-send leaves it, and the row is claimable again after. */
    claimedUntil: ts('claimed_until'),
    sentAt: ts('sent_at'),
    deliveredAt: ts('delivered_at'),
    failedAt: ts('failed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('notification_channels_channel_key').on(t.tenantId, t.notificationId, t.channel, t.address),
    index('notification_channels_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('notification_channels_provider_idx').on(t.tenantId, t.channel, t.providerId),
    sameTenant(
      'notification_channels_notification_fk',
      [t.tenantId, t.notificationId],
      [notifications.tenantId, notifications.id],
    ).onDelete('cascade'),
    tenantIsolationPolicy(),
  ],
);

/**
 * Addresses a school no longer sends to on a channel: a hard bounce, a complaint, a provider's
 * permanent failure (e.g. Twilio 21610 unsubscribed). Checked before every send.
 */
export const notificationSuppressions = pgTable(
  'notification_suppressions',
  {
    tenantId: tenantIdColumn(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    address: text('address').notNull(),
    reason: text('reason', { enum: ['bounce', 'complaint', 'permanent_failure', 'unsubscribed'] }).notNull(),
    detail: text('detail'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.channel, t.address] }), tenantIsolationPolicy()],
);
