import type { Database } from '@dualcontrol/db';
import { notFound } from '../errors/app-error.ts';

export type OutboxHealth = {
  pending: { count: number; oldestAgeSeconds: number };
  dead: {
    id: string;
    tenant: string;
    type: string;
    attempts: number;
    lastError: string | null;
    createdAt: string;
    deadAt: string;
  }[];
};

/**
 * What operators see of the outbox: the backlog (how far the dispatchers are behind) and the
 * dead letters (events that failed every attempt). Payloads are left out: they may name people.
 */
export async function outboxHealth(platformDb: Database, limit = 100): Promise<OutboxHealth> {
  const [pending] = await platformDb.sql<{ count: number; age: number | null }[]>`
    select count(*)::int as count, extract(epoch from now() - min(created_at))::float8 as age
      from outbox_events where dispatched_at is null and dead_at is null`;
  const dead = await platformDb.sql<OutboxHealth['dead']>`
    select e.id, t.slug as tenant, e.type, e.attempts, e.last_error as "lastError",
           to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
           to_char(e.dead_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "deadAt"
      from outbox_events e join tenants t on t.id = e.tenant_id
     where e.dead_at is not null
     order by e.dead_at desc, e.id
     limit ${limit}`;
  return {
    pending: { count: pending!.count, oldestAgeSeconds: Math.round(pending!.age ?? 0) },
    dead: [...dead],
  };
}

/** Sends a dead letter round again (after the fault is fixed): fresh attempts, due now. */
export async function retryDeadLetter(platformDb: Database, id: string): Promise<void> {
  const rows = await platformDb.sql`
    update outbox_events set dead_at = null, attempts = 0, available_at = now()
     where id = ${id} and dead_at is not null
    returning id`;
  if (rows.length === 0) throw notFound('outbox.not_dead', 'No dead-lettered event has this id.');
  await platformDb.sql`select pg_notify('dc_outbox', '')`;
}
