import { signEmailReport } from '@dualcontrol/messaging';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  channelDispatcher,
  channelEnv,
  createTestApi,
  deliveries,
  finishedEvents,
  notificationStatus,
  queueNotification,
  type SmtpSink,
  startSmtpSink,
  suppressions,
  type TestApi,
} from './channels-fixture.ts';

// The channel dispatcher and the email sender against a real SMTP listener that parses every message.
describe('email deliveries through the channel dispatcher', () => {
  let api: TestApi;
  let smtp: SmtpSink;
  let tenantId: string;
  let studentId: string;
  let dispatcher: ReturnType<typeof channelDispatcher>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await createTestApi({ env: channelEnv({ smtpUrl: smtp.url }) });
    const school = await api.createSchool('mailschool');
    tenantId = school.tenant.id;
    studentId = (await api.addPerson('mailschool', school.ownerToken, 'students', 'Ellie Email')).userId;
    dispatcher = channelDispatcher(api);
  });
  afterAll(async () => {
    dispatcher?.closeSenders();
    await api?.close();
    await smtp?.close();
  });
  beforeEach(() => {
    smtp.mails.length = 0;
    smtp.refuse.clear();
    smtp.softRefuse.clear();
  });

  it('sends HTML, text and the ICS attachment; the Message-ID is the provider id; the notification is sent', async () => {
    const ics =
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Driving lesson\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    const { notificationId, deliveryIds } = await queueNotification(api, {
      tenantId,
      userId: studentId,
      eventType: 'booking.reminder_due',
      deliveries: [
        {
          channel: 'email',
          address: 'ellie@mail.test',
          rendered: {
            subject: 'Your lesson tomorrow at 10:00',
            text: 'See you tomorrow at 10:00.',
            html: '<p>See you <b>tomorrow</b> at 10:00.</p>',
            attachments: [
              {
                filename: 'lesson.ics',
                contentType: 'text/calendar',
                contentBase64: Buffer.from(ics).toString('base64'),
              },
            ],
          },
        },
      ],
    });
    expect(await dispatcher.drain()).toBe(1);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.envelopeTo).toEqual(['ellie@mail.test']);
    expect(mail.subject).toBe('Your lesson tomorrow at 10:00');
    expect(mail.from?.value[0]).toMatchObject({
      name: 'mailschool Driving School',
      address: 'no-reply@mail.test',
    });
    expect(mail.text?.trim()).toBe('See you tomorrow at 10:00.');
    expect(mail.html).toContain('<b>tomorrow</b>');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'lesson.ics', contentType: 'text/calendar' });
    expect(mail.attachments[0]!.content.toString()).toBe(ics);
    const [row] = await deliveries(api, notificationId);
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      provider_id: mail.messageId,
      claimed_until: null,
    });
    expect(mail.messageId).toBe(`<${deliveryIds[0]}@mail.test>`);
    expect(await notificationStatus(api, notificationId)).toBe('sent');
    // "sent" is not final for email (a bounce may still come): no delivery_finished yet.
    expect(await finishedEvents(api, deliveryIds[0]!)).toHaveLength(0);
    // Nothing is due any more: a second round sends nothing.
    expect(await dispatcher.drain()).toBe(0);
    expect(smtp.mails).toHaveLength(1);
  });

  it('retries a 4xx refusal with backoff, then sends it once it passes', async () => {
    smtp.softRefuse.add('busy@mail.test');
    const slow = channelDispatcher(api, { backoffSeconds: () => 3600 });
    const { notificationId } = await queueNotification(api, {
      tenantId,
      userId: studentId,
      deliveries: [{ channel: 'email', address: 'busy@mail.test' }],
    });
    expect(await slow.runOnce()).toBe(1);
    let [row] = await deliveries(api, notificationId);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, claimed_until: null });
    expect(row!.last_error).toMatch(/451/);
    // The backoff holds it back: nothing is due.
    expect(row!.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(await slow.runOnce()).toBe(0);
    // Time passes (the row's next attempt is now) and the mailbox is free again.
    smtp.softRefuse.clear();
    await api.tdb
      .owner`update notification_channels set next_attempt_at = now() where notification_id = ${notificationId}`;
    expect(await slow.drain()).toBe(1);
    slow.closeSenders();
    [row] = await deliveries(api, notificationId);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(smtp.mails.map((m) => m.envelopeTo[0])).toEqual(['busy@mail.test']);
  });

  it('gives up after the last attempt: failed, final, announced, the notification failed', async () => {
    smtp.softRefuse.add('never@mail.test');
    const few = channelDispatcher(api, { maxAttempts: 3 });
    const { notificationId, deliveryIds } = await queueNotification(api, {
      tenantId,
      userId: studentId,
      deliveries: [{ channel: 'email', address: 'never@mail.test' }],
    });
    expect(await few.drain()).toBe(3);
    few.closeSenders();
    const [row] = await deliveries(api, notificationId);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(await notificationStatus(api, notificationId)).toBe('failed');
    expect((await finishedEvents(api, deliveryIds[0]!)).map((e) => e.payload.status)).toEqual(['failed']);
    // A transient failure says nothing against the address.
    expect((await suppressions(api, tenantId)).map((s) => s.address)).not.toContain('never@mail.test');
  });

  it('a 550 to RCPT TO bounces: suppressed at once, and never sent to again', async () => {
    smtp.refuse.add('gone@mail.test');
    const first = await queueNotification(api, {
      tenantId,
      userId: studentId,
      deliveries: [{ channel: 'email', address: 'gone@mail.test' }],
    });
    await dispatcher.drain();
    const [row] = await deliveries(api, first.notificationId);
    expect(row).toMatchObject({ status: 'bounced', attempts: 1 });
    expect(row!.last_error).toMatch(/550/);
    expect(await notificationStatus(api, first.notificationId)).toBe('bounced');
    expect(await suppressions(api, tenantId)).toContainEqual({
      channel: 'email',
      address: 'gone@mail.test',
      reason: 'bounce',
    });
    expect((await finishedEvents(api, first.deliveryIds[0]!)).map((e) => e.payload.status)).toEqual([
      'bounced',
    ]);

    // The next notification to the same address is not sent at all.
    smtp.refuse.clear();
    const second = await queueNotification(api, {
      tenantId,
      userId: studentId,
      deliveries: [
        { channel: 'email', address: 'gone@mail.test' },
        { channel: 'in_app', address: studentId },
      ],
    });
    await dispatcher.drain();
    expect(smtp.mails).toHaveLength(0);
    const rows = await deliveries(api, second.notificationId);
    // Both rows were written in one statement (one created_at, ids in no set order): sorted here.
    expect(rows.map((r) => [r.channel, r.status]).sort()).toEqual([
      ['email', 'suppressed'],
      ['in_app', 'delivered'],
    ]);
    expect(await notificationStatus(api, second.notificationId)).toBe('delivered');
  });

  it('another school is not suppressed by this one’s bounce', async () => {
    const other = await api.createSchool('mailschool2');
    const otherStudent = await api.addPerson('mailschool2', other.ownerToken, 'students', 'Olly Other');
    const { notificationId } = await queueNotification(api, {
      tenantId: other.tenant.id,
      userId: otherStudent.userId,
      deliveries: [{ channel: 'email', address: 'gone@mail.test' }],
    });
    await dispatcher.drain();
    expect((await deliveries(api, notificationId))[0]!.status).toBe('sent');
    expect(smtp.mails.map((m) => m.envelopeTo[0])).toEqual(['gone@mail.test']);
  });

  it('a worker killed mid-send leaves a lease: nothing is sent until it expires, then the row is sent once more', async () => {
    const { notificationId } = await queueNotification(api, {
      tenantId,
      userId: studentId,
      deliveries: [{ channel: 'email', address: 'lease@mail.test' }],
    });
    // A worker that claimed the row and died (its SMTP transaction never finished).
    const dying = channelDispatcher(api, {
      leaseSeconds: 60,
      senders: [{ channel: 'email', send: () => new Promise(() => {}) }],
    });
    void dying.runOnce();
    let row = (await deliveries(api, notificationId))[0]!;
    // Up to 10 s for its claim to commit (1 s could run out on a loaded CI machine).
    for (let i = 0; i < 500 && row.claimed_until === null; i += 1) {
      await new Promise((r) => setTimeout(r, 20));
      row = (await deliveries(api, notificationId))[0]!;
    }
    expect(row.claimed_until).not.toBeNull();
    expect(row.status).toBe('pending');
    // A healthy worker skips the leased row.
    expect(await dispatcher.drain()).toBe(0);
    expect(smtp.mails).toHaveLength(0);
    // The lease runs out.
    await api.tdb
      .owner`update notification_channels set claimed_until = now() - interval '1 second' where notification_id = ${notificationId}`;
    expect(await dispatcher.drain()).toBe(1);
    expect(smtp.mails.map((m) => m.envelopeTo[0])).toEqual(['lease@mail.test']);
    expect((await deliveries(api, notificationId))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('wakes on NOTIFY dc_deliveries when running', async () => {
    const live = channelDispatcher(api, { pollMs: 60_000 });
    await live.start();
    try {
      const { notificationId } = await queueNotification(api, {
        tenantId,
        userId: studentId,
        deliveries: [{ channel: 'email', address: 'woken@mail.test' }],
      });
      await api.tdb.owner`select pg_notify('dc_deliveries', '')`;
      let status = 'pending';
      // Up to 10 s (2 s could run out on a loaded CI machine): still well before the 60 s poll.
      for (let i = 0; i < 500 && status === 'pending'; i += 1) {
        await new Promise((r) => setTimeout(r, 20));
        status = (await deliveries(api, notificationId))[0]!.status;
      }
      // Well before the 60 s poll: the NOTIFY woke it.
      expect(status).toBe('sent');
      expect(smtp.mails.map((m) => m.envelopeTo[0])).toEqual(['woken@mail.test']);
    } finally {
      await live.stop();
      live.closeSenders();
    }
  });

  describe('the bounce and complaint intake', () => {
    const SECRET = 'email-callback-test-secret';
    const report = (
      body: unknown,
      opts: { tenant?: string; signature?: string | null; at?: number } = {},
    ) => {
      const raw = JSON.stringify(body);
      const signature = opts.signature === undefined ? signEmailReport(SECRET, raw, opts.at) : opts.signature;
      return api.call('POST', '/api/v1/messaging/callbacks/email', {
        tenant: opts.tenant ?? 'mailschool',
        rawBody: raw,
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'x-dualcontrol-signature': signature } : {}),
        },
      });
    };
    const sendOne = async (address: string) => {
      const q = await queueNotification(api, {
        tenantId,
        userId: studentId,
        deliveries: [{ channel: 'email', address }],
      });
      await dispatcher.drain();
      const [row] = await deliveries(api, q.notificationId);
      expect(row!.status).toBe('sent');
      return { ...q, messageId: row!.provider_id! };
    };

    it('refuses unsigned (401), forged (403) and stale (403) reports, as problems, changing nothing', async () => {
      const sent = await sendOne('later@mail.test');
      const body = { type: 'bounce', messageId: sent.messageId, status: '5.1.1' };
      const unsigned = await report(body, { signature: null });
      expect(unsigned.status).toBe(401);
      expect(unsigned.contentType).toContain('application/problem+json');
      const forged = await report(body, {
        signature: signEmailReport('another-secret-entirely', JSON.stringify(body)),
      });
      expect(forged.status).toBe(403);
      expect(forged.body.code).toBe('messaging.callback_signature_invalid');
      const stale = await report(body, { at: Math.floor(Date.now() / 1000) - 3600 });
      expect(stale.status).toBe(403);
      expect((await deliveries(api, sent.notificationId))[0]!.status).toBe('sent');
      expect((await suppressions(api, tenantId)).map((s) => s.address)).not.toContain('later@mail.test');
    });

    it('a signed but invalid report is a 400 naming the field; an unknown Message-ID a 404', async () => {
      const bad = await report({ type: 'bounce', messageId: 'x', recipient: 'not-an-address' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('body.messageId');
      const unknown = await report({ type: 'bounce', messageId: '<nobody@mail.test>' });
      expect(unknown.status).toBe(404);
    });

    it('another school cannot bounce this school’s email', async () => {
      const sent = await sendOne('victim@mail.test');
      const res = await report(
        { type: 'bounce', messageId: sent.messageId, status: '5.1.1' },
        { tenant: 'mailschool2' },
      );
      expect(res.status).toBe(404);
      expect((await deliveries(api, sent.notificationId))[0]!.status).toBe('sent');
    });

    it('a hard bounce after acceptance marks the email bounced and suppresses the address; a soft one does nothing', async () => {
      const sent = await sendOne('async-bounce@mail.test');
      const soft = await report({ type: 'bounce', messageId: sent.messageId, status: '4.2.2' });
      expect(soft.body).toMatchObject({ changed: false, status: 'sent' });
      const hard = await report({
        type: 'bounce',
        messageId: sent.messageId,
        status: '5.1.1',
        diagnostic: 'user unknown',
      });
      expect(hard.status).toBe(200);
      expect(hard.body).toMatchObject({
        received: true,
        deliveryId: sent.deliveryIds[0],
        status: 'bounced',
        changed: true,
      });
      expect((await deliveries(api, sent.notificationId))[0]).toMatchObject({
        status: 'bounced',
        last_error: 'bounce: 5.1.1 user unknown',
      });
      expect(await notificationStatus(api, sent.notificationId)).toBe('bounced');
      expect(await suppressions(api, tenantId)).toContainEqual({
        channel: 'email',
        address: 'async-bounce@mail.test',
        reason: 'bounce',
      });
      expect((await finishedEvents(api, sent.deliveryIds[0]!)).map((e) => e.payload.status)).toEqual([
        'bounced',
      ]);
    });

    it('a complaint keeps the email delivered and suppresses the address', async () => {
      const sent = await sendOne('grumpy@mail.test');
      const res = await report({ type: 'complaint', messageId: sent.messageId.replace(/[<>]/g, '') });
      expect(res.body).toMatchObject({ status: 'delivered', changed: true });
      expect(await suppressions(api, tenantId)).toContainEqual({
        channel: 'email',
        address: 'grumpy@mail.test',
        reason: 'complaint',
      });
    });
  });
});
