import { createHmac } from 'node:crypto';
import { type AppEnv, AppError, badRequest, notFound, requestTx, requireTenant } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { schoolCallbackBase, TWILIO_CALLBACK_PATH } from '../callback-url.ts';
import { verifyTwilioSignature } from '../twilio/twilio-signature.ts';
import type * as routes from './callbacks.routes.ts';
import { EmailReportSchema, receiveEmailReport, verifyEmailReport } from './email-report.ts';
import { receiveTwilioStatus } from './twilio-status.ts';

const unsigned = (header: string) =>
  new AppError('messaging.callback_unsigned', {
    status: 401,
    title: 'Unauthorized',
    detail: `The ${header} header is missing.`,
    fields: [{ path: `header.${header.toLowerCase()}`, message: 'required' }],
  });
const badSignature = (header: string, why = 'does not match') =>
  new AppError('messaging.callback_signature_invalid', {
    status: 403,
    title: 'Forbidden',
    detail: `The ${header} ${why}.`,
    fields: [{ path: `header.${header.toLowerCase()}`, message: why }],
  });

export const twilioStatus: RouteHandler<typeof routes.twilioStatus, AppEnv> = async (c) => {
  const tenant = requireTenant(c);
  const { env } = c.get('deps');
  if (!env.TWILIO_AUTH_TOKEN) throw notFound('messaging.twilio_not_configured', 'Twilio is not configured.');
  const params = c.req.valid('form') as Record<string, string>;
  const { delivery } = c.req.valid('query');
  // The URL Twilio signed is the one we gave it, not what a proxy in front of us rewrote it to.
  const search = new URL(c.req.url).search;
  const url = `${schoolCallbackBase(env, tenant.slug)}${TWILIO_CALLBACK_PATH}${search}`;
  const signature = c.req.header('x-twilio-signature');
  if (!signature) throw unsigned('X-Twilio-Signature');
  if (!verifyTwilioSignature(env.TWILIO_AUTH_TOKEN, url, params, signature))
    throw badSignature('X-Twilio-Signature');
  const result = await receiveTwilioStatus(requestTx(c), tenant.id, delivery, params);
  return c.json({ received: true as const, deliveryId: delivery, ...result }, 200);
};

const derivedSecrets = new WeakMap<object, Buffer>();

/** EMAIL_CALLBACK_SECRET, or a key derived from the application key for this purpose only. */
function emailSecret(c: Context<AppEnv>): string | Buffer {
  const deps = c.get('deps');
  if (deps.env.EMAIL_CALLBACK_SECRET) return deps.env.EMAIL_CALLBACK_SECRET;
  let secret = derivedSecrets.get(deps.keyring);
  if (!secret) {
    secret = createHmac('sha256', deps.keyring.keys.get(deps.keyring.current)!)
      .update('messaging-email-callback')
      .digest();
    derivedSecrets.set(deps.keyring, secret);
  }
  return secret;
}

export const emailReport: RouteHandler<typeof routes.emailReport, AppEnv> = async (c) => {
  const tenant = requireTenant(c);
  const raw = await c.req.text();
  const verdict = verifyEmailReport(emailSecret(c), raw, c.req.header('x-dualcontrol-signature'));
  if (verdict === 'missing') throw unsigned('X-Dualcontrol-Signature');
  if (verdict === 'invalid') throw badSignature('X-Dualcontrol-Signature');
  if (verdict === 'stale') throw badSignature('X-Dualcontrol-Signature', 'is too old');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw badRequest('request.malformed_json', 'The body is not JSON.', [
      { path: 'body', message: 'not JSON' },
    ]);
  }
  const parsed = EmailReportSchema.safeParse(json);
  if (!parsed.success)
    throw badRequest(
      'request.invalid',
      'The report is not valid.',
      parsed.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message })),
    );
  const result = await receiveEmailReport(requestTx(c), tenant.id, parsed.data);
  return c.json({ received: true as const, ...result }, 200);
};

/** For tests and tools that sign reports the way a relay must. */
export { signEmailReport } from './email-report.ts';
