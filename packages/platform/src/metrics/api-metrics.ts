import type { Database } from '@dualcontrol/db';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type OutboxHealth, outboxHealth } from '../outbox/dead-letters.ts';

export type ApiMetrics = {
  registry: Registry;
  /** Times every request under its route's pattern (never the raw path: ids would explode the series). */
  middleware: MiddlewareHandler;
};

/**
 * The API's Prometheus metrics. Request figures are per process (the cluster primary sums them);
 * figures read from PostgreSQL (connections, outbox) are the same from every process, so the
 * primary takes the first one's instead of adding them up.
 */
export function createApiMetrics(platformDb: Database): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'dc_api_' });
  const duration = new Histogram({
    name: 'dc_http_request_duration_seconds',
    help: 'API request latency by route pattern, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'dc_rate_limit_refusals_total',
    help: 'Requests refused with 429 by a rate limit, by route pattern',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'dc_db_connections',
    help: 'PostgreSQL connections of the run-time roles (all processes and replicas), by role',
    labelNames: ['role'] as const,
    aggregator: 'first',
    registers: [registry],
    async collect() {
      const rows = await platformDb.sql<{ role: string; n: number }[]>`
        select usename as role, count(*)::int as n from pg_stat_activity
         where usename in ('dualcontrol_app', 'dualcontrol_platform') group by usename`;
      this.reset();
      for (const r of rows) this.set({ role: r.role }, r.n);
    },
  });
  new Gauge({
    name: 'dc_notification_deliveries',
    help: 'Notification deliveries of every school by channel and status (pending, sent, delivered, failed, bounced, suppressed)',
    labelNames: ['channel', 'status'] as const,
    aggregator: 'first',
    registers: [registry],
    async collect() {
      // Messaging's table read as counts only (no tenant, no address): the delivery health operators page on.
      const rows = await platformDb.sql<{ channel: string; status: string; n: number }[]>`
        select channel, status, count(*)::int as n from notification_channels group by channel, status`;
      this.reset();
      for (const r of rows) this.set({ channel: r.channel, status: r.status }, r.n);
    },
  });
  // prom-client collects all gauges at once: the three outbox gauges share one read per scrape.
  let outboxRead: { at: number; health: Promise<OutboxHealth> } | undefined;
  const readOutbox = () => {
    if (!outboxRead || performance.now() - outboxRead.at > 1000)
      outboxRead = { at: performance.now(), health: outboxHealth(platformDb, 1000) };
    return outboxRead.health;
  };
  new Gauge({
    name: 'dc_outbox_pending_events',
    help: 'Events not yet delivered to their handlers (the dispatchers’ backlog)',
    aggregator: 'first',
    registers: [registry],
    async collect() {
      this.set((await readOutbox()).pending.count);
    },
  });
  new Gauge({
    name: 'dc_outbox_lag_seconds',
    help: 'Age of the oldest undelivered event',
    aggregator: 'first',
    registers: [registry],
    async collect() {
      this.set((await readOutbox()).pending.oldestAgeSeconds);
    },
  });
  new Gauge({
    name: 'dc_outbox_dead_letters',
    help: 'Events that failed every attempt and wait for an operator (GET /api/v1/platform/outbox)',
    aggregator: 'first',
    registers: [registry],
    async collect() {
      this.set((await readOutbox()).dead.length);
    },
  });

  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    await next();
    // The last matched route with a concrete method is the handler's pattern; '*' middleware is not.
    const handlerRoute = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
    const route = handlerRoute?.path ?? 'unmatched';
    const status = c.res.status;
    duration.observe(
      { method: c.req.method, route, status: String(status) },
      (performance.now() - started) / 1000,
    );
    if (status === 429) refusals.inc({ route });
  };
  return { registry, middleware };
}
