import { date, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { tenantIdColumn, tenantIsolationPolicy } from './tenant-table.ts';

/**
 * One row per demo school whose simulated history has been generated (packages/platform demo):
 * the marker that makes a second `npm start` a no-op, with the seed and day it was made for and
 * what each module's layer wrote. `npm run demo:reset` drops the school, this row with it.
 */
export const demoRuns = pgTable(
  'demo_runs',
  {
    tenantId: tenantIdColumn(),
    seed: text('seed').notNull(),
    /** The school's local date the history ends on ("today" when it was generated). */
    generatedFor: date('generated_for', { mode: 'string' }).notNull(),
    /** The module layers that ran, in order. */
    layers: text('layers').array().notNull(),
    /** Per layer, what it made (counts), as printed by the launcher. */
    summary: jsonb('summary').$type<Record<string, Record<string, number>>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId] }), tenantIsolationPolicy()],
);
