import type { Tx } from '@dualcontrol/db';
import { analyticsEvents } from '../schema.ts';
import type { AnalyticsEvent } from './to-analytics-event.ts';

/**
 * Stores many analytics events at once without counting them into the facts (a rebuild follows:
 * rebuild-facts.ts reads the events alone). For a history recorded in one go (the demo); the live
 * path is recordAnalyticsEvent. Returns how many were new.
 */
export async function recordEventHistory(tx: Tx, events: readonly AnalyticsEvent[]): Promise<number> {
  let fresh = 0;
  for (let i = 0; i < events.length; i += 500) {
    const rows = await tx
      .insert(analyticsEvents)
      .values(events.slice(i, i + 500).map((e) => ({ ...e })))
      .onConflictDoNothing()
      .returning({ id: analyticsEvents.id });
    fresh += rows.length;
  }
  return fresh;
}
