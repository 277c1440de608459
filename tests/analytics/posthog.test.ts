import { analyticsSubscriptions, createPostHogForwarder } from '@dualcontrol/analytics';
import { createOutboxDispatcher } from '@dualcontrol/platform';
import { type PostHogReceiver, startPostHogReceiver } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLessonsSchool,
  createTestApi,
  type LessonsSchool,
  type TestApi,
} from '../lessons/lessons-fixture.ts';
import { analyticsDeps, dispatchAnalytics, tenantIdOf } from './analytics-fixture.ts';

// PostHog's batch API as a local receiver (no network here): what posthog-node sends for our events.
describe('PostHog forwarding', () => {
  let api: TestApi;
  let s: LessonsSchool;
  let tenantId: string;
  let receiver: PostHogReceiver;

  beforeAll(async () => {
    api = await createTestApi();
    s = await createLessonsSchool(api, 'phog');
    tenantId = await tenantIdOf(api, 'phog');
    receiver = await startPostHogReceiver();
  }, 120_000);
  afterAll(async () => {
    await receiver?.close();
    await api?.close();
  });

  it('sends nothing without POSTHOG_API_KEY, even with a host set', async () => {
    await s.teach(s.students[0]!);
    const deps = analyticsDeps(api, { POSTHOG_HOST: receiver.url });
    const hooks: (() => Promise<void>)[] = [];
    const handlers = analyticsSubscriptions({ ...deps, onShutdown: (h) => hooks.push(h) }).map((h) => ({
      ...h,
      moduleId: 'analytics',
    }));
    await createOutboxDispatcher({
      platformDb: api.tdb.platformDb,
      db: api.tdb.db,
      handlers,
      log: deps.log,
    }).drain();
    expect(hooks).toEqual([]); // no client was made, so there is nothing to flush
    const [n] = await api.tdb.owner<
      { n: number }[]
    >`select count(*)::int as n from analytics_events where tenant_id = ${tenantId}`;
    expect(n!.n).toBeGreaterThan(0); // the events were recorded all the same
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.batches).toEqual([]);
  });

  it('captures each new event with the school group, identifies the school once, and flushes on shutdown', async () => {
    await s.teach(s.students[1]!);
    const pending = await api.tdb.owner<{ id: string; type: string }[]>`
      select id, type from outbox_events where tenant_id = ${tenantId} and dispatched_at is null order by id`;
    expect(pending.length).toBeGreaterThanOrEqual(3);
    // Large batch and long interval: only the shutdown's flush can send these.
    const forwarder = createPostHogForwarder({
      apiKey: 'phc_test_project_key',
      host: receiver.url,
      flushAt: 1000,
      flushIntervalMs: 600_000,
    })!;
    await dispatchAnalytics(api, { forwarder });
    expect(receiver.batches).toEqual([]);
    await forwarder.shutdown();

    expect(receiver.rejected).toEqual([]);
    expect(receiver.batches.length).toBeGreaterThan(0);
    for (const batch of receiver.batches) {
      expect(batch.path).toBe('/batch/');
      expect(batch.apiKey).toBe('phc_test_project_key');
    }
    const messages = receiver.messages();
    const identify = messages.filter((m) => m.event === '$groupidentify');
    expect(identify).toHaveLength(1);
    expect(identify[0]!.properties).toMatchObject({
      $group_type: 'school',
      $group_key: tenantId,
      $group_set: { name: 'phog Driving School', slug: 'phog' },
    });
    const captures = messages.filter((m) => m.event !== '$groupidentify');
    expect(captures.map((m) => [m.uuid, m.event])).toEqual(pending.map((p) => [p.id, p.type]));
    for (const m of captures) {
      expect(m.distinct_id).toBe(`school:${tenantId}`);
      expect(m.properties.$groups).toEqual({ school: tenantId });
      expect(m.properties.$process_person_profile).toBe(false);
      expect(m.properties.entity_type).toBe('booking');
    }
    const completed = captures.find((m) => m.event === 'booking.completed')!;
    expect(completed.properties).toMatchObject({
      instructorId: s.instructor.id,
      studentId: s.students[1]!.id,
      status: 'completed',
    });
    const text = JSON.stringify(messages);
    for (const personal of [s.students[1]!.name, s.students[1]!.email, s.instructor.name])
      expect(text).not.toContain(personal);
  });

  it('does not capture a redelivered event again', async () => {
    const before = receiver.messages().length;
    const forwarder = createPostHogForwarder({ apiKey: 'phc_test_project_key', host: receiver.url })!;
    await api.tdb.owner`delete from outbox_deliveries where tenant_id = ${tenantId}`;
    await api.tdb.owner`update outbox_events set dispatched_at = null where tenant_id = ${tenantId}`;
    await dispatchAnalytics(api, { forwarder });
    await forwarder.shutdown();
    expect(receiver.messages().length).toBe(before);
  });
});
