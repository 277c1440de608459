import type { EventSubscription, WorkerDeps } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';
import { recordAnalyticsEvent } from './events/record-analytics-event.ts';
import { toAnalyticsEvent } from './events/to-analytics-event.ts';
import {
  createPostHogForwarder,
  type PostHogForwarder,
  type SchoolGroup,
} from './posthog/posthog-forwarder.ts';

/** Every event type any registered module declares: analytics listens to all of them. */
export function everyEventType(deps: WorkerDeps): string[] {
  if (!deps.modules)
    throw new Error('analytics needs the registered modules (WorkerDeps.modules) to know every event type');
  return [...new Set(deps.modules.flatMap((m) => Object.values(m.events ?? {}).map((e) => e.type)))].sort();
}

/**
 * One subscription to every domain event of every module (read from their catalogs, so a module
 * that merges later — CRM — is covered without an import): each becomes one analytics_events row
 * and its increments to the daily facts, then, when PostHog is configured, one capture.
 * It is not `subscribe()`-typed: it takes every type and reads no payload field by its schema.
 */
export function analyticsSubscriptions(
  deps: WorkerDeps,
  forwarder: PostHogForwarder | undefined = defaultForwarder(deps),
): EventSubscription[] {
  return [
    {
      id: 'analytics.record-event',
      events: everyEventType(deps),
      async handle(event, { tx }) {
        const analytics = toAnalyticsEvent(event);
        const fresh = await recordAnalyticsEvent(tx, analytics);
        if (!fresh || !forwarder) return;
        await forwarder.forward(analytics, async (): Promise<SchoolGroup> => {
          const [row] = await tx.execute<{ name: string; slug: string }>(
            sql`select name, slug from tenants where id = ${event.tenantId}`,
          );
          return { tenantId: event.tenantId, name: row!.name, slug: row!.slug };
        });
      },
    },
  ];
}

/** PostHog from the environment (off without POSTHOG_API_KEY), flushed at the worker's shutdown. */
function defaultForwarder(deps: WorkerDeps): PostHogForwarder | undefined {
  const forwarder = createPostHogForwarder({
    apiKey: deps.env.POSTHOG_API_KEY,
    host: deps.env.POSTHOG_HOST,
  });
  if (forwarder) deps.onShutdown?.(() => forwarder.shutdown());
  return forwarder;
}
