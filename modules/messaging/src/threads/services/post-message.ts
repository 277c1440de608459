import type { Tx } from '@dualcontrol/db';
import { emitEvent } from '@dualcontrol/platform';
import { and, eq } from 'drizzle-orm';
import { messagingEvents } from '../../events.ts';
import { publishLive } from '../../live/publish.ts';
import { messageParticipants, messages, messageThreads } from '../schema.ts';
import type { MessagingContext } from './messaging-context.ts';
import { otherParticipants, type ThreadRow, threadToWrite } from './thread-access.ts';
import { clientIdReused } from './thread-errors.ts';

export type MessageRow = typeof messages.$inferSelect;
export type PostInput = { body: string; clientId?: string | undefined };

/**
 * Posts a message as the caller, exactly once per (sender, clientId): a resend of a message whose
 * answer was lost (the phone went offline, Background Sync replayed it) finds the first one and
 * changes nothing (`created: false`). The sender's own read pointer moves to it; the thread moves
 * up the inbox; `message.sent` goes to the outbox and `message.created` to the others' streams,
 * both in this transaction (nothing is announced that did not commit).
 */
export async function postMessage(
  tx: Tx,
  ctx: MessagingContext,
  threadId: string,
  input: PostInput,
): Promise<{ message: MessageRow; created: boolean }> {
  const { thread } = await threadToWrite(tx, ctx, threadId, { lock: true });
  return postInThread(tx, ctx, thread, input);
}

/** postMessage once the thread is known to be writable by the caller (and locked). */
export async function postInThread(
  tx: Tx,
  ctx: MessagingContext,
  thread: ThreadRow,
  input: PostInput,
): Promise<{ message: MessageRow; created: boolean }> {
  const t = ctx.tenantId;
  const me = ctx.viewer.userId;
  if (input.clientId !== undefined) {
    const [earlier] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.tenantId, t), eq(messages.senderId, me), eq(messages.clientId, input.clientId)));
    if (earlier) {
      if (earlier.threadId !== thread.id) throw clientIdReused();
      return { message: earlier, created: false };
    }
  }
  // The thread's row lock (taken by the caller) orders concurrent resends of one clientId; the
  // unique index is the last word if two arrive through different threads' locks.
  const [message] = await tx
    .insert(messages)
    .values({
      tenantId: t,
      threadId: thread.id,
      senderId: me,
      clientId: input.clientId ?? null,
      body: input.body,
      createdAt: ctx.now,
    })
    .returning();
  const m = message!;
  await tx
    .update(messageThreads)
    .set({ lastMessageAt: m.createdAt })
    .where(and(eq(messageThreads.tenantId, t), eq(messageThreads.id, thread.id)));
  await tx
    .update(messageParticipants)
    .set({ lastReadMessageId: m.id, lastReadAt: m.createdAt })
    .where(
      and(
        eq(messageParticipants.tenantId, t),
        eq(messageParticipants.threadId, thread.id),
        eq(messageParticipants.userId, me),
      ),
    );
  const others = await otherParticipants(tx, ctx, thread.id);
  await emitEvent(tx, t, messagingEvents['message.sent'], {
    threadId: thread.id,
    messageId: m.id,
    senderId: me,
    // Muted participants still see the message (inbox, stream, unread count) but are not notified.
    recipientIds: others.filter((o) => !o.muted).map((o) => o.userId),
    ...(thread.bookingId ? { bookingId: thread.bookingId } : {}),
  });
  await publishLive(
    tx,
    t,
    others.map((o) => o.userId),
    { kind: 'message.created', id: m.id, threadId: thread.id },
  );
  return { message: m, created: true };
}
