import {
  type ChannelSender,
  type OutgoingMessage,
  PermanentDeliveryError,
  type SendOutcome,
} from '../contract.ts';
import { FallbackToSms } from '../skip.ts';

export type TwilioOptions = {
  accountSid: string;
  authToken: string;
  /** The sending number (E.164) or a Messaging Service SID (MG…). */
  smsFrom: string;
  /** The WhatsApp sender number (E.164, without the `whatsapp:` prefix); unset: WhatsApp falls back to SMS. */
  whatsappFrom?: string;
  /** https://api.twilio.com, or a test receiver. */
  apiBase: string;
  /** The StatusCallback URL Twilio posts delivery updates to, for this school and delivery. */
  statusCallbackUrl: (schoolSlug: string, deliveryId: string) => string;
  timeoutMs?: number;
};

/**
 * Twilio error codes that say the number will never take a message: invalid or not a mobile,
 * unsubscribed (STOP), blocked. The address is suppressed for the channel.
 * https://www.twilio.com/docs/api/errors
 */
export const SUPPRESSING_TWILIO_ERRORS: Record<number, 'unsubscribed' | 'permanent_failure'> = {
  21211: 'permanent_failure', // invalid 'To' number
  21214: 'permanent_failure', // 'To' number cannot be reached
  21610: 'unsubscribed', // the recipient replied STOP
  21612: 'permanent_failure', // not reachable from this sender
  21614: 'permanent_failure', // not a mobile number
  30003: 'permanent_failure', // unreachable destination handset
  30005: 'permanent_failure', // unknown destination handset
  30006: 'permanent_failure', // landline or unreachable carrier
  30007: 'permanent_failure', // filtered as spam by the carrier
  63003: 'permanent_failure', // WhatsApp: the number has no WhatsApp account
};

type TwilioMessage = { sid: string; status: string };
type TwilioError = { code?: number; message?: string; status?: number };

/** One POST to the Messages resource; classifies Twilio's refusals. */
async function createMessage(options: TwilioOptions, form: URLSearchParams): Promise<TwilioMessage> {
  const url = `${options.apiBase.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: form,
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  const body = (await res.json().catch(() => ({}))) as TwilioMessage & TwilioError;
  if (res.ok && body.sid) return body;
  const code = body.code ?? 0;
  const detail = `Twilio ${res.status}${code ? ` (${code})` : ''}: ${body.message ?? 'no message'}`;
  const suppress = SUPPRESSING_TWILIO_ERRORS[code];
  if (suppress) throw new PermanentDeliveryError(detail, suppress, true);
  // Other 4xx (bad parameters) will not pass on a retry either, but say nothing about the number;
  // 401/403 (credentials), 429 and 5xx may.
  if (res.status >= 400 && res.status < 500 && ![401, 403, 408, 429].includes(res.status))
    throw new PermanentDeliveryError(detail, 'permanent_failure', false);
  throw new Error(detail);
}

/** SMS through the Twilio Messages API. */
export function createSmsSender(options: TwilioOptions): ChannelSender {
  return {
    channel: 'sms',
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const form = new URLSearchParams({
        To: message.address,
        From: options.smsFrom,
        Body: smsBody(message),
        StatusCallback: options.statusCallbackUrl(message.school.slug, message.deliveryId),
      });
      if (options.smsFrom.startsWith('MG')) {
        form.delete('From');
        form.set('MessagingServiceSid', options.smsFrom);
      }
      const created = await createMessage(options, form);
      return { providerId: created.sid, status: 'sent' };
    },
  };
}

/** The text part with the link, within SMS's practical length (Twilio splits above 160). */
function smsBody(message: OutgoingMessage): string {
  const { text, url } = message.rendered;
  const body = url && !text.includes(url) ? `${text}\n${url}` : text;
  return body.length > 1530 ? `${body.slice(0, 1529)}…` : body;
}

/**
 * WhatsApp through the same API. Outside the 24-hour session window WhatsApp accepts only
 * pre-approved templates; we do not track the person's last inbound WhatsApp message, so every
 * message is treated as outside it: with an approved template (`rendered.whatsappTemplate`, a
 * Content SID) it is sent, without one (or with no WhatsApp sender configured) it falls back to SMS.
 */
export function createWhatsappSender(options: TwilioOptions): ChannelSender {
  return {
    channel: 'whatsapp',
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const template = message.rendered.whatsappTemplate;
      if (!options.whatsappFrom) throw new FallbackToSms('no WhatsApp sender configured: sent as SMS');
      if (!template) throw new FallbackToSms('no approved WhatsApp template for this message: sent as SMS');
      const form = new URLSearchParams({
        To: `whatsapp:${message.address}`,
        From: `whatsapp:${options.whatsappFrom}`,
        ContentSid: template.contentSid,
        ContentVariables: JSON.stringify(template.variables),
        StatusCallback: options.statusCallbackUrl(message.school.slug, message.deliveryId),
      });
      const created = await createMessage(options, form);
      return { providerId: created.sid, status: 'sent' };
    },
  };
}
