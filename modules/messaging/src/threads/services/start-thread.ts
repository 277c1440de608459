import type { Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import { messageParticipants, messageThreads, type ParticipantRole, type ThreadKind } from '../schema.ts';
import { isOffice, type MessagingContext } from './messaging-context.ts';
import { type MessageRow, type PostInput, postInThread } from './post-message.ts';
import { listContacts, mayWriteToOffice, officeUserIds } from './relations.ts';
import { type ThreadRow, threadFor } from './thread-access.ts';
import { invalidBooking, invalidRecipient, recipientNotAllowed } from './thread-errors.ts';

export type StartInput = {
  /** Exactly one of these three says who the conversation is with. */
  recipientUserId?: string | undefined;
  office?: boolean | undefined;
  groupBookingId?: string | undefined;
  subject?: string | undefined;
  /** A direct or office conversation about one lesson (the two parties' booking). */
  bookingId?: string | undefined;
  /** The first message (optional for a group thread, which may already exist). */
  message?: PostInput | undefined;
};

type Member = { userId: string; role: ParticipantRole };

const DEFAULT_SUBJECT = 'Conversation';
const subjectFrom = (input: StartInput) =>
  input.subject ?? input.message?.body.replace(/\s+/g, ' ').trim().slice(0, 80) ?? '';

/**
 * Starts a conversation the caller is allowed to have (relations.ts), with its first message.
 * A group lesson has one thread: starting it again answers the existing one (and adds seat
 * holders who joined since).
 */
export async function startThread(
  tx: Tx,
  ctx: MessagingContext,
  input: StartInput,
): Promise<{ thread: ThreadRow; message: MessageRow | undefined; created: boolean }> {
  const chosen = [input.recipientUserId, input.office, input.groupBookingId].filter((x) => x !== undefined);
  if (chosen.length !== 1) {
    throw invalidRecipient(
      'Say who the conversation is with: exactly one of recipientUserId, office, groupBookingId.',
      'body.recipientUserId',
    );
  }
  if (input.groupBookingId) return startGroupThread(tx, ctx, input.groupBookingId, input);

  let kind: ThreadKind;
  let members: Member[];
  const myRole: ParticipantRole = ctx.viewer.studentId ? 'student' : 'instructor';
  if (input.office) {
    if (!mayWriteToOffice(ctx)) throw recipientNotAllowed('body.office');
    kind = ctx.viewer.studentId ? 'student_office' : 'instructor_office';
    members = [
      { userId: ctx.viewer.userId, role: myRole },
      ...(await officeUserIds(tx, ctx.tenantId)).map((userId) => ({ userId, role: 'office' as const })),
    ];
  } else {
    const [contact] = await listContacts(tx, ctx, input.recipientUserId);
    if (!contact) throw recipientNotAllowed();
    if (isOffice(ctx)) {
      kind = contact.role === 'student' ? 'student_office' : 'instructor_office';
      members = [
        { userId: contact.userId, role: contact.role },
        ...(await officeUserIds(tx, ctx.tenantId)).map((userId) => ({ userId, role: 'office' as const })),
      ];
    } else {
      kind = 'student_instructor';
      members = [
        { userId: ctx.viewer.userId, role: myRole },
        { userId: contact.userId, role: contact.role },
      ];
    }
  }
  if (input.bookingId) await checkBookingOf(tx, ctx, input.bookingId, members);
  if (!input.message) throw invalidRecipient('A new conversation starts with a message.', 'body.body');

  const [thread] = await tx
    .insert(messageThreads)
    .values({
      tenantId: ctx.tenantId,
      kind,
      bookingId: input.bookingId ?? null,
      subject: subjectFrom(input) || DEFAULT_SUBJECT,
      createdBy: ctx.viewer.userId,
      // The service's clock, like every stamp of a conversation (the demo's history runs on it).
      createdAt: ctx.now,
      lastMessageAt: ctx.now,
    })
    .returning();
  await addMembers(tx, ctx.tenantId, thread!.id, members);
  const { message } = await postInThread(tx, ctx, thread!, input.message);
  return { thread: thread!, message, created: true };
}

async function addMembers(tx: Tx, tenantId: string, threadId: string, members: Member[]) {
  const unique = [...new Map(members.map((m) => [m.userId, m])).values()];
  await tx
    .insert(messageParticipants)
    .values(unique.map((m) => ({ tenantId, threadId, userId: m.userId, role: m.role })))
    .onConflictDoNothing();
}

/** A booking a direct conversation is about must be between its people (the office: any party's). */
async function checkBookingOf(tx: Tx, ctx: MessagingContext, bookingId: string, members: Member[]) {
  const [booking] = await bookingParties(tx, ctx.tenantId, bookingId);
  const parties = booking ? [booking.instructor_user, booking.student_user, ...(booking.seats ?? [])] : [];
  const people = members.filter((m) => m.role !== 'office').map((m) => m.userId);
  if (!booking || !people.every((u) => parties.includes(u)))
    throw invalidBooking('The lesson is not one between the people of this conversation.', 'body.bookingId');
}

/** A booking's instructor, lead student and seat holders (booked or attended), as user ids. */
const bookingParties = (tx: Tx, tenantId: string, bookingId: string) =>
  tx.execute<{
    instructor_user: string;
    student_user: string;
    capacity: number;
    starts_at: string;
    seats: string[] | null;
  }>(sql`select iu.id as instructor_user, su.id as student_user, b.capacity, b.starts_at,
          array(select pu.id from booking_participants p
                  join students ps on ps.tenant_id = p.tenant_id and ps.id = p.student_id
                  join users pu on pu.tenant_id = ps.tenant_id and pu.id = ps.user_id
                 where p.tenant_id = b.tenant_id and p.booking_id = b.id and p.status in ('booked', 'attended')) as seats
        from bookings b
        join instructors i on i.tenant_id = b.tenant_id and i.id = b.instructor_id
        join users iu on iu.tenant_id = i.tenant_id and iu.id = i.user_id
        join students s on s.tenant_id = b.tenant_id and s.id = b.student_id
        join users su on su.tenant_id = s.tenant_id and su.id = s.user_id
        where b.tenant_id = ${tenantId} and b.id = ${bookingId}`);

/**
 * The group lesson's conversation: its instructor and every student holding a seat (booked or
 * attended). Who may open it: those people and the office (who then joins it as the office).
 */
async function startGroupThread(tx: Tx, ctx: MessagingContext, bookingId: string, input: StartInput) {
  const rows = await bookingParties(tx, ctx.tenantId, bookingId);
  const booking = rows[0];
  const seats = booking?.seats ?? [];
  const me = ctx.viewer.userId;
  const isParty = booking && (booking.instructor_user === me || seats.includes(me));
  if (!booking || !(isParty || isOffice(ctx)))
    throw invalidBooking('There is no such group lesson of yours.', 'body.groupBookingId');
  if (booking.capacity <= 1)
    throw invalidBooking('That lesson is not a group lesson.', 'body.groupBookingId');

  const members: Member[] = [
    { userId: booking.instructor_user, role: 'instructor' },
    ...seats.map((userId) => ({ userId, role: 'student' as const })),
    ...(isParty ? [] : [{ userId: me, role: 'office' as const }]),
  ];
  const inserted = await tx
    .insert(messageThreads)
    .values({
      tenantId: ctx.tenantId,
      kind: 'group',
      bookingId,
      subject: input.subject ?? `Group lesson ${new Date(booking.starts_at).toISOString().slice(0, 10)}`,
      createdBy: me,
    })
    .onConflictDoNothing()
    .returning();
  const created = inserted.length === 1;
  let thread = inserted[0];
  await addMembers(
    tx,
    ctx.tenantId,
    thread?.id ?? (await groupThreadId(tx, ctx.tenantId, bookingId)),
    members,
  );
  if (!thread)
    thread = (await threadFor(tx, ctx, await groupThreadId(tx, ctx.tenantId, bookingId), { lock: true }))
      .thread;
  const posted = input.message ? await postInThread(tx, ctx, thread, input.message) : undefined;
  return { thread, message: posted?.message, created };
}

async function groupThreadId(tx: Tx, tenantId: string, bookingId: string): Promise<string> {
  const [row] = await tx.execute<{ id: string }>(sql`select id from message_threads
    where tenant_id = ${tenantId} and booking_id = ${bookingId} and kind = 'group'`);
  return row!.id;
}
