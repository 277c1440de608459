import { PostHog } from 'posthog-node';
import type { AnalyticsEvent } from '../events/to-analytics-event.ts';

/** A school as PostHog's `school` group knows it: its name and slug, nothing about its people. */
export type SchoolGroup = { tenantId: string; name: string; slug: string };

export type PostHogForwarder = {
  /** Queues one capture (and the school's groupIdentify the first time this process sees it). */
  forward(event: AnalyticsEvent, school: () => Promise<SchoolGroup>): Promise<void>;
  /** Sends what is queued and stops (the worker's shutdown). */
  shutdown(): Promise<void>;
};

export type PostHogOptions = {
  apiKey: string | undefined;
  host?: string | undefined;
  /** Events per batch request; the client also flushes every `flushIntervalMs`. */
  flushAt?: number;
  flushIntervalMs?: number;
};

/**
 * Server-side PostHog capture of analytics events, or `undefined` when no API key is set (off by
 * default: nothing is sent anywhere). Every event carries `groups: { school: tenantId }`; the
 * distinct id is the acting user's id when the event names one, else the school (with person
 * profiles off, so PostHog makes no person for it). The event's id is PostHog's `uuid`, so a
 * redelivered event is deduplicated there too.
 */
export function createPostHogForwarder(options: PostHogOptions): PostHogForwarder | undefined {
  if (!options.apiKey) return undefined;
  const client = new PostHog(options.apiKey, {
    ...(options.host ? { host: options.host } : {}),
    flushAt: options.flushAt ?? 20,
    flushInterval: options.flushIntervalMs ?? 10_000,
    // Feature flags are not used server-side: no polling, no extra requests.
    disableGeoip: true,
  });
  const identified = new Set<string>();
  return {
    async forward(event, school) {
      if (!identified.has(event.tenantId)) {
        const group = await school();
        client.groupIdentify({
          groupType: 'school',
          groupKey: event.tenantId,
          properties: { name: group.name, slug: group.slug },
        });
        identified.add(event.tenantId);
      }
      client.capture({
        distinctId: event.actorId ?? `school:${event.tenantId}`,
        event: event.type,
        uuid: event.id,
        timestamp: event.occurredAt,
        groups: { school: event.tenantId },
        properties: {
          ...event.properties,
          entity_type: event.entityType,
          entity_id: event.entityId,
          ...(event.actorId ? {} : { $process_person_profile: false }),
        },
      });
    },
    async shutdown() {
      await client.shutdown();
    },
  };
}
