import { type AppEnv, decodeCursor, requireTenant } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withPayments } from '../http-context.ts';
import { invoiceView, listInvoices as list, readInvoice } from '../services/invoice-queries.ts';
import { renderInvoicePdf } from '../services/render-invoice-pdf.ts';
import type * as routes from './invoices.routes.ts';

export const listInvoices: RouteHandler<typeof routes.listInvoices, AppEnv> = async (c) => {
  const q = c.req.valid('query');
  const page = await withPayments(c, (tx, ctx) =>
    list(tx, ctx, { studentId: q.studentId, limit: q.limit, before: decodeCursor(q.cursor) }),
  );
  return c.json(page, 200);
};

export const getInvoice: RouteHandler<typeof routes.getInvoice, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { invoice, lines } = await withPayments(c, (tx, ctx) => readInvoice(tx, ctx, id));
  return c.json(invoiceView(invoice, lines), 200);
};

export const getInvoicePdf: RouteHandler<typeof routes.getInvoicePdf, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const tenant = requireTenant(c);
  const { invoice, lines } = await withPayments(c, (tx, ctx) => readInvoice(tx, ctx, id));
  const pdf = await renderInvoicePdf({
    kind: invoice.kind,
    displayNumber: invoice.displayNumber,
    issuedAt: invoice.issuedAt,
    currency: invoice.currency,
    locale: tenant.locale,
    timezone: tenant.timezone,
    seller: invoice.seller,
    buyer: invoice.buyer,
    lines,
    subtotalMinor: invoice.subtotalMinor,
    taxMinor: invoice.taxMinor,
    totalMinor: invoice.totalMinor,
  });
  return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="${invoice.displayNumber}.pdf"`,
    'cache-control': 'private, no-store',
  });
};
