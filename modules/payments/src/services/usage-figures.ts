import type { Tx } from '@dualcontrol/db';
import type { UsageFigure } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';
import { payments, refunds } from '../schema.ts';

/**
 * For operators: money taken (card and by hand; spending credit is not new money) and money paid
 * back in the window, in the school's currency (minor units).
 */
export async function paymentsUsage(tx: Tx, window: { since: Date; until: Date }): Promise<UsageFigure[]> {
  const [taken] = await tx
    .select({
      minor: sql<number>`coalesce(sum(${payments.amountMinor}), 0)::bigint`.mapWith(Number),
      cards: sql<number>`count(*) filter (where ${payments.method} = 'card')::int`,
    })
    .from(payments)
    .where(
      sql`${payments.status} = 'succeeded' and ${payments.method} <> 'credit'
          and ${payments.succeededAt} >= ${window.since.toISOString()} and ${payments.succeededAt} < ${window.until.toISOString()}`,
    );
  const [back] = await tx
    .select({ minor: sql<number>`coalesce(sum(${refunds.amountMinor}), 0)::bigint`.mapWith(Number) })
    .from(refunds)
    .where(
      sql`${refunds.status} = 'succeeded' and ${refunds.destination} = 'original'
          and ${refunds.createdAt} >= ${window.since.toISOString()} and ${refunds.createdAt} < ${window.until.toISOString()}`,
    );
  return [
    { key: 'payments.money_taken', value: taken?.minor ?? 0, unit: 'minor' },
    { key: 'payments.card_payments', value: taken?.cards ?? 0, unit: 'count' },
    { key: 'payments.refunded', value: back?.minor ?? 0, unit: 'minor' },
  ];
}
