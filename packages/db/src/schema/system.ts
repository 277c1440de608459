import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn } from './columns.ts';
import { tenantIdColumn, tenantIsolationPolicy } from './tenant-table.ts';

/** Written only by the audit trigger (the app role may read, never write). */
export const auditLogs = pgTable(
  'audit_logs',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    tableName: text('table_name').notNull(),
    rowId: text('row_id'),
    action: text('action', { enum: ['insert', 'update', 'delete'] }).notNull(),
    changedColumns: text('changed_columns').array(),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('audit_logs_row_idx').on(t.tenantId, t.tableName, t.rowId),
    tenantIsolationPolicy(),
  ],
);

/** Domain events written in the same transaction as the change they describe. */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    availableAt: timestamp('available_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true, mode: 'date' }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /**
     * Set when the event has failed its last allowed attempt (a poison message): the dispatcher
     * stops retrying it, and operators see it (GET /api/v1/platform/outbox/dead-letters) and can
     * send it round again once the fault is fixed.
     */
    deadAt: timestamp('dead_at', { withTimezone: true, mode: 'date' }),
    /**
     * The W3C `traceparent` of the request that wrote the event (OpenTelemetry on), so the
     * worker's handling joins the request's trace. Null when tracing is off.
     */
    traceparent: text('traceparent'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // The dispatcher works across tenants, so its queue index cannot lead with tenant_id.
    index('outbox_events_pending_idx')
      .on(t.availableAt, t.id)
      .where(sql`${t.dispatchedAt} is null and ${t.deadAt} is null`),
    index('outbox_events_dead_idx').on(t.deadAt).where(sql`${t.deadAt} is not null`),
    tenantIsolationPolicy(),
  ],
);

/** One row per (event, handler) that has run: what makes at-least-once delivery idempotent. */
export const outboxDeliveries = pgTable(
  'outbox_deliveries',
  {
    tenantId: tenantIdColumn(),
    eventId: uuid('event_id').notNull(),
    handler: text('handler').notNull(),
    deliveredAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.eventId, t.handler] }), tenantIsolationPolicy()],
);

/** Idempotency-Key records: the first response is replayed for 24 h. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: tenantIdColumn(),
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    /** null while the first request is still running. */
    statusCode: integer('status_code'),
    responseBody: jsonb('response_body'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId, t.key] }), tenantIsolationPolicy()],
);
