import type { Tx } from '@dualcontrol/db';
import { badRequest, can, decodeCursor, encodeCursor, forbidden } from '@dualcontrol/platform';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { messageAttachments, messages, type ParticipantRole, type ThreadKind } from '../schema.ts';
import { attachmentViews } from './attachment-links.ts';
import { messageView, type Reader } from './message-view.ts';
import type { MessagingContext } from './messaging-context.ts';
import { READ_ALL, type ThreadRow, threadFor } from './thread-access.ts';

const ISO_US = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
const CURSOR = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z\|[0-9a-f-]{36}$/;

/** The inbox's cursor: the last thread's activity time (to the microsecond) and id. */
const threadCursor = (at: string, id: string) => Buffer.from(`${at}|${id}`).toString('base64url');
function readThreadCursor(cursor: string | undefined): [string, string] | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!CURSOR.test(text))
    throw badRequest('request.invalid_cursor', 'The cursor is not one this API gave out.', [
      { path: 'query.cursor', message: 'invalid cursor' },
    ]);
  return text.split('|') as [string, string];
}

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

type ThreadListRow = {
  id: string;
  kind: ThreadKind;
  subject: string;
  booking_id: string | null;
  last_message_at: string;
  at_key: string;
  participant: boolean;
  muted: boolean | null;
  unread: number;
  last_id: string | null;
  last_body: string | null;
  last_sender: string | null;
  last_created: string | null;
  last_deleted: string | null;
};

/** Everyone in the given threads (current participants), with names and read pointers. */
async function participantsOf(tx: Tx, tenantId: string, threadIds: string[]) {
  if (threadIds.length === 0) return [];
  const rows = await tx.execute<{
    thread_id: string;
    user_id: string;
    name: string;
    role: ParticipantRole;
    last_read_message_id: string | null;
    last_read_at: string | null;
  }>(sql`select p.thread_id, p.user_id, u.name, p.role, p.last_read_message_id, p.last_read_at
    from message_participants p join users u on u.tenant_id = p.tenant_id and u.id = p.user_id
    where p.tenant_id = ${tenantId} and p.left_at is null
      and p.thread_id in (${sql.join(
        threadIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
    order by u.name`);
  return rows.map((r) => ({
    threadId: r.thread_id,
    userId: r.user_id,
    name: r.name,
    role: r.role,
    lastReadMessageId: r.last_read_message_id,
    lastReadAt: r.last_read_at === null ? null : new Date(r.last_read_at),
  }));
}

/**
 * The caller's conversations, most recent first, each with its unread count (others' messages
 * after the caller's read pointer) and its last message. `scope: 'school'` lists every thread of
 * the school, for the office holding `messaging:threads:read_all`. Two statements per page.
 */
