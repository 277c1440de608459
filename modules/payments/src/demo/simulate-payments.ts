import type { Env } from '@dualcontrol/config';
import { systemActor } from '@dualcontrol/db';
import {
  AppError,
  addDays,
  type DemoLayer,
  type DemoPerson,
  localInstant,
  type Random,
} from '@dualcontrol/platform';
import { readBookingCharge, schedulingDemoStory } from '@dualcontrol/scheduling';
import { and, eq, sql } from 'drizzle-orm';
import { cancellationFees, invoices, payments, refunds } from '../schema.ts';
import { payBookingWithCredit } from '../services/booking-payments.ts';
import { decideCancellation } from '../services/cancellation-fees.ts';
import { adjustCredit } from '../services/credit-account.ts';
import { availableCredit } from '../services/credit-ledger.ts';
import { recordEarnings } from '../services/earnings.ts';
import { createPayout } from '../services/earnings-statement.ts';
import { type ManualPaymentInput, recordManualPayment } from '../services/manual-payments.ts';
import { listPackages } from '../services/packages.ts';
import { loadPaymentSettings, type PaymentsContext, systemViewer } from '../services/payments-context.ts';
import { openRefund } from '../services/refunds.ts';

const HOUR = 3_600_000;

/**
 * The demo schools have no Stripe account (a visitor's card would otherwise go to a Stripe that is
 * not there), so no path taken here reaches Stripe: with no saved card, the services never ask for
 * the gateway, and these secrets are never read.
 */
const NO_STRIPE = { env: {} as Env };

/** How a learner pays at the desk, weighted: the card terminal most, then cash, then bank transfer. */
const pickMethod = (random: Random): ManualPaymentInput['method'] => {
  const r = random.next();
  return r < 0.5 ? 'card_terminal' : r < 0.8 ? 'cash' : 'bank_transfer';
};

/**
 * Payments' part of a demo school's life, over scheduling's bookings: each learner buys the
 * school's lesson package at the desk (card terminal, cash or bank transfer: settled at once, with
 * its invoice) whenever their credit runs short, and each lesson is paid from credit the day before
 * it; a cancellation is settled as the `booking.cancelled` handler settles it (the policy's fee kept,
 * the rest back to credit), at the time it happened; every lesson taught earns its instructor
 * their share; a learner who passed gets their unused hours back in cash; each instructor is paid
 * out for last month, and the coming days' lessons of some learners are paid at the card terminal
 * ahead. Online card payments are not simulated (no Stripe account; see the module README).
 */
