import { type Tx, tenants } from '@dualcontrol/db';
import { emitEvent, readModuleSettings } from '@dualcontrol/platform';
import { and, eq, sql } from 'drizzle-orm';
import { lessonsEvents } from '../events.ts';
import { type DocumentNotice, documentExpiryNotices, documents } from '../schema.ts';
import { lessonSettings } from '../settings.ts';
import { localDate } from './theory-validity.ts';

/** A notice's day (from its local midnight) and the moment it goes out that day. */
export type NoticeMark = { notice: DocumentNotice; from: Date; at: Date };

/**
 * Which notice goes out now, and when to look again. Marks come in order (30 days, 7 days, the
 * day after expiry). The notice of the latest day reached is the current one; those before it are
 * superseded: a document added with 5 days left gets its 7-day notice, not a stale 30-day one as
 * well, and one already expired gets `document.expired` only. Each notice goes once per expiry
 * date (`sent`), at its time of day.
 */
export function noticePlan(
  marks: readonly NoticeMark[],
  sent: ReadonlySet<DocumentNotice>,
  now: Date,
): { due: DocumentNotice | null; nextAt: Date | null } {
  const t = now.getTime();
  const reached = marks.filter((m) => m.from.getTime() <= t).length;
  const current = marks[reached - 1];
  const following = marks[reached]?.at ?? null;
  if (!current || sent.has(current.notice)) return { due: null, nextAt: following };
  if (current.at.getTime() > t) return { due: null, nextAt: current.at };
  return { due: current.notice, nextAt: following };
}

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * One step of a document's expiry workflow, in one transaction as the system: sends the notice
 * that is due (if not sent already for this expiry date) through the outbox, and says when the
 * next one falls due (null: nothing more to send, or the document is gone or has no expiry).
 * The document row is locked, so two attempts (a retried activity, a restarted workflow) never
 * send one notice twice. Marks are the school's `documentNoticeTime` on the day in its time zone.
 */
export async function stepDocumentExpiry(
  tx: Tx,
  input: { tenantId: string; documentId: string; now: Date },
): Promise<{ sent: DocumentNotice | null; nextAt: string | null }> {
  const { tenantId, documentId, now } = input;
  const settings = await readModuleSettings({ tx, tenantId, settings: lessonSettings });
  const [school] = await tx
    .select({ timezone: tenants.timezone })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!school) return { sent: null, nextAt: null };
  const tz = school.timezone;
  // date - n = a date; + time = a wall-clock timestamp; at time zone = the instant there (DST-aware).
  const instant = (days: number, time: string) =>
    sql<string>`to_char(((${documents.expiresOn} + ${days}::int) + ${time}::time) at time zone ${tz} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  // Both instants of a mark in one column: its day's midnight and its notice time, `from|at`.
  const mark = (days: number) =>
    sql<string>`${instant(days, '00:00')} || '|' || ${instant(days, settings.documentNoticeTime)}`;
  const [doc] = await tx
    .select({
      userId: documents.userId,
      category: documents.category,
      expiresOn: documents.expiresOn,
      at30: mark(-30),
      at7: mark(-7),
      atExpired: mark(1),
    })
    .from(documents)
    .where(and(eq(documents.tenantId, tenantId), eq(documents.id, documentId)))
    .for('update');
  if (!doc?.expiresOn) return { sent: null, nextAt: null };
  const expiresOn = doc.expiresOn;
  const sentRows = await tx
    .select({ notice: documentExpiryNotices.notice })
    .from(documentExpiryNotices)
    .where(
      and(
        eq(documentExpiryNotices.tenantId, tenantId),
        eq(documentExpiryNotices.documentId, documentId),
        eq(documentExpiryNotices.expiresOn, expiresOn),
      ),
    );
  const markOf = (notice: DocumentNotice, pair: string) => {
    const [from, at] = pair.split('|') as [string, string];
    return { notice, from: new Date(from), at: new Date(at) };
  };
  const plan = noticePlan(
    [markOf('expiring_30', doc.at30), markOf('expiring_7', doc.at7), markOf('expired', doc.atExpired)],
    new Set(sentRows.map((r) => r.notice)),
    now,
  );
  const nextAt = plan.nextAt?.toISOString() ?? null;
  if (!plan.due) return { sent: null, nextAt };
  const fields = { documentId, userId: doc.userId, category: doc.category, expiresOn };
  const eventId =
    plan.due === 'expired'
      ? await emitEvent(tx, tenantId, lessonsEvents['document.expired'], fields)
      : await emitEvent(tx, tenantId, lessonsEvents['document.expiring'], {
          ...fields,
          notice: plan.due === 'expiring_30' ? 30 : 7,
          daysLeft: Math.round((dayMs(expiresOn) - dayMs(localDate(now, tz))) / 86_400_000),
        });
  await tx
    .insert(documentExpiryNotices)
    .values({ tenantId, documentId, notice: plan.due, expiresOn, eventId })
    .onConflictDoNothing();
  return { sent: plan.due, nextAt };
}
