import { parseKeyring } from '@dualcontrol/db';
import { paymentsModule } from '@dualcontrol/payments';
import { createLogger, createOutboxDispatcher } from '@dualcontrol/platform';
import { LOCALSTRIPE_SECRET_KEY } from '@dualcontrol/testing';
import Stripe from 'stripe';
import { inject } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  startAhead,
  type TestApi,
} from '../scheduling/scheduling-fixture.ts';

export const WEBHOOK_SECRET = 'whsec_dualcontrol_test_secret';
/** Cards the stand-in knows: one that pays, one the bank declines when charged. */
export const CARDS = { ok: '4242424242424242', declined: '4000000000000341' } as const;

/** The stand-in's address for the API under test (every school's Stripe calls go there). */
export function stripeEnv(): Record<string, string> {
  const { host, port } = inject('dcStripe');
  return { STRIPE_API_BASE: `http://${host}:${port}` };
}

/** The stand-in seen from outside our code: what a browser (Stripe.js) or a test inspects. */
export function stripeStandIn(): Stripe {
  const { host, port } = inject('dcStripe');
  return new Stripe(LOCALSTRIPE_SECRET_KEY, { host, port, protocol: 'http', maxNetworkRetries: 0 });
}

/**
 * Every payment intent the stand-in holds. It serves the whole run (two files at a time) and lists
 * oldest first, 100 a page: read every page, then filter to what the test made.
 */
export async function allPaymentIntents(): Promise<Stripe.PaymentIntent[]> {
  return stripeStandIn().paymentIntents.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
}

/** Delivers pending domain events through the payments module's real handlers (as the worker does, minus Temporal). */
export function dispatchPayments(api: TestApi) {
  const log = createLogger('silent');
  const handlers = paymentsModule.subscriptions!({
    env: api.tdb.env,
    keyring: parseKeyring(api.tdb.env.ENCRYPTION_KEYS),
    db: api.tdb.db,
    log,
  }).map((h) => ({ ...h, moduleId: 'payments' }));
  return createOutboxDispatcher({ platformDb: api.tdb.platformDb, db: api.tdb.db, handlers, log }).drain();
}

export type PaymentsSchool = Awaited<ReturnType<typeof createPaymentsSchool>>;

/**
 * A school with scheduling set up (createSchedulingSchool), payments on, and optionally its Stripe
 * keys pointing at the stand-in; with helpers to book, save cards and pay through the public API.
 */
export async function createPaymentsSchool(
  api: TestApi,
  slug: string,
  opts: { stripe?: boolean; policies?: Record<string, unknown> } = {},
) {
  // Students here take many lessons; the per-student caps of the defaults would get in the way.
  const school = await createSchedulingSchool(api, slug, {
    hours: { start: '00:00', end: '24:00' },
    policies: { minimumNoticeHours: 0, studentMaxPerDay: 10, studentMaxPerWeek: 60, ...opts.policies },
  });
  const owner = school.ownerToken;
  if (opts.stripe) {
    const res = await api.call('PUT', '/api/v1/payments/account', {
      tenant: slug,
      token: owner,
      body: {
        mode: 'stripe_keys',
        secretKey: LOCALSTRIPE_SECRET_KEY,
        publishableKey: 'pk_test_dualcontrol',
        webhookSecret: WEBHOOK_SECRET,
      },
    });
    if (res.status !== 200) throw new Error(`stripe account: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const call = (
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) =>
    api.call(method, path, {
      tenant: slug,
      token,
      ...(body !== undefined ? { body } : {}),
      ...(headers ? { headers } : {}),
    });

  let slot = 0;
  /** The instructor's next free hour from two days on (09:00–15:00 school time), one booking each. */
  const nextStart = () => {
    const n = slot++;
    return startAhead(school.timezone, 2 + Math.floor(n / 7), `${String(9 + (n % 7)).padStart(2, '0')}:00`);
  };

  /**
   * A confirmed (or pending) lesson for the student, at the lesson type's price. Lessons at a
   * chosen time go to the second instructor, so they never collide with the generated ones.
   */
  async function book(studentToken: string, opts: { confirm?: boolean; start?: string } = {}) {
    const res = await call('POST', '/api/v1/bookings', studentToken, {
      instructorId: opts.start ? school.otherInstructor.id : school.instructor.id,
      start: opts.start ?? nextStart(),
      durationMinutes: 60,
      lessonTypeId: school.lessonTypeId,
    });
    if (res.status !== 201) throw new Error(`book: ${res.status} ${JSON.stringify(res.body)}`);
    if (opts.confirm !== false) {
      const instructor = opts.start ? school.otherInstructor : school.instructor;
      const ok = await call('POST', `/api/v1/bookings/${res.body.id}/confirm`, instructor.token);
      if (ok.status !== 200) throw new Error(`confirm: ${ok.status} ${JSON.stringify(ok.body)}`);
    }
    return res.body as { id: string; priceMinor: number; studentId: string };
  }

  /** What Stripe.js does in the browser (tokenise the card), then our API saves it. */
  async function saveCard(studentToken: string, number: string = CARDS.ok) {
    const pm = await stripeStandIn().paymentMethods.create({
      type: 'card',
      card: { number, exp_month: 12, exp_year: 2031, cvc: '123' },
    } as Stripe.PaymentMethodCreateParams);
    const res = await call('POST', '/api/v1/payment-methods', studentToken, { stripePaymentMethodId: pm.id });
    if (res.status !== 201) throw new Error(`save card: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; last4: string };
  }

  async function credit(studentId: string, token: string = owner) {
    const res = await call('GET', `/api/v1/students/${studentId}/credit`, token);
    if (res.status !== 200) throw new Error(`credit: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { balanceMinor: number; entries: { kind: string; amountMinor: number }[] };
  }

  return { ...school, call, book, saveCard, credit };
}

export { createTestApi, type TestApi };
