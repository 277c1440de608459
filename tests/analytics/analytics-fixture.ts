import { analyticsSubscriptions, type createPostHogForwarder } from '@dualcontrol/analytics';
import { parseKeyring } from '@dualcontrol/db';
import {
  createLogger,
  createOutboxDispatcher,
  defineEvents,
  type EventDefinition,
  emitEvent,
  type ModuleManifest,
  type WorkerDeps,
} from '@dualcontrol/platform';
import { productModules } from '@dualcontrol/product';
import { z } from '@hono/zod-openapi';
import type { TestApi } from '../lessons/lessons-fixture.ts';

/**
 * The CRM events analytics reads, as the CRM module will declare them (issue 14). CRM is being
 * built in parallel, so this catalog stands in for its manifest's `events` until it merges; the
 * analytics module itself knows them only by their type strings.
 */
export const crmTestEvents = defineEvents({
  'crm.contact_created': z.object({ contactId: z.uuid(), source: z.string().optional() }),
  'crm.contact_stage_changed': z.object({
    contactId: z.uuid(),
    from: z.string().nullable(),
    to: z.string(),
    lostReason: z.string().optional(),
  }),
  'crm.task_created': z.object({ taskId: z.uuid(), contactId: z.uuid().optional() }),
});

const crmCatalog: ModuleManifest = {
  id: 'crm',
  title: 'CRM (its events, for the analytics tests)',
  version: '0.0.0',
  dependsOn: [],
  events: crmTestEvents,
};

/** The registered modules the worker would pass, plus the CRM catalog unless CRM declares its own. */
export function registeredModules(): ModuleManifest[] {
  const crmDeclares = productModules.some((m) => m.id === 'crm' && Object.keys(m.events ?? {}).length > 0);
  return crmDeclares ? productModules : [...productModules, crmCatalog];
}

export function analyticsDeps(api: TestApi, env: Record<string, string> = {}): WorkerDeps {
  return {
    env: { ...api.tdb.env, ...env } as WorkerDeps['env'],
    keyring: parseKeyring(api.tdb.env.ENCRYPTION_KEYS),
    db: api.tdb.db,
    log: createLogger('silent'),
    modules: registeredModules(),
  };
}

/** Delivers pending domain events through the analytics handler (as the worker does). */
export function dispatchAnalytics(
  api: TestApi,
  opts: { forwarder?: ReturnType<typeof createPostHogForwarder> } = {},
) {
  const deps = analyticsDeps(api);
  const handlers = analyticsSubscriptions(deps, opts.forwarder).map((h) => ({ ...h, moduleId: 'analytics' }));
  return createOutboxDispatcher({
    platformDb: api.tdb.platformDb,
    db: api.tdb.db,
    handlers,
    log: deps.log,
  }).drain();
}

/** Records one domain event in the outbox of a school (as its module would, in its own transaction). */
export async function emit<E extends EventDefinition>(
  api: TestApi,
  tenantId: string,
  event: E,
  payload: Parameters<typeof emitEvent<E>>[3],
  at?: string,
): Promise<string> {
  const id = await api.tdb.db.withTenant(tenantId, { kind: 'system' }, (tx) =>
    emitEvent(tx, tenantId, event, payload),
  );
  // The moment it happened: a fixture's history is set in the past (outbox rows are the clock).
  if (at) await api.tdb.owner`update outbox_events set created_at = ${at} where id = ${id}`;
  return id;
}

export async function tenantIdOf(api: TestApi, slug: string): Promise<string> {
  const [row] = await api.tdb.owner<{ id: string }[]>`select id from tenants where slug = ${slug}`;
  return row!.id;
}

type Row = Record<string, unknown>;

/** Both fact tables of a school, in key order, as plain rows (what "row for row" compares). */
export async function factRows(api: TestApi, tenantId: string) {
  const school = await api.tdb.owner<Row[]>`
    select * from analytics_school_days where tenant_id = ${tenantId} order by day`;
  const instructors = await api.tdb.owner<Row[]>`
    select * from analytics_instructor_days where tenant_id = ${tenantId} order by instructor_id, day`;
  // postgres.js reads a date as a Date at UTC midnight; the facts' days are calendar dates.
  const plain = (r: Row): Row => ({ ...r, day: (r.day as Date).toISOString().slice(0, 10) });
  return { school: school.map(plain), instructors: instructors.map(plain) };
}
