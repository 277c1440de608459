import type { Server } from 'node:http';
import { createSmsSender } from '@dualcontrol/messaging';
import { freePort } from '@dualcontrol/platform';
import { startTwilioReceiver, type TwilioReceiver } from '@dualcontrol/testing';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  channelDispatcher,
  channelEnv,
  createTestApi,
  deliveries,
  finishedEvents,
  notificationStatus,
  queueNotification,
  suppressions,
  type TestApi,
  TWILIO,
} from './channels-fixture.ts';

// SMS and WhatsApp through the Twilio adapter against a local Messages endpoint that checks basic
// auth and posts signed status callbacks back to the API, served over HTTP on the school's host.
describe('SMS and WhatsApp through the Twilio Messages API', () => {
  let api: TestApi;
  let twilio: TwilioReceiver;
  let server: Server;
  let port: number;
  let a: { tenantId: string; userId: string };
  let b: { tenantId: string; userId: string };
  let dispatcher: ReturnType<typeof channelDispatcher>;

  const settle = async () => {
    await dispatcher.drain();
    await twilio.settled();
  };

  beforeAll(async () => {
    twilio = await startTwilioReceiver(TWILIO);
    port = await freePort();
    api = await createTestApi({ env: channelEnv({ twilioBase: twilio.url, apiPort: port }) });
    server = serve({ fetch: api.app.fetch, port, hostname: '127.0.0.1' }) as Server;
    const sa = await api.createSchool('smsa');
    const sb = await api.createSchool('smsb');
    a = {
      tenantId: sa.tenant.id,
      userId: (await api.addPerson('smsa', sa.ownerToken, 'students', 'Sam Sms')).userId,
    };
    b = {
      tenantId: sb.tenant.id,
      userId: (await api.addPerson('smsb', sb.ownerToken, 'students', 'Bea Sms')).userId,
    };
    dispatcher = channelDispatcher(api);
  });
  afterAll(async () => {
    dispatcher?.closeSenders();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await api?.close();
    await twilio?.close();
  });
  beforeEach(() => {
    twilio.messages.length = 0;
    twilio.callbacks.length = 0;
    twilio.behave(() => ({ accept: true }));
  });

  it('sends an SMS with basic auth; the signed callbacks move it to delivered', async () => {
    const { notificationId, deliveryIds } = await queueNotification(api, {
      ...a,
      deliveries: [
        {
          channel: 'sms',
          address: '+447700900001',
          rendered: {
            subject: 'Lesson',
            text: 'Your lesson is at 10:00.',
            url: 'https://smsa.example/bookings/1',
          },
        },
      ],
    });
    await settle();
    expect(twilio.refusedAuth).toEqual([]);
    expect(twilio.messages).toHaveLength(1);
    const { sid, params } = twilio.messages[0]!;
    expect(params).toMatchObject({
      To: '+447700900001',
      From: '+15005550006',
      Body: 'Your lesson is at 10:00.\nhttps://smsa.example/bookings/1',
      StatusCallback: `http://smsa.localhost:${port}/api/v1/messaging/callbacks/twilio?delivery=${deliveryIds[0]}`,
    });
    expect(twilio.callbacks.map((c) => [c.status, c.httpStatus])).toEqual([
      ['sent', 200],
      ['delivered', 200],
    ]);
    const [row] = await deliveries(api, notificationId);
    expect(row).toMatchObject({ status: 'delivered', provider_id: sid, attempts: 1 });
    expect(await notificationStatus(api, notificationId)).toBe('delivered');
    expect((await finishedEvents(api, deliveryIds[0]!)).map((e) => e.payload)).toEqual([
      expect.objectContaining({ status: 'delivered', channel: 'sms' }),
    ]);
  });

  it('undelivered with 21610 (the person replied STOP) fails the delivery and suppresses the number', async () => {
    twilio.behave(() => ({ accept: true, finalStatus: 'undelivered', errorCode: 21610 }));
    const first = await queueNotification(api, {
      ...a,
      deliveries: [{ channel: 'sms', address: '+447700900002' }],
    });
    await settle();
    expect((await deliveries(api, first.notificationId))[0]).toMatchObject({
      status: 'failed',
      last_error: 'Twilio undelivered (21610)',
    });
    expect(await notificationStatus(api, first.notificationId)).toBe('failed');
    expect(await suppressions(api, a.tenantId)).toContainEqual({
      channel: 'sms',
      address: '+447700900002',
      reason: 'unsubscribed',
    });
    // Never sent to again.
    twilio.behave(() => ({ accept: true }));
    const second = await queueNotification(api, {
      ...a,
      deliveries: [{ channel: 'sms', address: '+447700900002' }],
    });
    await settle();
    expect(twilio.messages).toHaveLength(1);
    expect((await deliveries(api, second.notificationId))[0]!.status).toBe('suppressed');
  });

  it('a 21211 refusal (invalid number) is permanent at once: failed and suppressed, no retry', async () => {
    twilio.behave(() => ({
      accept: false,
      httpStatus: 400,
      code: 21211,
      message: "The 'To' number is not valid.",
    }));
    const { notificationId } = await queueNotification(api, {
      ...a,
      deliveries: [{ channel: 'sms', address: '+15005550001' }],
    });
    await settle();
    expect((await deliveries(api, notificationId))[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await suppressions(api, a.tenantId)).toContainEqual({
      channel: 'sms',
      address: '+15005550001',
      reason: 'permanent_failure',
    });
  });

  it('a 503 from Twilio is retried, and a wrong auth token is refused by the receiver (retried, never sent)', async () => {
    let outage = 1;
    twilio.behave(() =>
      outage-- > 0
        ? { accept: false, httpStatus: 503, code: 20500, message: 'Service unavailable' }
        : { accept: true },
    );
    const { notificationId } = await queueNotification(api, {
      ...a,
      deliveries: [{ channel: 'sms', address: '+447700900003' }],
    });
    await settle();
    expect((await deliveries(api, notificationId))[0]).toMatchObject({ status: 'delivered', attempts: 2 });

    const wrong = channelDispatcher(api, {
      maxAttempts: 2,
      senders: [
        createSmsSender({
          accountSid: TWILIO.accountSid,
          authToken: 'not-the-token',
          smsFrom: '+15005550006',
          apiBase: twilio.url,
          statusCallbackUrl: () => 'http://127.0.0.1:1/none',
        }),
      ],
    });
    const bad = await queueNotification(api, {
      ...a,
      deliveries: [{ channel: 'sms', address: '+447700900004' }],
    });
    await wrong.drain();
    expect(twilio.refusedAuth.length).toBeGreaterThanOrEqual(2);
    const [row] = await deliveries(api, bad.notificationId);
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    expect(row!.last_error).toMatch(/401 \(20003\)/);
    // Our credentials were wrong, not the number.
    expect((await suppressions(api, a.tenantId)).map((s) => s.address)).not.toContain('+447700900004');
  });

  it('WhatsApp goes with its approved template; without one it is skipped and an SMS goes instead', async () => {
    const templated = await queueNotification(api, {
      ...a,
      deliveries: [
        {
          channel: 'whatsapp',
          address: '+447700900005',
          rendered: {
            subject: 'Reminder',
            text: 'Lesson tomorrow',
            whatsappTemplate: {
              contentSid: 'HX0123456789abcdef0123456789abcdef',
              variables: { '1': 'tomorrow' },
            },
          },
        },
      ],
    });
    await settle();
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0]!.params).toMatchObject({
      To: 'whatsapp:+447700900005',
      From: 'whatsapp:+14155238886',
      ContentSid: 'HX0123456789abcdef0123456789abcdef',
      ContentVariables: '{"1":"tomorrow"}',
    });
    expect((await deliveries(api, templated.notificationId))[0]!.status).toBe('delivered');

    const plain = await queueNotification(api, {
      ...a,
      deliveries: [{ channel: 'whatsapp', address: '+447700900006' }],
    });
    await settle();
    const rows = await deliveries(api, plain.notificationId);
    expect(rows.map((r) => [r.channel, r.status])).toEqual([
      ['whatsapp', 'skipped'],
      ['sms', 'delivered'],
    ]);
    expect(twilio.messages[1]!.params).toMatchObject({
      To: '+447700900006',
      Body: 'Your lesson on Monday is confirmed.',
    });
    expect(await notificationStatus(api, plain.notificationId)).toBe('delivered');
  });

  describe('the status callback route', () => {
    let delivery: { notificationId: string; id: string; sid: string };
    const path = (id: string) => `/api/v1/messaging/callbacks/twilio?delivery=${id}`;
    const url = (slug: string, id: string) => `http://${slug}.localhost:${port}${path(id)}`;
    const post = (slug: string, id: string, form: Record<string, string>, signature?: string) =>
      api.call('POST', path(id), {
        tenant: slug,
        rawBody: new URLSearchParams(form).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(signature !== undefined ? { 'x-twilio-signature': signature } : {}),
        },
      });

    beforeAll(async () => {
      twilio.behave(() => ({ accept: true, finalStatus: 'delivered' }));
      const q = await queueNotification(api, {
        ...a,
        deliveries: [{ channel: 'sms', address: '+447700900010' }],
      });
      // Sent, but the callbacks lost: the row stays `sent` until a real one arrives.
      await dispatcher.drain();
      await twilio.settled();
      await api.tdb
        .owner`update notification_channels set status = 'sent', delivered_at = null where id = ${q.deliveryIds[0]!}`;
      const [row] = await deliveries(api, q.notificationId);
      delivery = { notificationId: q.notificationId, id: q.deliveryIds[0]!, sid: row!.provider_id! };
    });

    it('refuses a callback without a signature (401) or with a wrong one (403), as problems', async () => {
      const form = { MessageSid: delivery.sid, MessageStatus: 'failed', ErrorCode: '30003' };
      const none = await post('smsa', delivery.id, form);
      expect(none.status).toBe(401);
      expect(none.contentType).toContain('application/problem+json');
      expect(none.body.errors).toEqual([{ path: 'header.x-twilio-signature', message: 'required' }]);
      const forged = await post(
        'smsa',
        delivery.id,
        form,
        twilio.sign(url('smsa', delivery.id), { ...form, ErrorCode: '1' }),
      );
      expect(forged.status).toBe(403);
      expect(forged.body.code).toBe('messaging.callback_signature_invalid');
      const otherKey = await post('smsa', delivery.id, form, 'x'.repeat(28));
      expect(otherKey.status).toBe(403);
      expect((await deliveries(api, delivery.notificationId))[0]!.status).toBe('sent');
      expect(await suppressions(api, a.tenantId)).not.toContainEqual(
        expect.objectContaining({ address: '+447700900010' }),
      );
    });

    it('another school’s host cannot touch this school’s delivery, even correctly signed for its own URL', async () => {
      const form = { MessageSid: delivery.sid, MessageStatus: 'failed', ErrorCode: '30003' };
      const res = await post('smsb', delivery.id, form, twilio.sign(url('smsb', delivery.id), form));
      expect(res.status).toBe(404);
      expect((await deliveries(api, delivery.notificationId))[0]!.status).toBe('sent');
      // Signed for school A's URL but sent to school B: the signature does not match B's URL.
      const replayed = await post('smsb', delivery.id, form, twilio.sign(url('smsa', delivery.id), form));
      expect(replayed.status).toBe(403);
    });

    it('a signed callback with another message’s SID is not found; the right one is recorded', async () => {
      const wrongSid = { MessageSid: 'SM00000000000000000000000000000000', MessageStatus: 'delivered' };
      expect(
        (await post('smsa', delivery.id, wrongSid, twilio.sign(url('smsa', delivery.id), wrongSid))).status,
      ).toBe(404);
      const good = { MessageSid: delivery.sid, MessageStatus: 'delivered' };
      const before = (await finishedEvents(api, delivery.id)).length;
      const res = await post('smsa', delivery.id, good, twilio.sign(url('smsa', delivery.id), good));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ received: true, status: 'delivered', changed: true });
      // Twilio repeats itself: a second delivered changes nothing and announces nothing twice.
      const again = await post('smsa', delivery.id, good, twilio.sign(url('smsa', delivery.id), good));
      expect(again.body).toMatchObject({ changed: false });
      expect(await finishedEvents(api, delivery.id)).toHaveLength(before + 1);
    });

    it('school B’s own SMS is untouched by all of this', async () => {
      const q = await queueNotification(api, {
        ...b,
        deliveries: [{ channel: 'sms', address: '+447700900010' }],
      });
      await settle();
      expect((await deliveries(api, q.notificationId))[0]!.status).toBe('delivered');
    });
  });
});