export const paymentsDemo: DemoLayer = async (ctx) => {
  const { tx, school, startOfToday, clock, office } = ctx;
  const tenantId = school.tenantId;
  const settings = await loadPaymentSettings(tx, tenantId);
  const as = (who: DemoPerson | null, now: Date): PaymentsContext => ({
    tenantId,
    currency: school.currency,
    actor: who ? who.actor : systemActor,
    viewer: who ? who.viewer : systemViewer,
    settings,
    now,
    secrets: { ...NO_STRIPE, keyring: ctx.keyring },
  });
  const at = (day: string, time: string) => localInstant(day, time, school.timezone);
  const past = (d: Date) => (d < startOfToday ? d : new Date(startOfToday.getTime() - 2 * HOUR));
  const catalogue = (await listPackages(tx, as(office, startOfToday))).filter((p) => p.active);
  const hours = [...catalogue].sort((a, b) => b.creditMinor - a.creditMinor)[0];
  const testDay = catalogue.find((p) => p !== hours);
  const tally = {
    'packages bought': 0,
    'card terminal payments': 0,
    'cash payments': 0,
    'bank transfers': 0,
    'lessons paid from credit': 0,
    'lessons paid ahead': 0,
    'cancellations settled': 0,
    refunds: 0,
    'earnings records': 0,
    payouts: 0,
  };
  if (!hours) return tally;
  const story = schedulingDemoStory(ctx);
  const method = {
    card_terminal: 'card terminal payments',
    cash: 'cash payments',
    bank_transfer: 'bank transfers',
  } as const;

  /** Money taken at the desk by the office, settled at once (its invoice and `payment.succeeded`). */
  async function desk(when: Date, input: ManualPaymentInput) {
    const payment = await clock.stamp(when, () => recordManualPayment(tx, as(office, when), input));
    tally[method[input.method]] += 1;
    return payment;
  }

  for (const learner of ctx.learners) {
    const random = ctx.random.fork(`learner:${learner.student.email}`);
    const studentId = learner.student.studentId;
    const pays = pickMethod(random);
    const mine = story.bookings.filter((b) => b.studentId === studentId);
    let lastPackage: { id: string; amountMinor: number } | null = null;
    // Their credit, followed here as the ledger moves (no package expires within the history), so
    // the layer need not ask the ledger before every lesson.
    let credit = 0;
    const buy = async (pkg: { id: string; creditMinor: number }, when: Date) => {
      const p = await desk(when, { studentId, method: pays, purpose: 'package', packageId: pkg.id });
      tally['packages bought'] += 1;
      credit += pkg.creditMinor;
      lastPackage = { id: p.id, amountMinor: p.amountMinor };
    };
    // The test-day package a fortnight before their (first) practical test.
    const test = learner.practicalTests[0];
    const testPackageOn = test && testDay ? addDays(test.on, -random.int(12, 16)) : null;
    let testPackageBought = false;

    for (const b of mine) {
      if (b.start >= startOfToday) continue;
      const charge = await readBookingCharge(tx, tenantId, b.bookingId);
      if (!charge) continue;
      const payAt = new Date(b.start.getTime() - (26 + random.int(0, 20)) * HOUR);
      if (testPackageOn && !testPackageBought && at(testPackageOn, '12:00') < payAt) {
        await buy(testDay!, at(testPackageOn, `1${random.int(0, 7)}:30`));
        testPackageBought = true;
      }
      const cancelledFirst = b.status === 'cancelled' && (b.settledAt ?? b.start) <= payAt;
      if (!cancelledFirst && charge.priceMinor > 0) {
        if (credit < charge.priceMinor)
          await buy(hours, new Date(payAt.getTime() - random.int(1, 30) * HOUR));
        await clock.stamp(payAt, () => payBookingWithCredit(tx, as(learner.student, payAt), charge));
        credit -= charge.priceMinor;
        tally['lessons paid from credit'] += 1;
      }
      if (b.status === 'cancelled') {
        const when = b.settledAt ?? b.start;
        await clock.stamp(when, () =>
          decideCancellation(tx, as(null, when), {
            bookingId: b.bookingId,
            feeMinor: charge.cancellationFeeMinor ?? 0,
          }),
        );
        tally['cancellations settled'] += 1;
        // As decideCancellation settles it: paid, the fee is kept and the rest comes back as credit
        // (when the school refunds to credit); not paid, the fee is taken from credit if it covers it.
        const fee = Math.min(charge.cancellationFeeMinor ?? 0, charge.priceMinor);
        if (!cancelledFirst && charge.priceMinor > 0) {
          if (settings.cancellationRefundTo === 'credit') credit += charge.priceMinor - fee;
        } else if (fee > 0 && credit >= fee) credit -= fee;
      } else if (b.status === 'completed') {
        await recordEarnings(tx, as(null, b.end), b.bookingId);
        tally['earnings records'] += 1;
      }
    }

    // Passed: what is left of their hours goes back to them in cash, a few days after the test.
    const passed = learner.practicalTests.find((t) => t.result === 'passed');
    const paid = lastPackage as { id: string; amountMinor: number } | null;
    if (passed && paid) {
      const when = past(at(addDays(passed.on, random.int(2, 4)), '11:00'));
      const left = Math.min(await availableCredit(tx, tenantId, studentId, when), paid.amountMinor);
      if (left > 0) {
        await adjustCredit(tx, as(office, when), studentId, {
          amountMinor: -left,
          reason: 'Unused hours refunded after passing',
        });
        await clock.stamp(when, () =>
          openRefund(tx, as(office, when), {
            paymentId: paid.id,
            amountMinor: left,
            destination: 'original',
            reason: 'Unused hours after passing the test',
          }),
        );
      }
    }

    // Learners: some pay their next lesson at the card terminal at the end of the last one.
    const next = mine.find((b) => b.start >= startOfToday && b.status === 'confirmed');
    if (next && learner.stage !== 'passed' && random.chance(0.4)) {
      const when = new Date(startOfToday.getTime() - random.int(3, 30) * HOUR);
      await desk(when, { studentId, method: 'card_terminal', purpose: 'booking', bookingId: next.bookingId });
      tally['lessons paid ahead'] += 1;
    }
  }

  // Fees left due (a cancellation before the lesson was paid, with no credit to take it from) are
  // paid in cash at the next lesson, but the most recent one, still outstanding.
  const due = await tx
    .select()
    .from(cancellationFees)
    .where(and(eq(cancellationFees.tenantId, tenantId), eq(cancellationFees.status, 'due')))
    .orderBy(cancellationFees.createdAt, cancellationFees.id);
  for (const fee of due.slice(0, -1)) {
    const fact = story.bookings.find((b) => b.bookingId === fee.bookingId);
    const when = past(new Date((fact?.settledAt ?? startOfToday).getTime() + 4 * 24 * HOUR));
    await desk(when, {
      studentId: fee.studentId,
      method: 'cash',
      purpose: 'cancellation_fee',
      bookingId: fee.bookingId,
    });
  }

  // Last month's earnings paid out to every instructor on the 3rd (or the month before, early in a month).
  const monthStart = (day: string, back: number) => {
    const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - back);
    return d.toISOString().slice(0, 10);
  };
  const back = Number(ctx.today.slice(8, 10)) > 3 ? 1 : 2;
  const from = monthStart(ctx.today, back);
  const to = addDays(monthStart(ctx.today, back - 1), -1);
  const payoutAt = at(addDays(to, 3), '10:00');
  for (const instructor of ctx.people.instructors) {
    try {
      await createPayout(tx, as(office, payoutAt), { instructorId: instructor.instructorId, from, to });
      tally.payouts += 1;
    } catch (error) {
      if (!(error instanceof AppError && error.status === 409)) throw error;
    }
  }

  const [counts] = await tx
    .select({
      invoices: sql<number>`(select count(*)::int from ${invoices} where ${invoices.tenantId} = ${tenantId})`,
      revenue: sql<number>`coalesce(sum(${payments.amountMinor}) filter (where ${payments.method} <> 'credit'), 0)::int`,
      refunds: sql<number>`(select count(*)::int from ${refunds} where ${refunds.tenantId} = ${tenantId})`,
      fees: sql<number>`(select count(*)::int from ${cancellationFees} where ${cancellationFees.tenantId} = ${tenantId})`,
    })
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.status, 'succeeded')));
  tally.refunds = counts?.refunds ?? 0;
  return {
    ...tally,
    'cancellation fees': counts?.fees ?? 0,
    invoices: counts?.invoices ?? 0,
    'taken (minor units)': counts?.revenue ?? 0,
  };
};
