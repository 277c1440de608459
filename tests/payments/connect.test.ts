import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPaymentsSchool,
  createTestApi,
  type PaymentsSchool,
  stripeEnv,
  stripeStandIn,
  type TestApi,
} from './payments-fixture.ts';

const PLATFORM_WEBHOOK_SECRET = 'whsec_platform_connect_endpoint';

// Schools on Stripe Connect (the platform's key + the school's acct_…) and the operator's fee.
// The stand-in has no Connect: what is checked here is our side (setup, fee, webhook ownership).
describe('Stripe Connect schools and the platform fee', () => {
  let api: TestApi;
  let connect: PaymentsSchool;
  let keys: PaymentsSchool;
  beforeAll(async () => {
    api = await createTestApi({
      env: {
        ...stripeEnv(),
        STRIPE_SECRET_KEY: 'sk_test_platform_key',
        STRIPE_WEBHOOK_SECRET: PLATFORM_WEBHOOK_SECRET,
      },
    });
    connect = await createPaymentsSchool(api, 'connectschool');
    keys = await createPaymentsSchool(api, 'keysschool', { stripe: true });
  });
  afterAll(() => api.close());

  it('a school connects its Stripe account; the operator, and only the operator, sets the platform fee', async () => {
    const res = await connect.call('PUT', '/api/v1/payments/account', connect.ownerToken, {
      mode: 'stripe_connect',
      stripeAccountId: 'acct_1ConnectSchool',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      configured: true,
      mode: 'stripe_connect',
      stripeAccountId: 'acct_1ConnectSchool',
      applicationFeeBps: 0,
    });

    const operator = await api.operatorToken();
    const fee = (slug: string, token: string, applicationFeeBps: number) =>
      api.call('PUT', `/api/v1/platform/tenants/${slug}/payments/application-fee`, {
        token,
        body: { applicationFeeBps },
      });
    expect((await fee('connectschool', operator, 250)).body).toEqual({
      slug: 'connectschool',
      applicationFeeBps: 250,
    });
    const account = await connect.call('GET', '/api/v1/payments/account', connect.ownerToken);
    expect(account.body.applicationFeeBps).toBe(250);

    expect((await fee('keysschool', operator, 250)).status).toBe(409);
    expect((await fee('noschool', operator, 250)).status).toBe(404);
    expect((await fee('connectschool', operator, 9000)).status).toBe(400);
    expect((await fee('connectschool', connect.ownerToken, 0)).status).toBe(401);
    const bySchool = await connect.call('PUT', '/api/v1/payments/account', connect.ownerToken, {
      mode: 'stripe_connect',
      stripeAccountId: 'acct_1ConnectSchool',
      applicationFeeBps: 0,
    });
    expect(bySchool.status).toBe(400);
    expect(bySchool.body.errors[0].path).toBe('body.applicationFeeBps');
  });

  it('the platform endpoint accepts a Connect event only for the school whose account it names', async () => {
    const stripe = stripeStandIn();
    const event = (id: string, account: string) =>
      JSON.stringify({
        id,
        object: 'event',
        type: 'customer.created',
        account,
        data: { object: { id: 'cus_1' } },
      });
    const send = (payload: string) =>
      api.call('POST', '/api/v1/webhooks/stripe', {
        tenant: 'connectschool',
        rawBody: payload,
        headers: {
          'stripe-signature': stripe.webhooks.generateTestHeaderString({
            payload,
            secret: PLATFORM_WEBHOOK_SECRET,
          }),
        },
      });
    expect((await send(event('evt_connect_mine', 'acct_1ConnectSchool'))).status).toBe(200);
    const foreign = await send(event('evt_connect_theirs', 'acct_1SomeoneElse'));
    expect(foreign.status).toBe(400);
    const stored = await api.tdb.owner<{ stripe_event_id: string }[]>`
      select stripe_event_id from stripe_events where tenant_id = ${connect.tenant.id}`;
    expect(stored.map((r) => r.stripe_event_id)).toEqual(['evt_connect_mine']);
  });

  it('secrets are sealed at rest and never answered', async () => {
    const [row] = await api.tdb.owner<{ secret_key_encrypted: string; webhook_secret_encrypted: string }[]>`
      select secret_key_encrypted, webhook_secret_encrypted from payment_accounts where tenant_id = ${keys.tenant.id}`;
    expect(row!.secret_key_encrypted).toMatch(/^v1\./);
    expect(row!.secret_key_encrypted).not.toContain('sk_test');
    expect(row!.webhook_secret_encrypted).not.toContain('whsec');
    const view = await keys.call('GET', '/api/v1/payments/account', keys.ownerToken);
    expect(JSON.stringify(view.body)).not.toMatch(/sk_test|whsec/);
  });
});

describe('Stripe Connect without a platform key', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it('is refused with a clear error naming the field', async () => {
    const school = await createPaymentsSchool(api, 'nokeyschool');
    const res = await school.call('PUT', '/api/v1/payments/account', school.ownerToken, {
      mode: 'stripe_connect',
      stripeAccountId: 'acct_1NoKey',
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'https://dualcontrol.app/problems/payments/connect_unavailable' });
    expect(res.body.errors[0].path).toBe('body.mode');
  });
});