export async function listThreads(
  tx: Tx,
  ctx: MessagingContext,
  q: { limit: number; cursor?: string | undefined; scope: 'mine' | 'school' },
) {
  if (q.scope === 'school' && !can(ctx.viewer, READ_ALL))
    throw forbidden('Reading the school’s conversations needs messaging:threads:read_all.');
  const t = ctx.tenantId;
  const me = ctx.viewer.userId;
  const after = readThreadCursor(q.cursor);
  const from =
    q.scope === 'mine'
      ? sql`message_participants p join message_threads t on t.tenant_id = p.tenant_id and t.id = p.thread_id`
      : sql`message_threads t left join message_participants p
            on p.tenant_id = t.tenant_id and p.thread_id = t.id and p.user_id = ${me} and p.left_at is null`;
  const where =
    q.scope === 'mine'
      ? sql`p.tenant_id = ${t} and p.user_id = ${me} and p.left_at is null`
      : sql`t.tenant_id = ${t}`;
  const rows = await tx.execute<ThreadListRow>(sql`select t.id, t.kind, t.subject, t.booking_id,
      t.last_message_at, to_char(t.last_message_at at time zone 'UTC', ${sql.raw(ISO_US)}) as at_key,
      p.user_id is not null as participant, p.muted,
      case when p.user_id is null then 0 else (select count(*)::int from messages m
        where m.tenant_id = t.tenant_id and m.thread_id = t.id and m.sender_id <> ${me} and m.deleted_at is null
          and (p.last_read_message_id is null or m.id > p.last_read_message_id)) end as unread,
      lm.id as last_id, lm.body as last_body, lm.sender_id as last_sender, lm.created_at as last_created,
      lm.deleted_at as last_deleted
    from ${from}
    left join lateral (select m.id, m.body, m.sender_id, m.created_at, m.deleted_at from messages m
      where m.tenant_id = t.tenant_id and m.thread_id = t.id order by m.id desc limit 1) lm on true
    where ${where}
      ${after ? sql`and (t.last_message_at, t.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
    order by t.last_message_at desc, t.id desc
    limit ${q.limit + 1}`);
  const page = rows.slice(0, q.limit);
  const people = await participantsOf(
    tx,
    t,
    page.map((r) => r.id),
  );
  const names = new Map(people.map((p) => [p.userId, p.name]));
  const last = page.at(-1);
  return {
    data: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      subject: r.subject,
      bookingId: r.booking_id,
      lastMessageAt: iso(r.last_message_at)!,
      participant: r.participant,
      muted: r.muted ?? false,
      unread: r.unread,
      participants: people
        .filter((p) => p.threadId === r.id)
        .map((p) => ({ userId: p.userId, name: p.name, role: p.role })),
      lastMessage: r.last_id
        ? {
            id: r.last_id,
            senderId: r.last_sender!,
            senderName: names.get(r.last_sender!) ?? null,
            body: r.last_deleted ? null : r.last_body,
            deleted: r.last_deleted !== null,
            createdAt: iso(r.last_created)!,
          }
        : null,
    })),
    nextCursor: rows.length > q.limit && last ? threadCursor(last.at_key, last.id) : null,
  };
}

/** One conversation with its participants (and their read pointers) and the caller's own state. */
export async function getThread(tx: Tx, ctx: MessagingContext, threadId: string) {
  const { thread, me } = await threadFor(tx, ctx, threadId);
  const people = await participantsOf(tx, ctx.tenantId, [thread.id]);
  return threadView(thread, me, people);
}

function threadView(
  thread: ThreadRow,
  me: { muted: boolean } | undefined,
  people: Awaited<ReturnType<typeof participantsOf>>,
) {
  return {
    id: thread.id,
    kind: thread.kind,
    subject: thread.subject,
    bookingId: thread.bookingId,
    lastMessageAt: thread.lastMessageAt.toISOString(),
    createdAt: thread.createdAt.toISOString(),
    participant: me !== undefined,
    muted: me?.muted ?? false,
    participants: people.map((p) => ({
      userId: p.userId,
      name: p.name,
      role: p.role,
      lastReadMessageId: p.lastReadMessageId,
      lastReadAt: p.lastReadAt?.toISOString() ?? null,
    })),
  };
}
export type ThreadView = ReturnType<typeof threadView>;

/**
 * A thread's messages, newest first (cursor: the last id seen), each with its attachments and —
 * on the caller's own messages — who has read it and when. Three statements besides the check.
 */
export async function listMessages(
  tx: Tx,
  ctx: MessagingContext,
  threadId: string,
  q: { limit: number; cursor?: string | undefined },
) {
  const { thread } = await threadFor(tx, ctx, threadId);
  const before = decodeCursor(q.cursor);
  const rows = await tx
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.tenantId, ctx.tenantId),
        eq(messages.threadId, thread.id),
        before ? lt(messages.id, before) : undefined,
      ),
    )
    .orderBy(desc(messages.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const people = await participantsOf(tx, ctx.tenantId, [thread.id]);
  const senders = new Set(page.map((m) => m.senderId));
  const names = new Map(people.map((p) => [p.userId, p.name]));
  if ([...senders].some((s) => !names.has(s))) {
    // A former participant's messages still carry their name.
    const gone = await tx.execute<{ id: string; name: string }>(
      sql`select id, name from users where tenant_id = ${ctx.tenantId} and id in (${sql.join(
        [...senders].filter((s) => !names.has(s)).map((s) => sql`${s}::uuid`),
        sql`, `,
      )})`,
    );
    for (const g of gone) names.set(g.id, g.name);
  }
  const files = page.length
    ? await tx
        .select()
        .from(messageAttachments)
        .where(
          and(
            eq(messageAttachments.tenantId, ctx.tenantId),
            inArray(
              messageAttachments.messageId,
              page.map((m) => m.id),
            ),
          ),
        )
        .orderBy(messageAttachments.id)
    : [];
  const readers: Reader[] = people;
  const last = page.at(-1);
  return {
    data: page.map((m) =>
      messageView(m, {
        me: ctx.viewer.userId,
        names,
        readers,
        attachments: attachmentViews(
          ctx,
          files.filter((f) => f.messageId === m.id),
        ),
      }),
    ),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.id) : null,
  };
}

/** The caller's unread messages over all their conversations (muted ones included), and in how many. */
export async function unreadTotal(tx: Tx, ctx: MessagingContext) {
  const [row] = await tx.execute<{ unread: number; threads: number }>(sql`select
      coalesce(sum(n), 0)::int as unread, count(*) filter (where n > 0)::int as threads
    from (select (select count(*) from messages m
        where m.tenant_id = p.tenant_id and m.thread_id = p.thread_id and m.sender_id <> p.user_id
          and m.deleted_at is null and (p.last_read_message_id is null or m.id > p.last_read_message_id)) as n
      from message_participants p
      where p.tenant_id = ${ctx.tenantId} and p.user_id = ${ctx.viewer.userId} and p.left_at is null) x`);
  return { unread: row?.unread ?? 0, threads: row?.threads ?? 0 };
}
