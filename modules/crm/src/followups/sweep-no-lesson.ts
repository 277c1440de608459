import type { Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import type { CrmContext } from '../services/crm-context.ts';
import { applyRule } from './apply-rule.ts';
import { readRule } from './read-rules.ts';

/**
 * The daily sweep of `no_lesson_booked`: every active learner whose last booking or lesson
 * activity (the automatic interactions from booking.requested/confirmed and lesson.recorded) is
 * more than `days` days old, and who has no booking logged for a time still ahead, gets one open
 * task. The CRM reads its own timeline rather than scheduling's tables (scheduling publishes its
 * bookings for foreign keys only). Returns the tasks opened.
 */
export async function sweepNoLessonBooked(tx: Tx, ctx: CrmContext): Promise<string[]> {
  const rule = await readRule(tx, ctx.tenantId, 'no_lesson_booked');
  if (!rule.enabled) return [];
  const days = rule.thresholds.days ?? 14;
  const since = new Date(ctx.now.getTime() - days * 86_400_000).toISOString();
  const rows = await tx.execute<{ id: string; name: string }>(sql`
    select c.id, c.name from crm_contacts c
     where c.tenant_id = ${ctx.tenantId} and c.stage = 'active_learner'
       and c.stage_changed_at < ${since}
       and not exists (
         select 1 from crm_interactions i
          where i.tenant_id = c.tenant_id and i.contact_id = c.id and i.automatic
            and i.source_event_type in ('booking.requested', 'booking.confirmed', 'lesson.recorded')
            and i.occurred_at >= ${since})
     order by c.id`);
  const opened: string[] = [];
  for (const c of rows) {
    const id = await applyRule(tx, ctx, 'no_lesson_booked', c.id, {
      title: `No lesson booked for ${days} days: get in touch`,
    });
    if (id) opened.push(id);
  }
  return opened;
}
