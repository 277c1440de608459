import type { Env } from '@dualcontrol/config';
import type { Database } from '@dualcontrol/db';
import { localMailbox } from '@dualcontrol/platform';
import { twilioCallbackUrl } from './callback-url.ts';
import type { ChannelSender } from './contract.ts';
import { createEmailSender } from './email/email-sender.ts';
import { createPushSender } from './push/push-sender.ts';
import { resolveVapidKeys } from './push/vapid-keys.ts';
import { createSmsSender, createWhatsappSender } from './twilio/twilio-sender.ts';

/**
 * The senders the environment configures: email always (SMTP, else the development mailbox),
 * push always (VAPID keys from the env or DATA_DIR), SMS and WhatsApp when Twilio is set up.
 */
export function createChannelSenders(
  env: Env,
  deps: { db: Database; platformDb: Database },
): { senders: ChannelSender[]; close(): void } {
  const email = createEmailSender({
    ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
    from: env.MAIL_FROM,
    devMailbox: localMailbox(deps.platformDb),
  });
  const senders: ChannelSender[] = [email, createPushSender({ db: deps.db, vapid: resolveVapidKeys(env) })];
  if (env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_SMS_FROM) {
    const twilio = {
      accountSid: env.TWILIO_ACCOUNT_SID,
      authToken: env.TWILIO_AUTH_TOKEN,
      smsFrom: env.TWILIO_SMS_FROM,
      ...(env.TWILIO_WHATSAPP_FROM ? { whatsappFrom: env.TWILIO_WHATSAPP_FROM } : {}),
      apiBase: env.TWILIO_API_BASE,
      statusCallbackUrl: (slug: string, deliveryId: string) => twilioCallbackUrl(env, slug, deliveryId),
    };
    senders.push(createSmsSender(twilio), createWhatsappSender(twilio));
  }
  return { senders, close: () => email.close() };
}
