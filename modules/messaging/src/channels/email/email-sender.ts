import type { Mailer } from '@dualcontrol/platform';
import nodemailer from 'nodemailer';
import {
  type ChannelSender,
  type OutgoingMessage,
  PermanentDeliveryError,
  type SendOutcome,
} from '../contract.ts';

export type EmailSenderOptions = {
  /** `smtp://…` or `smtps://…` (SMTP_URL); unset: the platform's local mailbox (development). */
  smtpUrl?: string;
  /** MAIL_FROM; the school's name is put in front of its address as the display name. */
  from: string;
  /** Where mail goes without SMTP (the operator's development mailbox). */
  devMailbox?: Mailer;
  /** SMTP connections kept open (nodemailer's pool). */
  maxConnections?: number;
};

/** `Dualcontrol <no-reply@x>` → `no-reply@x`. */
const addressOf = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();

/**
 * The Message-ID is derived from the delivery, so a message sent twice (a worker killed between
 * the SMTP server's 250 and our record) carries the same id and receivers that dedupe on it show
 * it once; it is also what a bounce report names to find the delivery again.
 */
export const messageIdFor = (deliveryId: string, from: string) =>
  `<${deliveryId}@${addressOf(from).split('@')[1] ?? 'dualcontrol.localhost'}>`;

type SmtpError = Error & { responseCode?: number; command?: string; code?: string };

/**
 * Classifies an SMTP failure: a 5xx answer to RCPT TO refuses the address for good (a hard
 * bounce: suppressed); another 5xx (e.g. 554 to DATA) refuses this message but says nothing about
 * the address; everything else (4xx, connection trouble, auth) may pass on a later attempt.
 */
export function classifySmtpError(error: unknown): Error {
  const e = error as SmtpError;
  const code = e.responseCode ?? 0;
  if (code >= 500 && code < 600) {
    const rcpt = e.code === 'EENVELOPE' || /RCPT/i.test(e.command ?? '');
    if (rcpt && code !== 530 && code !== 535)
      return new PermanentDeliveryError(`recipient refused: ${e.message}`, 'bounce');
    if (code !== 530 && code !== 535)
      return new PermanentDeliveryError(`message refused: ${e.message}`, 'permanent_failure', false);
  }
  return e instanceof Error ? e : new Error(String(error));
}

/** Email over SMTP with nodemailer (HTML + text + attachments), or the dev mailbox without SMTP. */
export function createEmailSender(options: EmailSenderOptions): ChannelSender & { close(): void } {
  const transport = options.smtpUrl
    ? nodemailer.createTransport({
        url: options.smtpUrl,
        pool: true,
        maxConnections: options.maxConnections ?? 5,
        maxMessages: Number.POSITIVE_INFINITY,
      } as unknown as Parameters<typeof nodemailer.createTransport>[0])
    : undefined;
  const fromAddress = addressOf(options.from);

  return {
    channel: 'email',
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const messageId = messageIdFor(message.deliveryId, options.from);
      const { rendered } = message;
      if (!transport) {
        if (!options.devMailbox) throw new Error('no SMTP_URL and no development mailbox');
        await options.devMailbox.send({
          to: message.address,
          subject: rendered.subject,
          text: rendered.text,
          tenant: message.school.slug,
        });
        return { providerId: messageId, status: 'sent' };
      }
      try {
        await transport.sendMail({
          from: { name: message.school.name, address: fromAddress },
          to: message.address,
          subject: rendered.subject,
          text: rendered.text,
          ...(rendered.html ? { html: rendered.html } : {}),
          messageId,
          headers: { 'X-Dualcontrol-Delivery': message.deliveryId },
          attachments: (rendered.attachments ?? []).map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.contentBase64, 'base64'),
          })),
        });
      } catch (error) {
        throw classifySmtpError(error);
      }
      return { providerId: messageId, status: 'sent' };
    },
    close() {
      transport?.close();
    },
  };
}
