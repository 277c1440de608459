import type { Tx } from '@dualcontrol/db';
import { can, pageOf } from '@dualcontrol/platform';
import { and, desc, eq, lt } from 'drizzle-orm';
import { type PaymentStatus, payments } from '../schema.ts';
import { type PaymentView, viewPayments } from './payment-view.ts';
import type { PaymentsContext } from './payments-context.ts';

const NOBODY = '00000000-0000-0000-0000-000000000000';

/** Newest first (UUIDv7 ids order by creation); a student sees only their own whatever they ask. */
export async function listPayments(
  tx: Tx,
  ctx: PaymentsContext,
  q: {
    studentId?: string | undefined;
    bookingId?: string | undefined;
    status?: PaymentStatus | undefined;
    limit: number;
    before?: string | undefined;
  },
): Promise<{ data: PaymentView[]; nextCursor: string | null }> {
  const studentId = can(ctx.viewer, 'payments:payment:read:any')
    ? q.studentId
    : (ctx.viewer.studentId ?? NOBODY);
  const rows = await tx
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.tenantId, ctx.tenantId),
        studentId ? eq(payments.studentId, studentId) : undefined,
        q.bookingId ? eq(payments.bookingId, q.bookingId) : undefined,
        q.status ? eq(payments.status, q.status) : undefined,
        q.before ? lt(payments.id, q.before) : undefined,
      ),
    )
    .orderBy(desc(payments.id))
    .limit(q.limit + 1);
  const { data, nextCursor } = pageOf(rows, q.limit);
  return { data: await viewPayments(tx, ctx.tenantId, data), nextCursor };
}
