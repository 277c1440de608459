import { BODY_PROBLEMS, jsonBody, jsonContent, problemResponses } from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { Day, Email, Name, Phone, Postcode } from '../http-schemas.ts';
import { TRANSMISSIONS } from '../schema.ts';

export const submitEnquiry = createRoute({
  method: 'post',
  path: '/api/v1/enquiries',
  tags: ['CRM'],
  summary:
    'The school’s public enquiry form (no sign-in; the school by its address or X-Tenant): a contact in enquiry and a call-back task',
  request: {
    body: jsonBody(
      z
        .strictObject({
          name: Name,
          email: Email.optional(),
          phone: Phone.optional(),
          postcode: Postcode,
          transmission: z.enum(TRANSMISSIONS),
          availability: z.string().trim().max(500).optional(),
          preferredStart: Day.optional(),
          message: z.string().trim().max(2000).optional(),
          consent: z.literal(true, 'consent to be contacted is required'),
          /** The honeypot: people never see it (the form hides it), so anything in it is a bot. */
          website: z.string().max(500).optional(),
        })
        .refine((b) => b.email || b.phone, { message: 'an email or a phone is required', path: ['email'] }),
    ),
  },
  responses: {
    202: jsonContent(z.object({ received: z.literal(true) }).openapi('EnquiryReceived'), 'Received'),
    ...problemResponses(...BODY_PROBLEMS, 404),
  },
});
