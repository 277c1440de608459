import type { Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import { invoiceLines, invoices } from '../schema.ts';
import type { PaymentSettings } from '../settings.ts';
import { loadPaymentSettings, loadSeller, type Seller } from './payments-context.ts';
import { buyerOf } from './student-buyer.ts';

export type InvoiceLineInput = { description: string; quantity?: number; unitAmountMinor: number };

/**
 * Splits a tax-inclusive gross amount into net + tax at `bps` basis points (rounded half up on
 * the tax), so net + tax is always exactly the gross the student paid.
 */
export function splitInclusiveTax(grossMinor: number, bps: number): { netMinor: number; taxMinor: number } {
  const taxMinor = bps === 0 ? 0 : Math.round((grossMinor * bps) / (10_000 + bps));
  return { netMinor: grossMinor - taxMinor, taxMinor };
}

/**
 * The school's next invoice number. The counter row stays locked until the caller's transaction
 * ends, and a rolled-back transaction rolls the number back with it: numbers never skip or repeat.
 */
async function nextInvoiceNumber(tx: Tx, tenantId: string): Promise<number> {
  const [row] = await tx.execute<{ next_number: number }>(sql`
    insert into invoice_counters (tenant_id) values (${tenantId})
    on conflict (tenant_id) do update set next_number = invoice_counters.next_number + 1
    returning next_number`);
  return Number(row!.next_number);
}

export const displayNumber = (prefix: string, number: number) =>
  `${prefix}-${String(number).padStart(6, '0')}`;

/** Issues an invoice (or a credit note, for money given back) in the caller's transaction. */
export async function issueInvoice(
  tx: Tx,
  input: {
    tenantId: string;
    kind: 'invoice' | 'credit_note';
    studentId: string;
    instructorId?: string | null | undefined;
    paymentId?: string | undefined;
    refundId?: string | undefined;
    currency: string;
    seller: Seller;
    buyer: { name: string; email: string };
    lines: InvoiceLineInput[];
    settings: PaymentSettings;
    issuedAt: Date;
  },
) {
  const { settings } = input;
  const lines = input.lines.map((line, position) => {
    const quantity = line.quantity ?? 1;
    const gross = quantity * line.unitAmountMinor;
    return {
      position,
      description: line.description,
      quantity,
      unitAmountMinor: line.unitAmountMinor,
      taxRateBps: settings.taxRateBps,
      taxLabel: settings.taxRateBps > 0 ? settings.taxLabel : null,
      ...splitInclusiveTax(gross, settings.taxRateBps),
    };
  });
  const subtotalMinor = lines.reduce((s, l) => s + l.netMinor, 0);
  const taxMinor = lines.reduce((s, l) => s + l.taxMinor, 0);
  const number = await nextInvoiceNumber(tx, input.tenantId);
  const prefix = input.kind === 'credit_note' ? `${settings.invoicePrefix}-CN` : settings.invoicePrefix;
  const [invoice] = await tx
    .insert(invoices)
    .values({
      tenantId: input.tenantId,
      number,
      displayNumber: displayNumber(prefix, number),
      kind: input.kind,
      studentId: input.studentId,
      instructorId: input.instructorId ?? null,
      paymentId: input.paymentId ?? null,
      refundId: input.refundId ?? null,
      currency: input.currency,
      subtotalMinor,
      taxMinor,
      totalMinor: subtotalMinor + taxMinor,
      seller: input.seller,
      buyer: input.buyer,
      issuedAt: input.issuedAt,
    })
    .returning();
  await tx
    .insert(invoiceLines)
    .values(lines.map((line) => ({ ...line, tenantId: input.tenantId, invoiceId: invoice!.id })));
  return invoice!;
}

/** The invoice (or credit note) for money that moved on a payment: one line, the school as it is now. */
export async function issueInvoiceFor(
  tx: Tx,
  tenantId: string,
  input: {
    kind: 'invoice' | 'credit_note';
    payment: { id: string; studentId: string; instructorId: string | null };
    refundId?: string | undefined;
    description: string;
    amountMinor: number;
    currency: string;
    at: Date;
  },
) {
  const [settings, seller, buyer] = await Promise.all([
    loadPaymentSettings(tx, tenantId),
    loadSeller(tx, tenantId),
    buyerOf(tx, tenantId, input.payment.studentId),
  ]);
  return issueInvoice(tx, {
    tenantId,
    kind: input.kind,
    studentId: input.payment.studentId,
    instructorId: input.payment.instructorId,
    paymentId: input.payment.id,
    refundId: input.refundId,
    currency: input.currency,
    seller,
    buyer,
    lines: [{ description: input.description, unitAmountMinor: input.amountMinor }],
    settings,
    issuedAt: input.at,
  });
}
