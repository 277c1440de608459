import { type Database, outboxDeliveries, stopListening, systemActor, tenantModules } from '@dualcontrol/db';
import { SpanKind } from '@opentelemetry/api';
import { and, eq } from 'drizzle-orm';
import type { Logger } from '../logging/logger.ts';
import type { EventSubscription } from '../modules/contract.ts';
import { ATTR, contextFromTraceparent, inSpan } from '../telemetry/spans.ts';
import type { OutboxEvent } from './events.ts';

/** A subscription plus the module that owns it (its handlers skip tenants that disabled it). */
export type RegisteredHandler = EventSubscription & { moduleId?: string };

export type DispatcherOptions = {
  /** Platform role: claims events of every tenant. */
  platformDb: Database;
  /** App role: each handler runs inside withTenant, under RLS. */
  db: Database;
  handlers: RegisteredHandler[];
  log: Logger;
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives (and for retries whose backoff has passed). */
  pollMs?: number;
  /** Told of each event's outcome (the worker counts them in its metrics). */
  onOutcome?: (outcome: 'delivered' | 'retried' | 'dead_lettered', type: string) => void;
  /** Failed attempts after which an event is dead-lettered instead of retried (default 10, ~34 min of backoff). */
  maxAttempts?: number;
  /** OpenTelemetry on: each event's handling is a span in the trace of the request that wrote it. */
  traced?: boolean;
};

type Row = {
  tenant_id: string;
  id: string;
  type: string;
  payload: Record<string, unknown>;
  /** Text, not a Date: drizzle turns postgres.js's timestamp parsing off on the client it shares. */
  created_at: string;
  attempts: number;
  traceparent: string | null;
};

const backoffSeconds = (attempts: number) => Math.min(3600, 2 ** Math.min(attempts, 12));
const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * Transactional outbox dispatcher: claims pending events with FOR UPDATE SKIP LOCKED (so any
 * number of dispatchers can run), wakes on NOTIFY, delivers at least once, and records each
 * (event, handler) delivery in the handler's own transaction so a redelivery is a no-op.
 */
export function createOutboxDispatcher(options: DispatcherOptions) {
  const { platformDb, db, handlers, log } = options;
  const batchSize = options.batchSize ?? 50;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  let running = false;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  let unlisten: (() => Promise<void>) | undefined;

  async function deliver(event: OutboxEvent, handler: RegisteredHandler): Promise<void> {
    if (!options.traced) return deliverNow(event, handler);
    await inSpan(
      `outbox.handle ${handler.id}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          [ATTR.tenantId]: event.tenantId,
          [ATTR.eventId]: event.id,
          [ATTR.eventType]: event.type,
          [ATTR.handler]: handler.id,
        },
      },
      () => deliverNow(event, handler),
    );
  }

  async function deliverNow(event: OutboxEvent, handler: RegisteredHandler): Promise<void> {
    await db.withTenant(event.tenantId, systemActor, async (tx) => {
      if (handler.moduleId) {
        const [m] = await tx
          .select({ enabled: tenantModules.enabled })
          .from(tenantModules)
          .where(
            and(eq(tenantModules.tenantId, event.tenantId), eq(tenantModules.moduleId, handler.moduleId)),
          );
        if (!m?.enabled) return; // the module is off for this school: skip, data kept
      }
      const fresh = await tx
        .insert(outboxDeliveries)
        .values({ tenantId: event.tenantId, eventId: event.id, handler: handler.id })
        .onConflictDoNothing()
        .returning({ eventId: outboxDeliveries.eventId });
      if (fresh.length === 0) return; // delivered before (an earlier attempt crashed after commit)
      await handler.handle(event, { tx, log: log.child({ eventId: event.id, handler: handler.id }) });
    });
  }

  /** Claims and processes one batch; returns how many events it handled. */
  async function runOnce(): Promise<number> {
    return platformDb.sql.begin(async (sql) => {
      const rows = await sql<Row[]>`
        select tenant_id, id, type, payload, created_at, attempts, traceparent from outbox_events
         where dispatched_at is null and dead_at is null and available_at <= now()
         order by available_at, id
         limit ${batchSize}
         for update skip locked`;
      for (const row of rows) {
        const event: OutboxEvent = {
          id: row.id,
          tenantId: row.tenant_id,
          type: row.type,
          payload: row.payload,
          createdAt: new Date(row.created_at),
        };
        try {
          const handle = async () => {
            for (const handler of handlers)
              if (handler.events.includes(event.type)) await deliver(event, handler);
          };
          if (!options.traced) await handle();
          // Continues the writer's trace (a child of its request span); an event written outside
          // any trace starts its own.
          else
            await inSpan(
              `outbox.deliver ${event.type}`,
              {
                kind: SpanKind.CONSUMER,
                parent: contextFromTraceparent(row.traceparent),
                attributes: {
                  [ATTR.tenantId]: event.tenantId,
                  [ATTR.eventId]: event.id,
                  [ATTR.eventType]: event.type,
                },
              },
              handle,
            );
          await sql`update outbox_events set dispatched_at = now(), attempts = attempts + 1, last_error = null
                     where tenant_id = ${row.tenant_id} and id = ${row.id}`;
          options.onOutcome?.('delivered', row.type);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const dead = row.attempts + 1 >= maxAttempts;
          const fields = { eventId: row.id, type: row.type, attempts: row.attempts + 1, error: message };
          if (dead) log.error('outbox event dead-lettered after its last attempt', fields);
          else log.warn('outbox delivery failed; will retry', fields);
          await sql`update outbox_events set attempts = attempts + 1, last_error = ${message.slice(0, 2000)},
                       available_at = now() + make_interval(secs => ${backoffSeconds(row.attempts + 1)}),
                       dead_at = case when ${dead} then now() end
                     where tenant_id = ${row.tenant_id} and id = ${row.id}`;
          options.onOutcome?.(dead ? 'dead_lettered' : 'retried', row.type);
        }
      }
      return rows.length;
    });
  }

  /** Processes until nothing is ready (tests and shutdown). */
  async function drain(): Promise<number> {
    let total = 0;
    for (let n = await runOnce(); n > 0; n = await runOnce()) total += n;
    return total;
  }

  async function start(): Promise<void> {
    if (running) return;
    running = true;
    // A NOTIFY that lands while a batch is being drained must not be lost (the batch may have been
    // read before that event committed), so it is remembered and the loop drains again at once.
    let notified = false;
    const listener = await platformDb.sql.listen('dc_outbox', () => {
      notified = true;
      wake?.();
    });
    unlisten = listener.unlisten;
    loop = (async () => {
      while (running) {
        notified = false;
        try {
          await drain();
        } catch (error) {
          log.error('outbox dispatcher error', { error });
        }
        // stop() during a drain, or news during it: neither waits for the poll.
        if (!running || notified) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs ?? 2000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    })();
  }

  async function stop(): Promise<void> {
    running = false;
    wake?.();
    await loop;
    await stopListening(unlisten);
  }

  return { start, stop, drain, runOnce };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;
