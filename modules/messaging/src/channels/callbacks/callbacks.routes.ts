import { BODY_PROBLEMS, Id, jsonContent, problemResponses } from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { EmailReportSchema } from './email-report.ts';

const tags = ['Messaging callbacks'];
const Receipt = z
  .object({ received: z.literal(true), deliveryId: z.string(), status: z.string(), changed: z.boolean() })
  .openapi('DeliveryCallbackReceipt');

export const twilioStatus = createRoute({
  method: 'post',
  path: '/api/v1/messaging/callbacks/twilio',
  tags,
  summary: 'Twilio message status callback (X-Twilio-Signature verified; no session)',
  description:
    'The StatusCallback URL the SMS/WhatsApp sender gives Twilio: `?delivery=` names our delivery. The signature is HMAC-SHA1 with the auth token over the URL we gave Twilio (CALLBACK_BASE_URL) and the sorted form parameters. 401 without it, 403 when it does not match.',
  request: {
    query: z.strictObject({ delivery: Id }),
    body: {
      required: true,
      content: { 'application/x-www-form-urlencoded': { schema: z.record(z.string(), z.string()) } },
    },
  },
  responses: { 200: jsonContent(Receipt, 'Recorded'), ...problemResponses(...BODY_PROBLEMS, 401, 403, 404) },
});

export const emailReport = createRoute({
  method: 'post',
  path: '/api/v1/messaging/callbacks/email',
  tags,
  summary: 'A mail relay’s bounce or complaint report (X-Dualcontrol-Signature verified; no session)',
  description:
    'Body: `{ type: "bounce" | "complaint", messageId, recipient?, status?, diagnostic? }` (the Message-ID we sent). Header `X-Dualcontrol-Signature: t=<unix>,v1=<hex HMAC-SHA256(EMAIL_CALLBACK_SECRET, "<t>.<raw body>")>`, at most 5 minutes old. A bounce (5.x.x or no status) marks the delivery bounced; a complaint marks it delivered; both suppress the address for the school.',
  request: { headers: z.object({ 'x-dualcontrol-signature': z.string().optional() }) },
  responses: {
    200: jsonContent(Receipt, 'Recorded'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
  },
});

export { EmailReportSchema };
