import type { Tx } from '@dualcontrol/db';
import { readModuleSettings } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';
import { applyFactDeltas, historyReader } from '../facts/apply-fact-deltas.ts';
import { factDeltas } from '../facts/fact-deltas.ts';
import { lockFactsShared } from '../facts/facts-lock.ts';
import { analyticsEvents } from '../schema.ts';
import { analyticsSettings } from '../settings.ts';
import type { AnalyticsEvent } from './to-analytics-event.ts';

/**
 * Stores one analytics event and adds it to the daily facts, in the delivering transaction.
 * Returns false when the event was stored before (a redelivery): nothing is counted twice.
 */
export async function recordAnalyticsEvent(tx: Tx, event: AnalyticsEvent): Promise<boolean> {
  await lockFactsShared(tx, event.tenantId);
  const inserted = await tx
    .insert(analyticsEvents)
    .values({
      tenantId: event.tenantId,
      id: event.id,
      type: event.type,
      occurredAt: event.occurredAt,
      actorId: event.actorId,
      entityType: event.entityType,
      entityId: event.entityId,
      properties: event.properties,
    })
    .onConflictDoNothing()
    .returning({ id: analyticsEvents.id });
  if (inserted.length === 0) return false;

  const [school] = await tx.execute<{ timezone: string }>(
    sql`select timezone from tenants where id = ${event.tenantId}`,
  );
  const settings = await readModuleSettings({ tx, tenantId: event.tenantId, settings: analyticsSettings });
  const deltas = await factDeltas(event, {
    timezone: school!.timezone,
    lateCancellationHours: settings.lateCancellationHours,
    history: historyReader(tx, event.tenantId, school!.timezone),
  });
  await applyFactDeltas(tx, event.tenantId, deltas);
  return true;
}
