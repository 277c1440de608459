import { type AppEnv, requestTx, requireTenant } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { captureEnquiry } from '../services/capture-enquiry.ts';
import type * as routes from './enquiries.routes.ts';

/**
 * Answers the same 202 whether the enquiry was new, matched an existing contact or was caught by
 * the honeypot: an anonymous caller learns nothing about the school's contacts, and a bot is not
 * told to try harder. The rate limit (`crm.enquiry`, per address) runs before this.
 */
export const submitEnquiry: RouteHandler<typeof routes.submitEnquiry, AppEnv> = async (c) => {
  const tenant = requireTenant(c);
  const { website, consent: _consent, ...input } = c.req.valid('json');
  if (website?.trim()) {
    c.get('log').info('enquiry honeypot filled: dropped', { tenant: tenant.slug });
    return c.json({ received: true as const }, 202);
  }
  await captureEnquiry(
    requestTx(c),
    { tenantId: tenant.id, userId: null, timezone: tenant.timezone, now: new Date() },
    input,
  );
  return c.json({ received: true as const }, 202);
};
