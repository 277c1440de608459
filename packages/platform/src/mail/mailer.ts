import { type Database, devMailbox } from '@dualcontrol/db';
import { desc, lte } from 'drizzle-orm';
import nodemailer from 'nodemailer';

export type Mail = { to: string; subject: string; text: string; tenant?: string };
export type SentMail = Mail & { id: number; at: string };

/** How the platform sends email: SMTP when configured, else a local mailbox (development). */
export type Mailer = {
  send(mail: Mail): Promise<void>;
  /** The local mailbox's contents, newest first; undefined when mail really leaves (SMTP). */
  mailbox?: () => Promise<SentMail[]>;
};

const KEPT = 200;

/**
 * Keeps the last 200 messages in PostgreSQL (dev_mailbox, through the platform role), so sign-up
 * and verification work on a laptop with no mail server, whichever API process sent them; an
 * operator reads them at a development-only page.
 */
export function localMailbox(platformDb: Database): Mailer {
  return {
    async send(mail) {
      const [row] = await platformDb.db
        .insert(devMailbox)
        .values({ tenant: mail.tenant ?? null, to: mail.to, subject: mail.subject, text: mail.text })
        .returning({ id: devMailbox.id });
      if (row!.id % 50 === 0)
        await platformDb.db.delete(devMailbox).where(lte(devMailbox.id, row!.id - KEPT));
    },
    async mailbox() {
      const rows = await platformDb.db.select().from(devMailbox).orderBy(desc(devMailbox.id)).limit(KEPT);
      return rows.map((r) => ({
        id: r.id,
        to: r.to,
        subject: r.subject,
        text: r.text,
        ...(r.tenant ? { tenant: r.tenant } : {}),
        at: r.sentAt.toISOString(),
      }));
    },
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
