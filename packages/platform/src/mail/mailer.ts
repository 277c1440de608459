import nodemailer from 'nodemailer';

export type Mail = { to: string; subject: string; text: string; tenant?: string };
export type SentMail = Mail & { id: number; at: string };

/** How the platform sends email: SMTP when configured, else a local mailbox (development). */
export type Mailer = {
  send(mail: Mail): Promise<void>;
  /** The local mailbox's contents, newest first; undefined when mail really leaves (SMTP). */
  mailbox?: () => SentMail[];
};

/**
 * Keeps the last 200 messages in the API process, so sign-up and verification work on a laptop
 * with no mail server; an operator reads them at a development-only page.
 */
export function localMailbox(): Mailer {
  const kept: SentMail[] = [];
  let next = 1;
  return {
    async send(mail) {
      kept.unshift({ ...mail, id: next++, at: new Date().toISOString() });
      kept.length = Math.min(kept.length, 200);
    },
    mailbox: () => [...kept],
  };
}

/** Real delivery over SMTP (nodemailer), e.g. `smtp://user:pass@mail.example:587`. */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
