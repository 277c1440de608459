import { type PushReceiver, startPushReceiver } from '@dualcontrol/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  channelDispatcher,
  channelEnv,
  createTestApi,
  deliveries,
  notificationStatus,
  queueNotification,
  suppressions,
  type TestApi,
  VAPID,
} from './channels-fixture.ts';

// The devices API and web push end to end: a browser-made subscription (real P-256 keys and auth
// secret) stored through the API, pushed to by the dispatcher, and decrypted by the local push
// service after it verified the VAPID JWT.
describe('push devices and web push delivery', () => {
  let api: TestApi;
  let push: PushReceiver;
  let dispatcher: ReturnType<typeof channelDispatcher>;
  let tenantId: string;
  let ann: { userId: string; token: string };
  let ben: { userId: string; token: string };
  let otherSchoolToken: string;

  const call = (method: string, path: string, token: string, body?: unknown, tenant = 'pushschool') =>
    api.call(method, path, { tenant, token, ...(body !== undefined ? { body } : {}) });
  const subscribe = async (token: string, extra: Record<string, unknown> = {}) => {
    const sub = push.subscribe();
    const res = await call('POST', '/api/v1/messaging/devices', token, {
      endpoint: sub.endpoint,
      expirationTime: null,
      keys: sub.keys,
      ...extra,
    });
    expect(res.status).toBe(201);
    return { sub, device: res.body };
  };

  beforeAll(async () => {
    push = await startPushReceiver({ vapidPublicKey: VAPID.publicKey });
    api = await createTestApi({ env: channelEnv({}) });
    const school = await api.createSchool('pushschool');
    tenantId = school.tenant.id;
    ann = await api.addPerson('pushschool', school.ownerToken, 'students', 'Ann Push');
    ben = await api.addPerson('pushschool', school.ownerToken, 'students', 'Ben Push');
    otherSchoolToken = (await api.createSchool('pushother')).ownerToken;
    dispatcher = channelDispatcher(api);
  });
  afterAll(async () => {
    dispatcher?.closeSenders();
    await api?.close();
    await push?.close();
  });
  beforeEach(() => {
    push.received.length = 0;
    push.refused.length = 0;
  });

  it('hands out the VAPID public key to a signed-in person only', async () => {
    const res = await call('GET', '/api/v1/messaging/push/public-key', ann.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ publicKey: VAPID.publicKey });
    expect(
      (await api.call('GET', '/api/v1/messaging/push/public-key', { tenant: 'pushschool' })).status,
    ).toBe(401);
  });

  it('subscribes a browser once (again = keys updated, 200), lists it without its endpoint, refuses bad keys', async () => {
    const { sub, device } = await subscribe(ann.token, { label: 'Ann’s phone' });
    expect(device).toMatchObject({
      kind: 'web_push',
      label: 'Ann’s phone',
      muted: false,
      criticalOnly: false,
      endpointOrigin: push.origin,
    });
    expect(JSON.stringify(device)).not.toContain(sub.endpoint);
    const again = await call('POST', '/api/v1/messaging/devices', ann.token, {
      endpoint: sub.endpoint,
      keys: sub.keys,
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(device.id);
    expect(again.body.label).toBe('Ann’s phone');
    const list = await call('GET', '/api/v1/messaging/devices', ann.token);
    expect(list.body.data.map((d: { id: string }) => d.id)).toEqual([device.id]);

    const bad = await call('POST', '/api/v1/messaging/devices', ann.token, {
      endpoint: sub.endpoint,
      keys: { p256dh: 'AAAA', auth: sub.keys.auth },
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('body.keys.p256dh');
    const notUrl = await call('POST', '/api/v1/messaging/devices', ann.token, {
      endpoint: 'ftp://x',
      keys: sub.keys,
    });
    expect(notUrl.status).toBe(400);
    await call('DELETE', `/api/v1/messaging/devices/${device.id}`, ann.token);
  });

  it('another student and another school can neither see, change nor remove my device', async () => {
    const { device } = await subscribe(ann.token);
    expect((await call('GET', '/api/v1/messaging/devices', ben.token)).body.data).toEqual([]);
    expect(
      (await call('PATCH', `/api/v1/messaging/devices/${device.id}`, ben.token, { muted: true })).status,
    ).toBe(404);
    expect((await call('DELETE', `/api/v1/messaging/devices/${device.id}`, ben.token)).status).toBe(404);
    // Another school's session is not a session here; on its own host the device does not exist.
    expect((await call('GET', '/api/v1/messaging/devices', otherSchoolToken)).status).toBe(401);
    expect(
      (
        await call(
          'DELETE',
          `/api/v1/messaging/devices/${device.id}`,
          otherSchoolToken,
          undefined,
          'pushother',
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await call(
          'PATCH',
          `/api/v1/messaging/devices/${device.id}`,
          otherSchoolToken,
          { muted: true },
          'pushother',
        )
      ).status,
    ).toBe(404);
    const mine = await call('GET', '/api/v1/messaging/devices', ann.token);
    expect(mine.body.data).toEqual([expect.objectContaining({ id: device.id, muted: false })]);
    expect((await call('DELETE', `/api/v1/messaging/devices/${device.id}`, ann.token)).status).toBe(204);
    expect((await call('GET', '/api/v1/messaging/devices', ann.token)).body.data).toEqual([]);
  });

  it('pushes an aes128gcm payload the receiver decrypts with the browser’s keys, signed with our VAPID key', async () => {
    const { sub, device } = await subscribe(ann.token);
    const { notificationId, deliveryIds } = await queueNotification(api, {
      tenantId,
      userId: ann.userId,
      critical: true,
      deliveries: [
        {
          channel: 'push',
          address: device.id,
          rendered: {
            subject: 'Lesson request',
            text: 'Sam asked for Tuesday 10:00',
            url: '/diary?day=2026-12-08',
          },
        },
      ],
    });
    expect(await dispatcher.drain()).toBe(1);
    expect(push.refused).toEqual([]);
    expect(push.messagesFor(sub.endpoint)).toEqual([
      {
        title: 'Lesson request',
        body: 'Sam asked for Tuesday 10:00',
        url: '/diary?day=2026-12-08',
        tag: notificationId,
        notificationId,
      },
    ]);
    const [got] = push.received;
    expect(got!.claims).toMatchObject({ aud: push.origin, sub: 'mailto:ops@mail.test' });
    expect(got!.headers).toMatchObject({ urgency: 'high', topic: deliveryIds[0]!.replaceAll('-', '') });
    const [row] = await deliveries(api, notificationId);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(row!.provider_id).toMatch(new RegExp(`^${push.origin}/messages/`));
    expect(await notificationStatus(api, notificationId)).toBe('sent');
  });

  it('a 503 is retried; a 410 removes the device and fails the delivery without suppressing anything', async () => {
    const { sub, device } = await subscribe(ann.token);
    push.failNext(1);
    const first = await queueNotification(api, {
      tenantId,
      userId: ann.userId,
      deliveries: [{ channel: 'push', address: device.id }],
    });
    await dispatcher.drain();
    expect((await deliveries(api, first.notificationId))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(push.messagesFor(sub.endpoint)).toHaveLength(1);

    push.expire(sub.endpoint);
    const second = await queueNotification(api, {
      tenantId,
      userId: ann.userId,
      deliveries: [{ channel: 'push', address: device.id }],
    });
    await dispatcher.drain();
    const [row] = await deliveries(api, second.notificationId);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.last_error).toMatch(/410/);
    const left = (await call('GET', '/api/v1/messaging/devices', ann.token)).body.data;
    expect(left.map((d: { id: string }) => d.id)).not.toContain(device.id);
    expect(await suppressions(api, tenantId)).toEqual([]);
  });

  it('a muted device is skipped; a critical-only device gets only critical notifications', async () => {
    const { sub, device } = await subscribe(ann.token);
    const muted = await call('PATCH', `/api/v1/messaging/devices/${device.id}`, ann.token, {
      muted: true,
      label: 'Tablet',
    });
    expect(muted.body).toMatchObject({ muted: true, criticalOnly: false, label: 'Tablet' });
    const q1 = await queueNotification(api, {
      tenantId,
      userId: ann.userId,
      deliveries: [{ channel: 'push', address: device.id }],
    });
    await dispatcher.drain();
    expect((await deliveries(api, q1.notificationId))[0]!.status).toBe('skipped');

    await call('PATCH', `/api/v1/messaging/devices/${device.id}`, ann.token, {
      muted: false,
      criticalOnly: true,
    });
    const routine = await queueNotification(api, {
      tenantId,
      userId: ann.userId,
      deliveries: [{ channel: 'push', address: device.id }],
    });
    const urgent = await queueNotification(api, {
      tenantId,
      userId: ann.userId,
      critical: true,
      deliveries: [{ channel: 'push', address: device.id }],
    });
    await dispatcher.drain();
    expect((await deliveries(api, routine.notificationId))[0]!.status).toBe('skipped');
    expect((await deliveries(api, urgent.notificationId))[0]!.status).toBe('sent');
    expect(push.messagesFor(sub.endpoint)).toHaveLength(1);
    await call('DELETE', `/api/v1/messaging/devices/${device.id}`, ann.token);
  });

  it('a delivery to a device removed since fan-out fails as removed', async () => {
    const { device } = await subscribe(ann.token);
    const q = await queueNotification(api, {
      tenantId,
      userId: ann.userId,
      deliveries: [{ channel: 'push', address: device.id }],
    });
    await call('DELETE', `/api/v1/messaging/devices/${device.id}`, ann.token);
    await dispatcher.drain();
    expect((await deliveries(api, q.notificationId))[0]).toMatchObject({
      status: 'failed',
      last_error: 'the device was removed',
    });
    expect(push.received).toEqual([]);
  });
});
