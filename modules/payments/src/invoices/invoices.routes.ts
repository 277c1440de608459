import {
  Id,
  IdParams,
  jsonContent,
  PageQuerySchema,
  page,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const tags = ['Invoices'];

const LineSchema = z.object({
  description: z.string(),
  quantity: z.number().int(),
  unitAmountMinor: z.number().int(),
  taxRateBps: z.number().int(),
  taxLabel: z.string().nullable(),
  netMinor: z.number().int(),
  taxMinor: z.number().int(),
});

export const InvoiceSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    displayNumber: z.string(),
    kind: z.enum(['invoice', 'credit_note']),
    studentId: z.string(),
    paymentId: z.string().nullable(),
    refundId: z.string().nullable(),
    currency: z.string(),
    subtotalMinor: z.number().int(),
    taxMinor: z.number().int(),
    totalMinor: z.number().int(),
    seller: z.object({ name: z.string(), primaryColor: z.string().optional() }),
    buyer: z.object({ name: z.string(), email: z.string() }),
    issuedAt: z.string(),
    lines: z.array(LineSchema).optional(),
  })
  .openapi('Invoice');

export const listInvoices = createRoute({
  method: 'get',
  path: '/api/v1/invoices',
  tags,
  summary: 'Invoices and credit notes, newest first (students see their own)',
  security: sessionSecurity,
  request: { query: PageQuerySchema.extend({ studentId: Id.optional() }) },
  responses: {
    200: jsonContent(page(InvoiceSchema, 'InvoicePage'), 'A page of invoices'),
    ...problemResponses(400, 401),
  },
});

export const getInvoice = createRoute({
  method: 'get',
  path: '/api/v1/invoices/{id}',
  tags,
  summary: 'One invoice with its lines',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(InvoiceSchema, 'The invoice'), ...problemResponses(400, 401, 404) },
});

export const getInvoicePdf = createRoute({
  method: 'get',
  path: '/api/v1/invoices/{id}/pdf',
  tags,
  summary: 'The invoice as a PDF in the school’s branding',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: {
      description: 'PDF',
      content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...problemResponses(400, 401, 404),
  },
});
