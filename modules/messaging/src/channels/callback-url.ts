import type { Env } from '@dualcontrol/config';

/**
 * The school's public API origin that providers call back (Twilio's StatusCallback): the host
 * names the school, as for every school-scoped request. CALLBACK_BASE_URL may hold `{slug}`.
 */
export function schoolCallbackBase(
  env: Pick<Env, 'CALLBACK_BASE_URL' | 'APP_DOMAIN' | 'API_PORT'>,
  slug: string,
) {
  const template = env.CALLBACK_BASE_URL ?? `http://{slug}.${env.APP_DOMAIN}:${env.API_PORT}`;
  return template.replaceAll('{slug}', slug).replace(/\/$/, '');
}

export const TWILIO_CALLBACK_PATH = '/api/v1/messaging/callbacks/twilio';

export const twilioCallbackUrl = (
  env: Parameters<typeof schoolCallbackBase>[0],
  slug: string,
  deliveryId: string,
) => `${schoolCallbackBase(env, slug)}${TWILIO_CALLBACK_PATH}?delivery=${deliveryId}`;
