import type { Tx } from '@dualcontrol/db';
import { can } from '@dualcontrol/platform';
import { and, eq, isNull } from 'drizzle-orm';
import { messageParticipants, messageThreads } from '../schema.ts';
import type { MessagingContext } from './messaging-context.ts';
import { notParticipant, threadNotFound } from './thread-errors.ts';

export type ThreadRow = typeof messageThreads.$inferSelect;
export type ParticipantRow = typeof messageParticipants.$inferSelect;

/** The permission that lets the office read school conversations it is not part of. */
export const READ_ALL = 'messaging:threads:read_all' as const;

/**
 * A thread as the caller may see it: they are in it (and have not left), or they hold
 * `messaging:threads:read_all` (reading only). Anyone else gets the same 404 as for a thread
 * that does not exist. `lock` takes the thread's row lock (writers of one thread queue).
 */
export async function threadFor(
  tx: Tx,
  ctx: MessagingContext,
  threadId: string,
  opts: { lock?: boolean } = {},
): Promise<{ thread: ThreadRow; me: ParticipantRow | undefined }> {
  const query = tx
    .select({ thread: messageThreads, me: messageParticipants })
    .from(messageThreads)
    .leftJoin(
      messageParticipants,
      and(
        eq(messageParticipants.tenantId, messageThreads.tenantId),
        eq(messageParticipants.threadId, messageThreads.id),
        eq(messageParticipants.userId, ctx.viewer.userId),
        isNull(messageParticipants.leftAt),
      ),
    )
    .where(and(eq(messageThreads.tenantId, ctx.tenantId), eq(messageThreads.id, threadId)));
  const [row] = opts.lock ? await query.for('update', { of: messageThreads }) : await query;
  if (!row) throw threadNotFound();
  const me = row.me ?? undefined;
  if (!me && !can(ctx.viewer, READ_ALL)) throw threadNotFound();
  return { thread: row.thread, me };
}

/** Same, for writing: only a participant writes (the office reading with read_all gets 403). */
export async function threadToWrite(
  tx: Tx,
  ctx: MessagingContext,
  threadId: string,
  opts: { lock?: boolean } = {},
) {
  const found = await threadFor(tx, ctx, threadId, opts);
  if (!found.me) throw notParticipant();
  return { thread: found.thread, me: found.me };
}

/** The other current participants of a thread (their user ids and whether they muted it). */
export async function otherParticipants(tx: Tx, ctx: MessagingContext, threadId: string) {
  const rows = await tx
    .select({ userId: messageParticipants.userId, muted: messageParticipants.muted })
    .from(messageParticipants)
    .where(
      and(
        eq(messageParticipants.tenantId, ctx.tenantId),
        eq(messageParticipants.threadId, threadId),
        isNull(messageParticipants.leftAt),
      ),
    );
  return rows.filter((r) => r.userId !== ctx.viewer.userId);
}
