import { startPushReceiver } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelDispatcher, channelEnv, VAPID } from '../messaging/channels-fixture.ts';
import { dispatchMessaging } from '../messaging/notify-fixture.ts';
import { createE2eSchool, HOURS, ivyOlgaSamTess } from './e2e-school.ts';
import { type E2eStack, expectAccessible, PHONE, startE2eStack } from './e2e-stack.ts';

const createSchool = (stack: E2eStack) =>
  createE2eSchool(stack, 'e2enotice', { ...ivyOlgaSamTess('e2enotice'), weekly: HOURS.roundTheClock });

/**
 * Issue 13's first journey: a student books on their phone → the instructor's phone shows the
 * request in its notification centre without a reload (the live stream), and a web push reaches
 * the instructor's registered device — decrypted by the push service stand-in, VAPID-verified.
 * The worker's two steps (the outbox fan-out, then the channel dispatcher) run here by hand.
 */
describe('a lesson request reaches the instructor in-app and by push', () => {
  let stack: E2eStack;
  let school: Awaited<ReturnType<typeof createSchool>>;
  let push: Awaited<ReturnType<typeof startPushReceiver>>;

  beforeAll(async () => {
    stack = await startE2eStack(channelEnv({}));
    push = await startPushReceiver({ vapidPublicKey: VAPID.publicKey });
    school = await createSchool(stack);
  });
  afterAll(async () => {
    await stack?.close();
    await push?.close();
  });

  it('the student requests a lesson; the instructor sees it live and their phone gets the push', async () => {
    // Ivy's phone: a push subscription, and news at once rather than in a digest.
    const device = push.subscribe();
    await school.ok('POST', '/api/v1/messaging/devices', school.ivy.token, {
      endpoint: device.endpoint,
      keys: device.keys,
      label: 'Ivy’s phone',
    });
    const prefs = await school.ok('GET', '/api/v1/notification-preferences', school.ivy.token);
    await school.ok('PUT', '/api/v1/notification-preferences', school.ivy.token, {
      ...prefs.preferences,
      digest: { windowMinutes: 0 },
    });

    const ivy = await school.signIn(school.ivy, PHONE);
    await ivy.goto(`${school.base}/notifications`);
    expect(await ivy.getByTestId('notification').count()).toBe(0);

    const sam = await school.signIn(school.sam, PHONE);
    await sam.goto(`${school.base}/book`);
    await sam.getByRole('link', { name: /Standard lesson/ }).click();
    await sam.waitForURL(/type=/);
    await sam.getByRole('link', { name: new RegExp(school.ivy.name) }).click();
    await sam.waitForURL(/instructor=/);
    // Not the first time: it is the first grid point past the one hour's notice, so it can be
    // within seconds of it, and the notice may have run out by the time the request is sent.
    await sam.locator('.slots a').nth(1).click();
    await sam.waitForURL(/start=/);
    await sam.getByRole('button', { name: 'Request this lesson' }).click();
    await sam.waitForURL(/\/bookings\?booked=/);

    // The worker: the fan-out writes the notices, then the channel dispatcher sends the push.
    await dispatchMessaging(stack.api);
    await expect
      .poll(() => ivy.getByTestId('notification').first().textContent(), { timeout: 15_000 })
      .toContain(`New lesson request from ${school.sam.name}`);
    await expect.poll(() => ivy.getByTestId('unread').textContent()).toContain('1');
    await expectAccessible(ivy, 'notification centre with a live request');

    const dispatcher = channelDispatcher(stack.api);
    try {
      await dispatcher.drain();
    } finally {
      dispatcher.closeSenders();
    }
    // Only what the push service accepted is here: it verified the VAPID JWT and decrypted the body.
    expect(push.refused).toEqual([]);
    const received = push.received.filter((r) => device.endpoint.endsWith(`/push/${r.endpointId}`));
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.plaintext)).toMatchObject({
      title: `New lesson request from ${school.sam.name}`,
      url: '/diary',
    });
  }, 120_000);
});
