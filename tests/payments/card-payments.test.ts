import { LOCALSTRIPE_SECRET_KEY } from '@dualcontrol/testing';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allPaymentIntents,
  CARDS,
  createPaymentsSchool,
  createTestApi,
  dispatchPayments,
  type PaymentsSchool,
  stripeEnv,
  stripeStandIn,
  type TestApi,
  WEBHOOK_SECRET,
} from './payments-fixture.ts';

/** A card whose bank asks for 3-D Secure: the payment stays pending until the student confirms. */
const CARD_3DS = '4000002500003155';

// Card payments against localstripe (a stateful Stripe stand-in) through the stripe SDK.
describe('card payments through Stripe', () => {
  let api: TestApi;
  let s: PaymentsSchool;
  const stripe = stripeStandIn();
  beforeAll(async () => {
    api = await createTestApi({ env: stripeEnv() });
    s = await createPaymentsSchool(api, 'cardschool', { stripe: true });
  });
  afterAll(() => api.close());

  const intentsOf = async (paymentId: string) =>
    (await allPaymentIntents()).filter((pi) => pi.metadata?.paymentId === paymentId);

  it('saves a card (the first becomes the default) and pays a lesson with it', async () => {
    const student = s.students[0];
    const card = await s.saveCard(student.token);
    expect(card).toMatchObject({ last4: '4242', isDefault: true });
    const lesson = await s.book(student.token);
    const paid = await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, student.token, { method: 'card' });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({
      status: 'succeeded',
      method: 'card',
      amountMinor: 4500,
      clientSecret: null,
    });

    const [intent, ...more] = await intentsOf(paid.body.id);
    expect(more).toEqual([]);
    expect(intent).toMatchObject({ amount: 4500, currency: 'gbp', status: 'succeeded' });
    const invoices = await s.call('GET', '/api/v1/invoices', student.token);
    expect(invoices.body.data.some((i: { paymentId: string }) => i.paymentId === paid.body.id)).toBe(true);
  });

  it('a retried request with the same Idempotency-Key charges once and answers the same', async () => {
    const student = s.students[0];
    const lesson = await s.book(student.token);
    const headers = { 'idempotency-key': `pay-${lesson.id}` };
    const first = await s.call(
      'POST',
      `/api/v1/bookings/${lesson.id}/pay`,
      student.token,
      { method: 'card' },
      headers,
    );
    const second = await s.call(
      'POST',
      `/api/v1/bookings/${lesson.id}/pay`,
      student.token,
      { method: 'card' },
      headers,
    );
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(await intentsOf(first.body.id)).toHaveLength(1);
  });

  it('a declined card answers 402 and leaves the lesson payable; another card then pays it', async () => {
    const student = s.students[1];
    const bad = await s.saveCard(student.token, CARDS.declined);
    const lesson = await s.book(student.token);
    const declined = await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, student.token, {
      method: 'card',
      paymentMethodId: bad.id,
    });
    expect(declined.status).toBe(402);
    expect(declined.body.type).toBe('https://dualcontrol.app/problems/payments/card_declined');
    const failed = await s.call(
      'GET',
      `/api/v1/payments?studentId=${student.id}&status=failed`,
      s.ownerToken,
    );
    expect(failed.body.data).toHaveLength(1);

    const good = await s.saveCard(student.token, CARDS.ok);
    const paid = await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, student.token, {
      method: 'card',
      paymentMethodId: good.id,
    });
    expect(paid.status).toBe(201);
    expect(paid.body.status).toBe('succeeded');
  });

  it('buys a package by card: the credit arrives with the payment', async () => {
    const student = s.students[2];
    await s.saveCard(student.token);
    const pkg = await s.call('POST', '/api/v1/packages', s.ownerToken, {
      name: '10 hours',
      priceMinor: 40000,
      creditMinor: 45000,
      validityDays: 365,
    });
    const bought = await s.call('POST', `/api/v1/packages/${pkg.body.id}/purchase`, student.token, {});
    expect(bought.status).toBe(201);
    expect(bought.body).toMatchObject({ status: 'succeeded', purpose: 'package', amountMinor: 40000 });
    const credit = await s.credit(student.id, student.token);
    expect(credit.balanceMinor).toBe(45000);
    expect(credit.entries).toMatchObject([{ kind: 'purchase', amountMinor: 45000 }]);
  });

  it('refunds part of a card payment through Stripe, with a credit note', async () => {
    const student = s.students[0];
    const lesson = await s.book(student.token);
    const paid = await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, student.token, { method: 'card' });
    const refund = await s.call('POST', `/api/v1/payments/${paid.body.id}/refunds`, s.ownerToken, {
      amountMinor: 1500,
      destination: 'original',
      reason: 'lesson cut short',
    });
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({ status: 'succeeded', amountMinor: 1500, destination: 'original' });
    const [intent] = await intentsOf(paid.body.id);
    const atStripe = await stripe.refunds.list({ payment_intent: intent!.id });
    expect(atStripe.data.map((r) => r.amount)).toEqual([1500]);
    const view = await s.call('GET', `/api/v1/payments/${paid.body.id}`, s.ownerToken);
    expect(view.body.refundedMinor).toBe(1500);
  });

  it('a card payment left pending (3-D Secure never done) can be abandoned, and the lesson paid another way', async () => {
    const student = s.students[2];
    const card = await s.call('POST', '/api/v1/payment-methods', student.token, {
      stripePaymentMethodId: (
        await stripe.paymentMethods.create({
          type: 'card',
          card: { number: CARD_3DS, exp_month: 12, exp_year: 2031, cvc: '123' },
        } as Stripe.PaymentMethodCreateParams)
      ).id,
    });
    const lesson = await s.book(student.token);
    const pending = await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, student.token, {
      method: 'card',
      paymentMethodId: card.body.id,
    });
    expect(pending.body).toMatchObject({ status: 'pending' });
    const byCredit = await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, student.token, {
      method: 'credit',
    });
    expect(byCredit.status).toBe(409);
    expect(byCredit.body.type).toBe('https://dualcontrol.app/problems/payments/payment_in_progress');

    const someoneElse = await s.call(
      'POST',
      `/api/v1/payments/${pending.body.id}/cancel`,
      s.students[0].token,
    );
    expect(someoneElse.status).toBe(404);
    const cancelled = await s.call('POST', `/api/v1/payments/${pending.body.id}/cancel`, student.token);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const [intent] = await intentsOf(pending.body.id);
    expect(intent!.status).toBe('canceled');
    expect((await s.call('POST', `/api/v1/payments/${pending.body.id}/cancel`, student.token)).status).toBe(
      409,
    );

    // Package credit from an earlier test pays it now.
    const paid = await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, student.token, {
      method: 'credit',
    });
    expect(paid.status).toBe(201);
    expect(paid.body.status).toBe('succeeded');
  });

  describe('webhooks', () => {
    const send = (payload: string, signature?: string) =>
      api.call('POST', '/api/v1/webhooks/stripe', {
        tenant: 'cardschool',
        rawBody: payload,
        headers: signature ? { 'stripe-signature': signature } : {},
      });
    const event = (id: string, type: string, objectId: string) =>
      JSON.stringify({
        id,
        object: 'event',
        type,
        api_version: '2026-10-28.endive',
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        data: { object: { id: objectId, object: 'payment_intent' } },
      });
    const sign = (payload: string, opts: { secret?: string; timestamp?: number } = {}) =>
      stripe.webhooks.generateTestHeaderString({
        payload,
        secret: opts.secret ?? WEBHOOK_SECRET,
        ...(opts.timestamp ? { timestamp: opts.timestamp } : {}),
      });
    const storedEvents = async () =>
      (await api.tdb.owner<{ n: number }[]>`select count(*)::int as n from stripe_events`)[0]!.n;

    it('accepts a correctly signed event; refuses a wrong secret, an altered body, a stale signature and none at all', async () => {
      const payload = event('evt_signed_ok', 'customer.created', 'cus_x');
      const before = await storedEvents();
      const bad = [
        await send(payload, sign(payload, { secret: 'whsec_someone_else' })),
        await send(payload.replace('customer.created', 'customer.deleted'), sign(payload)),
        await send(payload, sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 })),
        await send(payload),
      ];
      for (const res of bad) {
        expect(res.status).toBe(400);
        expect(res.body.type).toBe('https://dualcontrol.app/problems/payments/webhook_signature');
      }
      expect(await storedEvents()).toBe(before);
      const ok = await send(payload, sign(payload));
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ received: true, duplicate: false });
      expect(await storedEvents()).toBe(before + 1);
    });

    it('events delivered five times each, concurrently and shuffled, settle a payment exactly once', async () => {
      // A package bought with a card that needs 3-D Secure: pending until the bank says yes.
      const student = s.students[1];
      await s.call('POST', '/api/v1/payment-methods', student.token, {
        stripePaymentMethodId: (
          await stripe.paymentMethods.create({
            type: 'card',
            card: { number: CARD_3DS, exp_month: 12, exp_year: 2031, cvc: '123' },
          } as Stripe.PaymentMethodCreateParams)
        ).id,
        makeDefault: true,
      });
      const pkg = await s.call('POST', '/api/v1/packages', s.ownerToken, {
        name: 'Test day',
        priceMinor: 15000,
        creditMinor: 15000,
      });
      const pending = await s.call('POST', `/api/v1/packages/${pkg.body.id}/purchase`, student.token, {});
      expect(pending.status).toBe(201);
      expect(pending.body.status).toBe('pending');
      expect(pending.body.clientSecret).toMatch(/^pi_/);
      const [intent] = await intentsOf(pending.body.id);

      // The student confirms with the bank (what Stripe.js does in the browser).
      const confirmed = await fetch(
        `${stripeEnv().STRIPE_API_BASE}/v1/payment_intents/${intent!.id}/_authenticate`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Bearer ${LOCALSTRIPE_SECRET_KEY}`,
          },
          body: new URLSearchParams({ client_secret: pending.body.clientSecret, success: 'true' }),
        },
      );
      expect(confirmed.status).toBe(200);

      // Stripe's events may come in any order; a stale "failed" arrives after the success.
      const events = [
        event('evt_3ds_processing', 'payment_intent.processing', intent!.id),
        event('evt_3ds_succeeded', 'payment_intent.succeeded', intent!.id),
        event('evt_3ds_failed_stale', 'payment_intent.payment_failed', intent!.id),
      ];
      const deliveries = events.flatMap((e) => Array.from({ length: 5 }, () => e));
      deliveries.sort(() => Math.random() - 0.5);
      const answers = await Promise.all(deliveries.map((payload) => send(payload, sign(payload))));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(3);

      await dispatchPayments(api);
      const payment = await s.call('GET', `/api/v1/payments/${pending.body.id}`, s.ownerToken);
      expect(payment.body.status).toBe('succeeded');
      const credit = await s.credit(student.id);
      expect(credit.entries.filter((e) => e.kind === 'purchase')).toHaveLength(1);
      expect(credit.balanceMinor).toBe(15000);
      const invoices = await api.tdb.owner`select 1 from invoices where payment_id = ${pending.body.id}`;
      expect(invoices).toHaveLength(1);
      const announced = await api.tdb.owner`
        select 1 from outbox_events where type = 'payment.succeeded' and payload->>'paymentId' = ${pending.body.id}`;
      expect(announced).toHaveLength(1);
      const processed = await api.tdb.owner<{ processed_at: Date | null }[]>`
        select processed_at from stripe_events where stripe_event_id like 'evt_3ds_%'`;
      expect(processed.every((r) => r.processed_at !== null)).toBe(true);
    });

    it('a refund made in the Stripe dashboard is recorded once, with its credit note, when its event arrives', async () => {
      const student = s.students[0];
      const lesson = await s.book(student.token);
      const paid = await s.call('POST', `/api/v1/bookings/${lesson.id}/pay`, student.token, {
        method: 'card',
      });
      await s.call('POST', `/api/v1/payments/${paid.body.id}/refunds`, s.ownerToken, {
        amountMinor: 500,
        destination: 'original',
      });
      const [intent] = await intentsOf(paid.body.id);
      await stripe.refunds.create({ payment_intent: intent!.id, amount: 2000 });
      const charge = intent!.latest_charge;
      const chargeId = typeof charge === 'string' ? charge : charge!.id;
      const payload = event('evt_dashboard_refund', 'charge.refunded', chargeId);
      for (let i = 0; i < 3; i += 1) expect((await send(payload, sign(payload))).status).toBe(200);
      await dispatchPayments(api);

      const refunds = await s.call('GET', `/api/v1/payments/${paid.body.id}/refunds`, s.ownerToken);
      expect(
        refunds.body.data.map((r: { amountMinor: number; reason: string | null }) => [
          r.amountMinor,
          r.reason,
        ]),
      ).toEqual([
        [500, null],
        [2000, 'refunded in Stripe'],
      ]);
      expect((await s.call('GET', `/api/v1/payments/${paid.body.id}`, s.ownerToken)).body.refundedMinor).toBe(
        2500,
      );
      const notes = await api.tdb
        .owner`select 1 from invoices where payment_id = ${paid.body.id} and kind = 'credit_note'`;
      expect(notes).toHaveLength(2);
    });

    it('another school cannot have its events accepted here, and a module that is off answers 404', async () => {
      const other = await createPaymentsSchool(api, 'cardother', { stripe: true });
      const payload = event('evt_for_other', 'customer.created', 'cus_y');
      // Signed with cardschool's secret, sent to cardother: cardother has its own secret... the same one in
      // tests, so the signature verifies, but the event is stored for cardother only.
      const res = await api.call('POST', '/api/v1/webhooks/stripe', {
        tenant: 'cardother',
        rawBody: payload,
        headers: { 'stripe-signature': sign(payload) },
      });
      expect(res.status).toBe(200);
      const rows = await api.tdb.owner<{ tenant_id: string }[]>`
        select tenant_id from stripe_events where stripe_event_id = 'evt_for_other'`;
      expect(rows.map((r) => r.tenant_id)).toEqual([other.tenant.id]);
      await api.tdb.platformDb.sql`
        update tenant_modules set enabled = false where tenant_id = ${other.tenant.id} and module_id = 'payments'`;
      const off = await api.call('POST', '/api/v1/webhooks/stripe', {
        tenant: 'cardother',
        rawBody: payload,
        headers: { 'stripe-signature': sign(payload) },
      });
      expect(off.status).toBe(404);
    });
  });
});
