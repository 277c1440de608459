import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type postgres from 'postgres';

/**
 * Database spans for OpenTelemetry (issue 15), made here in our client rather than by patching
 * postgres.js: one per statement drizzle sends, inside the transaction's span. A statement's text
 * is drizzle's, with `$1…` placeholders: parameter values (names, emails) never reach a span.
 */
const tracer = trace.getTracer('@dualcontrol/db');
const MAX_TEXT = 1000;

function failed(span: Span, error: unknown) {
  const code = (error as { code?: unknown })?.code;
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.setAttribute('error.type', typeof code === 'string' ? code : 'Error');
}

/** Runs a transaction in a `db.transaction` span (its statements become its children). */
export function inTransactionSpan<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(
    'db.transaction',
    {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'postgresql', ...(tenantId ? { 'dc.tenant_id': tenantId } : {}) },
    },
    async (span) => {
      try {
        return await fn();
      } catch (error) {
        failed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** A span for a transaction held open across a request (`begin()`); ended by the caller. */
export function startTransactionSpan(): Span {
  return tracer.startSpan('db.transaction', {
    kind: SpanKind.CLIENT,
    attributes: { 'db.system.name': 'postgresql' },
  });
}

/**
 * The client (and the transaction and savepoint clients it hands out) with a span around every
 * `unsafe` call: that is where drizzle sends each statement. The span ends when the query settles;
 * observing it with `then` is safe because postgres.js starts a query a tick later, after drizzle
 * has chosen its result format (`.values()`).
 */
export function tracedSql<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === 'unsafe')
        return (query: string, args?: unknown[], opts?: object) => {
          const operation = /^\s*(\w+)/.exec(query)?.[1]?.toUpperCase() ?? 'QUERY';
          const span = tracer.startSpan(`db ${operation}`, {
            kind: SpanKind.CLIENT,
            attributes: {
              'db.system.name': 'postgresql',
              'db.operation.name': operation,
              'db.query.text': query.length > MAX_TEXT ? `${query.slice(0, MAX_TEXT)}…` : query,
            },
          });
          const pending = target.unsafe(query, args as postgres.ParameterOrJSON<never>[], opts);
          pending.then(
            () => span.end(),
            (error: unknown) => {
              failed(span, error);
              span.end();
            },
          );
          return pending;
        };
      if (prop === 'begin' || prop === 'savepoint')
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
          const open = (target as unknown as Record<string, (...a: unknown[]) => unknown>)[prop]!.bind(
            target,
          );
          return open(...args, (tx: postgres.TransactionSql) => fn(tracedSql(tx)));
        };
      return Reflect.get(target, prop, receiver);
    },
  });
}
