import type { Tx } from '@dualcontrol/db';
import { can, pageOf } from '@dualcontrol/platform';
import { and, asc, desc, eq, lt } from 'drizzle-orm';
import { type Invoice, type InvoiceLine, invoiceLines, invoices } from '../schema.ts';
import { invoiceNotFound } from './payment-errors.ts';
import type { PaymentsContext } from './payments-context.ts';

const NOBODY = '00000000-0000-0000-0000-000000000000';

export type InvoiceView = ReturnType<typeof invoiceView>;

export function invoiceView(inv: Invoice, lines?: InvoiceLine[]) {
  return {
    id: inv.id,
    number: inv.number,
    displayNumber: inv.displayNumber,
    kind: inv.kind,
    studentId: inv.studentId,
    paymentId: inv.paymentId,
    refundId: inv.refundId,
    currency: inv.currency,
    subtotalMinor: inv.subtotalMinor,
    taxMinor: inv.taxMinor,
    totalMinor: inv.totalMinor,
    seller: inv.seller,
    buyer: inv.buyer,
    issuedAt: inv.issuedAt.toISOString(),
    ...(lines
      ? {
          lines: lines.map((l) => ({
            description: l.description,
            quantity: l.quantity,
            unitAmountMinor: l.unitAmountMinor,
            taxRateBps: l.taxRateBps,
            taxLabel: l.taxLabel,
            netMinor: l.netMinor,
            taxMinor: l.taxMinor,
          })),
        }
      : {}),
  };
}

/** Newest first; a student sees only their own. */
export async function listInvoices(
  tx: Tx,
  ctx: PaymentsContext,
  q: { studentId?: string | undefined; limit: number; before?: string | undefined },
) {
  const studentId = can(ctx.viewer, 'payments:invoices:read:any')
    ? q.studentId
    : (ctx.viewer.studentId ?? NOBODY);
  const rows = await tx
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.tenantId, ctx.tenantId),
        studentId ? eq(invoices.studentId, studentId) : undefined,
        q.before ? lt(invoices.id, q.before) : undefined,
      ),
    )
    .orderBy(desc(invoices.id))
    .limit(q.limit + 1);
  const { data, nextCursor } = pageOf(rows, q.limit);
  return { data: data.map((r) => invoiceView(r)), nextCursor };
}

export async function readInvoice(tx: Tx, ctx: PaymentsContext, id: string) {
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, ctx.tenantId), eq(invoices.id, id)));
  if (!invoice || !can(ctx.viewer, 'payments:invoices:read:own', { studentId: invoice.studentId }))
    throw invoiceNotFound();
  const lines = await tx
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.tenantId, ctx.tenantId), eq(invoiceLines.invoiceId, id)))
    .orderBy(asc(invoiceLines.position));
  return { invoice, lines };
}
