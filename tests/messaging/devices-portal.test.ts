import { startPushReceiver } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createE2eSchool, ivyOlgaSamTess } from '../e2e/e2e-school.ts';
import { type E2eStack, expectAccessible, PHONE, startE2eStack } from '../e2e/e2e-stack.ts';

const createSchool = (stack: E2eStack) =>
  createE2eSchool(stack, 'e2epush', { timezone: 'Europe/London', ...ivyOlgaSamTess('e2epush') });

// The devices page on a phone: the person's push devices with their own settings, axe-clean.
// (Chromium here has no push service, so the opt-in itself is covered by the API and receiver tests.)
describe('the push devices page', () => {
  let stack: E2eStack;
  let school: Awaited<ReturnType<typeof createSchool>>;
  let push: Awaited<ReturnType<typeof startPushReceiver>>;

  beforeAll(async () => {
    stack = await startE2eStack();
    push = await startPushReceiver();
    school = await createSchool(stack);
  });
  afterAll(async () => {
    await stack?.close();
    await push?.close();
  });

  it('lists my device, saves its settings and removes it; another student sees none of it', async () => {
    const sub = push.subscribe();
    await school.ok('POST', '/api/v1/messaging/devices', school.sam.token, {
      endpoint: sub.endpoint,
      keys: sub.keys,
      label: 'Sam’s phone',
    });
    const page = await school.signIn(school.sam, PHONE);
    await page.goto(`${school.base}/settings/devices`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Notifications on this device');
    expect(await page.getByRole('heading', { name: 'Sam’s phone' }).count()).toBe(1);
    await expectAccessible(page, 'settings/devices');
    await page.getByLabel('Mute this device').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/done=saved/);
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
    expect(await page.getByLabel('Mute this device').isChecked()).toBe(true);

    const tess = await school.signIn(school.tess, PHONE);
    await tess.goto(`${school.base}/settings/devices`);
    expect(await tess.getByRole('heading', { name: 'Sam’s phone' }).count()).toBe(0);
    expect(await tess.getByText('No device gets push notifications yet.').count()).toBe(1);

    await page.getByRole('button', { name: 'Remove' }).click();
    await page.waitForURL(/done=removed/);
    // The list is re-read after the redirect: wait for it rather than racing it.
    await page.getByText('No device gets push notifications yet.').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('heading', { name: 'Sam’s phone' }).count()).toBe(0);
  });
});
