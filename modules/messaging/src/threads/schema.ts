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
import { bookings } from '@dualcontrol/scheduling';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * What a conversation is between. `student_office` and `instructor_office` put one person with
 * the school's office (its owners and admins); `group` is the seat holders and the instructor of a
 * group lesson (one thread per booking).
 */
export const THREAD_KINDS = ['student_instructor', 'student_office', 'instructor_office', 'group'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

export const PARTICIPANT_ROLES = ['student', 'instructor', 'office'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** A message's longest body, in characters (also a CHECK, so no path around it stores more). */
export const MESSAGE_MAX_CHARS = 4000;

export const messageThreads = pgTable(
  'message_threads',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    kind: text('kind', { enum: THREAD_KINDS }).notNull(),
    /** What the conversation is about (a lesson); required for `group`. */
    bookingId: uuid('booking_id'),
    subject: text('subject').notNull(),
    createdBy: uuid('created_by').notNull(),
    /** The newest message's time (the thread's creation until its first): the inbox's order. */
    lastMessageAt: ts('last_message_at').notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('message_threads_recent_idx').on(t.tenantId, t.lastMessageAt, t.id),
    // One group conversation per group lesson, so two seat holders starting it meet in the same one.
    uniqueIndex('message_threads_group_booking_key')
      .on(t.tenantId, t.bookingId)
      .where(sql`${t.kind} = 'group'`),
    check('message_threads_subject', sql`char_length(${t.subject}) between 1 and 200`),
    check('message_threads_group_booking', sql`${t.kind} <> 'group' or ${t.bookingId} is not null`),
    sameTenant('message_threads_booking_fk', [t.tenantId, t.bookingId], [bookings.tenantId, bookings.id]),
    referencesUser('message_threads_created_by_fk', t.tenantId, t.createdBy),
    tenantIsolationPolicy(),
  ],
);

/**
 * Who is in a thread, and how far they have read: `last_read_message_id` is the newest message
 * they have seen (ids are UUIDv7, so "unread" is "id greater than it, not mine"), `last_read_at`
 * when they read it (the sender's "Read 10:42"). `left_at` keeps a former participant's history.
 */
export const messageParticipants = pgTable(
  'message_participants',
  {
    tenantId: tenantIdColumn(),
    threadId: uuid('thread_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role', { enum: PARTICIPANT_ROLES }).notNull(),
    muted: boolean('muted').notNull().default(false),
    lastReadAt: ts('last_read_at'),
    lastReadMessageId: uuid('last_read_message_id'),
    joinedAt: ts('joined_at').notNull().defaultNow(),
    leftAt: ts('left_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.threadId, t.userId] }),
    // "My threads": every inbox read starts here.
    index('message_participants_user_idx').on(t.tenantId, t.userId, t.threadId),
    sameTenant(
      'message_participants_thread_fk',
      [t.tenantId, t.threadId],
      [messageThreads.tenantId, messageThreads.id],
    ).onDelete('cascade'),
    referencesUser('message_participants_user_fk', t.tenantId, t.userId),
    tenantIsolationPolicy(),
  ],
);

/**
 * A message. `client_id` is the sender's own id for it (the portal makes one per message written,
 * offline or not): a resend of the same (sender, client_id) answers the first message instead of
 * storing a second. A deleted message keeps its row (the thread's history stays explainable) and
 * loses its body.
 */
export const messages = pgTable(
  'messages',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    threadId: uuid('thread_id').notNull(),
    senderId: uuid('sender_id').notNull(),
    clientId: text('client_id'),
    body: text('body').notNull(),
    createdAt: createdAt(),
    editedAt: ts('edited_at'),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('messages_thread_idx').on(t.tenantId, t.threadId, t.id),
    uniqueIndex('messages_client_key').on(t.tenantId, t.senderId, t.clientId),
    check(
      'messages_body',
      sql`char_length(${t.body}) <= ${sql.raw(String(MESSAGE_MAX_CHARS))} and (${t.deletedAt} is not null or char_length(${t.body}) >= 1)`,
    ),
    sameTenant(
      'messages_thread_fk',
      [t.tenantId, t.threadId],
      [messageThreads.tenantId, messageThreads.id],
    ).onDelete('cascade'),
    referencesUser('messages_sender_fk', t.tenantId, t.senderId),
    tenantIsolationPolicy(),
  ],
);

/** A file sent with a message: bytes through the platform storage, metadata here. */
export const messageAttachments = pgTable(
  'message_attachments',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    messageId: uuid('message_id').notNull(),
    threadId: uuid('thread_id').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    storageKey: text('storage_key').notNull(),
    originalName: text('original_name'),
    uploadedBy: uuid('uploaded_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('message_attachments_storage_key').on(t.tenantId, t.storageKey),
    index('message_attachments_message_idx').on(t.tenantId, t.messageId),
    check('message_attachments_size', sql`${t.sizeBytes} >= 0`),
    sameTenant(
      'message_attachments_message_fk',
      [t.tenantId, t.messageId],
      [messages.tenantId, messages.id],
    ).onDelete('cascade'),
    sameTenant(
      'message_attachments_thread_fk',
      [t.tenantId, t.threadId],
      [messageThreads.tenantId, messageThreads.id],
    ).onDelete('cascade'),
    referencesUser('message_attachments_uploaded_by_fk', t.tenantId, t.uploadedBy),
    tenantIsolationPolicy(),
  ],
);
