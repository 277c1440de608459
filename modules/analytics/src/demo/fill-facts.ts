import { type DemoLayer, markHandled, readHistoryEvents, readModuleSettings } from '@dualcontrol/platform';
import { schedulingDemoStory, schedulingEventTimes } from '@dualcontrol/scheduling';
import { sql } from 'drizzle-orm';
import { recordEventHistory } from '../events/record-history.ts';
import { toAnalyticsEvent } from '../events/to-analytics-event.ts';
import { rebuildFacts } from '../facts/rebuild-facts.ts';
import { analyticsSettings } from '../settings.ts';

/**
 * Analytics' part of a demo school's life, once every other layer has run (`afterAll`): each event
 * of the history becomes its analytics event (personal data stripped, as the live subscription
 * does) at the time it happened in the story — the outbox stamps them all with the moment the demo
 * ran — and the daily facts are then rebuilt from them by the nightly rebuild's own SQL. The
 * worker's `analytics.record-event` is recorded as done for these events, so it neither counts them
 * again nor forwards six months of history to PostHog.
 */
export const analyticsDemo: DemoLayer = async (ctx) => {
  ctx.afterAll('facts', async () => {
    const { tx, school } = ctx;
    const history = await readHistoryEvents(ctx, schedulingEventTimes(schedulingDemoStory(ctx)));
    const events = history.map((e) =>
      toAnalyticsEvent({
        id: e.id,
        tenantId: e.tenantId,
        type: e.type,
        payload: e.payload,
        createdAt: e.occurredAt,
      }),
    );
    const recorded = await recordEventHistory(tx, events);
    await markHandled(
      ctx,
      'analytics.record-event',
      events.map((e) => e.id),
    );
    const settings = await readModuleSettings({ tx, tenantId: school.tenantId, settings: analyticsSettings });
    const facts = await rebuildFacts(tx, {
      tenantId: school.tenantId,
      timezone: school.timezone,
      lateCancellationHours: settings.lateCancellationHours,
    });
    const [sums] = await tx.execute<{ lessons: number; revenue: number; enquiries: number }>(sql`
      select coalesce(sum(lessons_taught), 0)::int as lessons, coalesce(sum(revenue_minor), 0)::int as revenue,
             coalesce(sum(new_enquiries), 0)::int as enquiries
        from analytics_school_days where tenant_id = ${school.tenantId}`);
    return {
      events: recorded,
      'school days': facts.schoolDays,
      'instructor days': facts.instructorDays,
      'lessons counted': sums?.lessons ?? 0,
      'revenue counted (minor units)': sums?.revenue ?? 0,
      'enquiries counted': sums?.enquiries ?? 0,
    };
  });
  return {};
};
