import type { Tx } from '@dualcontrol/db';
import { and, desc, eq, sql } from 'drizzle-orm';
import { publishLive } from '../../live/publish.ts';
import { messageAttachments, messageParticipants, messages } from '../schema.ts';
import type { MessagingContext } from './messaging-context.ts';
import type { MessageRow } from './post-message.ts';
import { otherParticipants, threadFor, threadToWrite } from './thread-access.ts';
import { editWindowClosed, messageDeleted, messageNotFound, notSender } from './thread-errors.ts';

/**
 * How long a sender may change or delete a message. Long enough to fix a typo or take back a
 * message sent to the wrong thread, short enough that a reply is not left answering something
 * that later changed: after 15 minutes the conversation is a record (README "Threads").
 */
export const EDIT_WINDOW_MINUTES = 15;

/**
 * Marks the thread read up to `messageId` (default: its newest message). The pointer only moves
 * forward: a stale "read" from a second tab never undoes a newer one. The other participants'
 * streams hear `thread.read` (the sender's "Read 10:42").
 */
export async function markRead(tx: Tx, ctx: MessagingContext, threadId: string, messageId?: string) {
  const { thread, me } = await threadToWrite(tx, ctx, threadId);
  let upTo = messageId;
  if (upTo !== undefined) {
    const [m] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(eq(messages.tenantId, ctx.tenantId), eq(messages.threadId, thread.id), eq(messages.id, upTo)),
      );
    if (!m) throw messageNotFound();
  } else {
    const [newest] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.tenantId, ctx.tenantId), eq(messages.threadId, thread.id)))
      .orderBy(desc(messages.id))
      .limit(1);
    upTo = newest?.id ?? undefined;
  }
  if (upTo === undefined || (me.lastReadMessageId !== null && me.lastReadMessageId >= upTo)) {
    return { lastReadMessageId: me.lastReadMessageId, lastReadAt: me.lastReadAt?.toISOString() ?? null };
  }
  const [row] = await tx
    .update(messageParticipants)
    .set({ lastReadMessageId: upTo, lastReadAt: ctx.now })
    .where(
      and(
        eq(messageParticipants.tenantId, ctx.tenantId),
        eq(messageParticipants.threadId, thread.id),
        eq(messageParticipants.userId, ctx.viewer.userId),
        // Guard against a concurrent newer read committing between our read and this write.
        sql`(${messageParticipants.lastReadMessageId} is null or ${messageParticipants.lastReadMessageId} < ${upTo}::uuid)`,
      ),
    )
    .returning();
  if (row) {
    const others = await otherParticipants(tx, ctx, thread.id);
    await publishLive(
      tx,
      ctx.tenantId,
      others.map((o) => o.userId),
      { kind: 'thread.read', id: upTo, threadId: thread.id },
    );
  }
  return {
    lastReadMessageId: row?.lastReadMessageId ?? me.lastReadMessageId,
    lastReadAt: (row?.lastReadAt ?? me.lastReadAt)?.toISOString() ?? null,
  };
}

/** The caller's own message, still inside its edit window, locked for the change. */
export async function ownMessageToChange(tx: Tx, ctx: MessagingContext, threadId: string, messageId: string) {
  const { thread } = await threadFor(tx, ctx, threadId);
  const [m] = await tx
    .select()
    .from(messages)
    .where(
      and(eq(messages.tenantId, ctx.tenantId), eq(messages.threadId, thread.id), eq(messages.id, messageId)),
    )
    .for('update');
  if (!m) throw messageNotFound();
  if (m.senderId !== ctx.viewer.userId) throw notSender();
  if (m.deletedAt) throw messageDeleted();
  if (ctx.now.getTime() - m.createdAt.getTime() > EDIT_WINDOW_MINUTES * 60_000)
    throw editWindowClosed(EDIT_WINDOW_MINUTES);
  // Leaving a thread ends writing in it, edits included.
  await threadToWrite(tx, ctx, threadId);
  return m;
}

async function announce(tx: Tx, ctx: MessagingContext, m: MessageRow) {
  const others = await otherParticipants(tx, ctx, m.threadId);
  await publishLive(
    tx,
    ctx.tenantId,
    others.map((o) => o.userId),
    { kind: 'message.updated', id: m.id, threadId: m.threadId },
  );
}

export async function editMessage(
  tx: Tx,
  ctx: MessagingContext,
  threadId: string,
  messageId: string,
  body: string,
): Promise<MessageRow> {
  const m = await ownMessageToChange(tx, ctx, threadId, messageId);
  if (m.body === body) return m;
  const [row] = await tx
    .update(messages)
    .set({ body, editedAt: ctx.now })
    .where(and(eq(messages.tenantId, ctx.tenantId), eq(messages.id, m.id)))
    .returning();
  await announce(tx, ctx, row!);
  return row!;
}

/**
 * Deletes a message: the row stays (its place in the thread shows "deleted"), its body and
 * attachments go. Returns the attachments' storage keys: the caller removes the bytes after commit.
 */
export async function deleteMessage(
  tx: Tx,
  ctx: MessagingContext,
  threadId: string,
  messageId: string,
): Promise<string[]> {
  const m = await ownMessageToChange(tx, ctx, threadId, messageId);
  const [row] = await tx
    .update(messages)
    .set({ body: '', deletedAt: ctx.now })
    .where(and(eq(messages.tenantId, ctx.tenantId), eq(messages.id, m.id)))
    .returning();
  const files = await tx
    .delete(messageAttachments)
    .where(and(eq(messageAttachments.tenantId, ctx.tenantId), eq(messageAttachments.messageId, m.id)))
    .returning({ key: messageAttachments.storageKey });
  await announce(tx, ctx, row!);
  return files.map((f) => f.key);
}

/** Muting stops notifications for the caller (message.sent leaves them out); the thread stays. */
export async function muteThread(tx: Tx, ctx: MessagingContext, threadId: string, muted: boolean) {
  const { thread } = await threadToWrite(tx, ctx, threadId);
  await tx
    .update(messageParticipants)
    .set({ muted })
    .where(
      and(
        eq(messageParticipants.tenantId, ctx.tenantId),
        eq(messageParticipants.threadId, thread.id),
        eq(messageParticipants.userId, ctx.viewer.userId),
      ),
    );
  return { muted };
}
