import type { Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';

// One advisory lock per school's facts: incremental updates share it, a rebuild takes it alone, so
// a rebuild neither misses an event committed while it runs nor loses an increment to its delete.
const key = (tenantId: string) => sql`hashtextextended(${`analytics-facts:${tenantId}`}, 0)`;

export async function lockFactsShared(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${key(tenantId)})`);
}

export async function lockFactsExclusive(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${key(tenantId)})`);
}
