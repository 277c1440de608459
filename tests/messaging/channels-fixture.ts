import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createTestApi, type TestApi } from '@dualcontrol/api/testing';
import { systemActor } from '@dualcontrol/db';
import { createChannelDispatcher, createChannelSenders } from '@dualcontrol/messaging';
import { createLogger } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import webpush from 'web-push';

export { createTestApi, type TestApi };

/**
 * A real SMTP listener that reads every message; `refuse` makes RCPT TO answer 550 for an address.
 * `acceptDelayMs` holds each RCPT TO that long (a slow relay), so sends are in flight long enough
 * for a drill to kill the sender mid-way.
 */
export async function startSmtpSink(options: { acceptDelayMs?: number } = {}) {
  const mails: (ParsedMail & { envelopeTo: string[] })[] = [];
  const refuse = new Set<string>();
  const softRefuse = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: 10 * 1024 * 1024,
    async onRcptTo(address, _session, done) {
      if (options.acceptDelayMs) await new Promise((r) => setTimeout(r, options.acceptDelayMs));
      if (refuse.has(address.address)) {
        const err = new Error('5.1.1 mailbox does not exist') as Error & { responseCode: number };
        err.responseCode = 550;
        return done(err);
      }
      if (softRefuse.has(address.address)) {
        const err = new Error('4.2.1 mailbox busy, try later') as Error & { responseCode: number };
        err.responseCode = 451;
        return done(err);
      }
      done();
    },
    onData(stream, session, done) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
          done();
        })
        .catch(done);
    },
  });
  // A client that dies mid-session (a drill SIGKILLs the worker) resets its connection: that is
  // the client's failure, not the listener's, and must not surface as an uncaught error.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET') throw error;
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refuse,
    softRefuse,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

export const TWILIO = {
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  authToken: 'twilio-test-auth-token',
};
export const VAPID = webpush.generateVAPIDKeys();

/** The env the API and the dispatcher share: every provider pointed at a local receiver. */
export function channelEnv(o: {
  smtpUrl?: string;
  twilioBase?: string;
  apiPort?: number;
  whatsapp?: boolean;
}) {
  return {
    ...(o.smtpUrl ? { SMTP_URL: o.smtpUrl } : {}),
    MAIL_FROM: 'Dualcontrol <no-reply@mail.test>',
    TWILIO_ACCOUNT_SID: TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TWILIO.authToken,
    TWILIO_SMS_FROM: '+15005550006',
    ...(o.whatsapp === false ? {} : { TWILIO_WHATSAPP_FROM: '+14155238886' }),
    ...(o.twilioBase ? { TWILIO_API_BASE: o.twilioBase } : {}),
    ...(o.apiPort ? { CALLBACK_BASE_URL: `http://{slug}.localhost:${o.apiPort}` } : {}),
    VAPID_PUBLIC_KEY: VAPID.publicKey,
    VAPID_PRIVATE_KEY: VAPID.privateKey,
    VAPID_SUBJECT: 'mailto:ops@mail.test',
    EMAIL_CALLBACK_SECRET: 'email-callback-test-secret',
  };
}

/** The worker's channel dispatcher over the test database, with the senders the env configures. */
export function channelDispatcher(
  api: TestApi,
  opts: Partial<Parameters<typeof createChannelDispatcher>[0]> = {},
) {
  const channels = createChannelSenders(api.tdb.env, { db: api.tdb.db, platformDb: api.tdb.platformDb });
  const dispatcher = createChannelDispatcher({
    platformDb: api.tdb.platformDb,
    db: api.tdb.db,
    senders: channels.senders,
    log: createLogger('silent'),
    backoffSeconds: () => 0,
    ...opts,
  });
  return Object.assign(dispatcher, { closeSenders: channels.close });
}

export type Rendered = {
  subject: string;
  text: string;
  html?: string;
  url?: string;
  attachments?: { filename: string; contentType: string; contentBase64: string }[];
  whatsappTemplate?: { contentSid: string; variables: Record<string, string> };
};

/**
 * A notification with its channel deliveries, as notify's fan-out writes them (the input of the
 * channel dispatcher): written through the app role in the school's transaction.
 */
export async function queueNotification(
  api: TestApi,
  input: {
    tenantId: string;
    userId: string;
    eventType?: string;
    critical?: boolean;
    deliveries: {
      channel: 'email' | 'sms' | 'whatsapp' | 'push' | 'in_app';
      address: string;
      rendered?: Rendered;
    }[];
  },
) {
  const rendered: Rendered = { subject: 'Lesson confirmed', text: 'Your lesson on Monday is confirmed.' };
  return api.tdb.db.withTenant(input.tenantId, systemActor, async (tx) => {
    const [n] = await tx.execute<{ id: string }>(sql`
      insert into notifications (tenant_id, event_type, user_id, recipient_role, critical, title, body)
      values (${input.tenantId}, ${input.eventType ?? 'booking.confirmed'}, ${input.userId}, 'student',
              ${input.critical ?? false}, 'Lesson confirmed', 'Your lesson is confirmed.')
      returning id`);
    const ids: string[] = [];
    for (const d of input.deliveries) {
      const [row] = await tx.execute<{ id: string }>(sql`
        insert into notification_channels (tenant_id, notification_id, channel, address, rendered)
        values (${input.tenantId}, ${n!.id}, ${d.channel}, ${d.address}, ${JSON.stringify(d.rendered ?? rendered)}::jsonb)
        returning id`);
      ids.push(row!.id);
    }
    return { notificationId: n!.id, deliveryIds: ids };
  });
}

export type DeliveryRow = {
  id: string;
  channel: string;
  address: string;
  status: string;
  attempts: number;
  provider_id: string | null;
  last_error: string | null;
  next_attempt_at: Date;
  claimed_until: Date | null;
  sent_at: Date | null;
};

/** Reads deliveries through the owner connection (a read-only look, never used to prove isolation). */
export async function deliveries(api: TestApi, notificationId: string): Promise<DeliveryRow[]> {
  return api.tdb.owner<DeliveryRow[]>`
    select id, channel, address, status, attempts, provider_id, last_error, next_attempt_at, claimed_until, sent_at
      from notification_channels where notification_id = ${notificationId} order by created_at, id`;
}

export async function notificationStatus(api: TestApi, notificationId: string): Promise<string> {
  const [row] = await api.tdb.owner<
    { status: string }[]
  >`select status from notifications where id = ${notificationId}`;
  return row!.status;
}

export async function finishedEvents(api: TestApi, deliveryId: string) {
  return api.tdb.owner<{ payload: { status: string; channel: string } }[]>`
    select payload from outbox_events
     where type = 'notification.delivery_finished' and payload->>'deliveryId' = ${deliveryId}`;
}

export async function suppressions(api: TestApi, tenantId: string) {
  return api.tdb.owner<{ channel: string; address: string; reason: string }[]>`
    select channel, address, reason from notification_suppressions where tenant_id = ${tenantId} order by address`;
}
