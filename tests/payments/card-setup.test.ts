import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  CARDS,
  createPaymentsSchool,
  createTestApi,
  type PaymentsSchool,
  stripeEnv,
  type TestApi,
} from './payments-fixture.ts';

const STRIPE_JS_URL = 'http://stripe-js.test/v3/';

/** What Stripe.js does in the browser with a SetupIntent's client secret (the stand-in's own endpoint). */
async function confirmInBrowser(clientSecret: string, number: string = CARDS.ok) {
  const { host, port } = inject('dcStripe');
  const seti = clientSecret.split('_secret_')[0];
  const res = await fetch(`http://${host}:${port}/v1/setup_intents/${seti}/confirm`, {
    method: 'POST',
    body: JSON.stringify({
      key: 'pk_test_dualcontrol',
      client_secret: clientSecret,
      payment_method_data: { type: 'card', card: { number, exp_month: 12, exp_year: 2031, cvc: '123' } },
    }),
  });
  const body = (await res.json()) as { status: string; payment_method: string };
  expect(body.status).toBe('succeeded');
  return body.payment_method;
}

// Saving a card the way the portal does: a SetupIntent confirmed by Stripe.js, then its pm_… saved.
describe('saving cards through a SetupIntent; the default card; Stripe.js settings', () => {
  let api: TestApi;
  let s: PaymentsSchool;
  let other: PaymentsSchool;
  let cashOnly: PaymentsSchool;
  let connect: PaymentsSchool;
  beforeAll(async () => {
    api = await createTestApi({
      env: {
        ...stripeEnv(),
        STRIPE_JS_URL,
        STRIPE_SECRET_KEY: 'sk_test_platform_key',
        STRIPE_PUBLISHABLE_KEY: 'pk_test_platform_key',
      },
    });
    s = await createPaymentsSchool(api, 'setupschool', { stripe: true });
    other = await createPaymentsSchool(api, 'setupother', { stripe: true });
    cashOnly = await createPaymentsSchool(api, 'setupcash');
    connect = await createPaymentsSchool(api, 'setupconnect');
    const res = await connect.call('PUT', '/api/v1/payments/account', connect.ownerToken, {
      mode: 'stripe_connect',
      stripeAccountId: 'acct_1SetupConnect',
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => api.close());

  it('the account tells a student how to load Stripe.js: own key, the platform’s on Connect, none without Stripe', async () => {
    const account = async (school: PaymentsSchool) =>
      (await school.call('GET', '/api/v1/payments/account', school.students[0].token)).body.stripeJs;
    expect(await account(s)).toEqual({
      url: STRIPE_JS_URL,
      publishableKey: 'pk_test_dualcontrol',
      stripeAccount: null,
    });
    expect(await account(connect)).toEqual({
      url: STRIPE_JS_URL,
      publishableKey: 'pk_test_platform_key',
      stripeAccount: 'acct_1SetupConnect',
    });
    expect(await account(cashOnly)).toBeNull();
  });

  it('a student saves two cards through SetupIntents, then makes the second the default', async () => {
    const student = s.students[0];
    const ids: string[] = [];
    for (const number of [CARDS.ok, '5555555555554444']) {
      const setup = await s.call('POST', '/api/v1/payment-methods/setup', student.token, {});
      expect(setup.status).toBe(201);
      expect(setup.body.clientSecret).toMatch(/^seti_\w+_secret_\w+$/);
      const pm = await confirmInBrowser(setup.body.clientSecret, number);
      const saved = await s.call('POST', '/api/v1/payment-methods', student.token, {
        stripePaymentMethodId: pm,
      });
      expect(saved.status).toBe(201);
      ids.push(saved.body.id);
    }
    const listed = async () =>
      (await s.call('GET', '/api/v1/payment-methods', student.token)).body.data.map(
        (c: { id: string; last4: string; isDefault: boolean }) => [c.last4, c.isDefault],
      );
    expect(await listed()).toEqual([
      ['4242', true],
      ['4444', false],
    ]);
    const made = await s.call('POST', `/api/v1/payment-methods/${ids[1]}/default`, student.token);
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ id: ids[1], last4: '4444', isDefault: true });
    expect(await listed()).toEqual([
      ['4242', false],
      ['4444', true],
    ]);
    // The default pays: a lesson paid by card without naming one uses it.
    const lesson = await s.book(student.token);
    const paid = await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, student.token, { method: 'card' });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ status: 'succeeded', method: 'card' });
  });

  it('another student, or another school, can neither set up a card for this student nor touch their cards', async () => {
    const [owner, intruder] = s.students;
    const cards = (await s.call('GET', '/api/v1/payment-methods', owner.token)).body.data as {
      id: string;
      isDefault: boolean;
    }[];
    const notDefault = cards.find((c) => !c.isDefault)!;
    const probes = [
      await s.call('POST', `/api/v1/payment-methods/${notDefault.id}/default`, intruder.token),
      await other.call('POST', `/api/v1/payment-methods/${notDefault.id}/default`, other.students[0].token),
      await other.call('POST', `/api/v1/payment-methods/${notDefault.id}/default`, other.ownerToken),
      await s.call('POST', '/api/v1/payment-methods/setup', intruder.token, { studentId: owner.id }),
    ];
    expect(probes.map((p) => p.status)).toEqual([404, 404, 404, 404]);
    const after = (await s.call('GET', '/api/v1/payment-methods', owner.token)).body.data;
    expect(after).toEqual(cards);
  });

  it('a school without Stripe answers 409 with what to do instead; staff name the student', async () => {
    const setup = await cashOnly.call(
      'POST',
      '/api/v1/payment-methods/setup',
      cashOnly.students[0].token,
      {},
    );
    expect(setup.status).toBe(409);
    expect(setup.body.code).toBe('payments.stripe_not_configured');
    const staff = await s.call('POST', '/api/v1/payment-methods/setup', s.ownerToken, {});
    expect(staff.status).toBe(400);
    expect(staff.body.errors[0].path).toBe('body.studentId');
    const forStudent = await s.call('POST', '/api/v1/payment-methods/setup', s.ownerToken, {
      studentId: s.students[2].id,
    });
    expect(forStudent.status).toBe(201);
  });
});
