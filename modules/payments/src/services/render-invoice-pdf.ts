import { formatDate, formatMoney, formatNumber, formatPercent } from './money-format.ts';
import { renderReportPdf, type TotalRow } from './pdf-report-layout.ts';

export type InvoiceDocument = {
  kind: 'invoice' | 'credit_note';
  displayNumber: string;
  issuedAt: Date;
  /** ISO 4217, e.g. "GBP". */
  currency: string;
  /** BCP 47, e.g. "en-GB": money, numbers and dates are formatted for it. */
  locale: string;
  /** IANA zone the issue date is shown in. */
  timezone: string;
  /** `primaryColor` is a hex colour such as "#1d4ed8"; anything else falls back to a neutral dark blue. */
  seller: { name: string; primaryColor?: string };
  buyer: { name: string; email: string };
  lines: {
    description: string;
    quantity: number;
    unitAmountMinor: number;
    taxRateBps: number;
    taxLabel: string | null;
    netMinor: number;
    taxMinor: number;
  }[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
};

/**
 * Renders an issued invoice or credit note as an A4 PDF (as many pages as its lines need). Bad input (an
 * unknown currency, locale or zone) rejects the promise rather than throwing before it exists.
 */
export async function renderInvoicePdf(doc: InvoiceDocument): Promise<Uint8Array> {
  const title = doc.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  const money = (minor: number) => formatMoney(minor, doc.currency, doc.locale);
  return renderReportPdf({
    title,
    reference: doc.displayNumber,
    schoolName: doc.seller.name,
    primaryColor: doc.seller.primaryColor,
    locale: doc.locale,
    createdAt: doc.issuedAt,
    blocks: [
      { label: 'Billed to', lines: [doc.buyer.name, doc.buyer.email] },
      { label: 'Issue date', lines: [formatDate(doc.issuedAt, doc.locale, doc.timezone)] },
    ],
    columns: [
      { header: 'Description', align: 'left', flexible: true },
      { header: 'Qty', align: 'right' },
      { header: 'Unit price', align: 'right' },
      { header: 'Tax', align: 'right' },
      { header: 'Amount', align: 'right' },
    ],
    rows: doc.lines.map((line) => [
      line.description,
      formatNumber(line.quantity, doc.locale),
      money(line.unitAmountMinor),
      line.taxMinor === 0 && line.taxRateBps === 0 ? '-' : money(line.taxMinor),
      // Unit prices are tax-inclusive, so the amount shown is net + tax: it then reads as qty × unit price.
      money(line.netMinor + line.taxMinor),
    ]),
    emptyMessage: 'No items.',
    totals: invoiceTotals(doc, money),
    footer: `${title} ${doc.displayNumber}`,
  });
}

function invoiceTotals(doc: InvoiceDocument, money: (minor: number) => string): TotalRow[] {
  const taxed = doc.taxMinor !== 0 || doc.lines.some((line) => line.taxRateBps > 0 || line.taxMinor !== 0);
  return [
    { label: 'Subtotal', value: money(doc.subtotalMinor) },
    ...(taxed ? [{ label: taxRowLabel(doc), value: money(doc.taxMinor) }] : []),
    { label: 'Total', value: money(doc.totalMinor), strong: true },
  ];
}

/** "VAT (20%)"; several rates under one label read "VAT (20%, 5%)"; mixed labels fall back to "Tax". */
function taxRowLabel(doc: InvoiceDocument): string {
  const taxedLines = doc.lines.filter((line) => line.taxRateBps > 0);
  const labels = new Set(taxedLines.map((line) => line.taxLabel?.trim() || 'Tax'));
  const rates = [...new Set(taxedLines.map((line) => line.taxRateBps))].sort((a, b) => b - a);
  const [label] = labels;
  if (labels.size !== 1 || label === undefined) return 'Tax';
  return `${label} (${rates.map((bps) => formatPercent(bps, doc.locale)).join(', ')})`;
}
