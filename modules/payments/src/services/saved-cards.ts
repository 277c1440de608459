import { systemActor, type Tx } from '@dualcontrol/db';
import { badRequest, can, requireCan } from '@dualcontrol/platform';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { paymentMethods, type SavedPaymentMethod } from '../schema.ts';
import { callStripe, ensureCustomer, type PaymentDeps, stripeKey } from './card-charge.ts';
import { methodNotFound, stripeNotConfigured } from './payment-errors.ts';
import type { InPaymentsContext, PaymentsContext } from './payments-context.ts';
import { stripeGateway } from './stripe-gateway.ts';
import { buyerOf } from './student-buyer.ts';

export type CardView = {
  id: string;
  studentId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  createdAt: string;
};

export const cardView = (m: SavedPaymentMethod): CardView => ({
  id: m.id,
  studentId: m.studentId,
  brand: m.brand,
  last4: m.last4,
  expMonth: m.expMonth,
  expYear: m.expYear,
  isDefault: m.isDefault,
  createdAt: m.createdAt.toISOString(),
});

/** The student a card request is about: a student acts for themselves, staff for anyone. */
export async function cardOwner(
  tx: Tx,
  ctx: PaymentsContext,
  studentId: string | undefined,
): Promise<string> {
  const target = studentId ?? ctx.viewer.studentId;
  if (!target)
    throw badRequest('request.invalid', 'Name the student the card belongs to.', [
      { path: 'body.studentId', message: 'required for staff' },
    ]);
  requireCan(ctx.viewer, 'payments:cards:manage:own', {
    resource: { studentId: target },
    refuse: methodNotFound,
  });
  await buyerOf(tx, ctx.tenantId, target);
  return target;
}

/**
 * Saves a card the browser tokenised with Stripe.js (we never see card numbers): attaches it to
 * the student's Stripe customer and keeps brand, last four digits and expiry for display. The
 * student's first card becomes their default (used for instalments and automatic charges).
 */
export async function saveCard(
  deps: PaymentDeps,
  inContext: InPaymentsContext,
  input: { studentId?: string | undefined; stripePaymentMethodId: string; makeDefault?: boolean | undefined },
): Promise<CardView> {
  const { tenantId, studentId, gateway } = await inContext(async (tx, ctx) => ({
    tenantId: ctx.tenantId,
    studentId: await cardOwner(tx, ctx, input.studentId),
    gateway: await stripeGateway(tx, deps, ctx.tenantId),
  }));
  if (!gateway) throw stripeNotConfigured();
  const customer = await ensureCustomer(deps, gateway, tenantId, studentId);
  const pm = await callStripe(async () => {
    // A card confirmed through a SetupIntent of this customer is attached already.
    const found = await gateway.stripe.paymentMethods.retrieve(
      input.stripePaymentMethodId,
      {},
      gateway.account,
    );
    const owner = typeof found.customer === 'string' ? found.customer : found.customer?.id;
    if (owner === customer) return found;
    return gateway.stripe.paymentMethods.attach(
      input.stripePaymentMethodId,
      { customer },
      {
        ...gateway.account,
        idempotencyKey: stripeKey(tenantId, 'attach', `${studentId}:${input.stripePaymentMethodId}`),
      },
    );
  }).catch((error: unknown) => {
    if (error instanceof Error && 'type' in error)
      throw badRequest('payments.card_rejected', `Stripe did not accept this card: ${error.message}`, [
        { path: 'body.stripePaymentMethodId', message: 'not a usable card' },
      ]);
    throw error;
  });
  if (!pm.card) throw badRequest('payments.card_rejected', 'Only cards can be saved.');
  const card = pm.card;
  return deps.db.withTenant(tenantId, systemActor, async (tx) => {
    const existing = await tx
      .select()
      .from(paymentMethods)
      .where(
        and(
          eq(paymentMethods.tenantId, tenantId),
          eq(paymentMethods.studentId, studentId),
          isNull(paymentMethods.removedAt),
        ),
      );
    const makeDefault = input.makeDefault === true || !existing.some((m) => m.isDefault);
    if (makeDefault)
      await tx
        .update(paymentMethods)
        .set({ isDefault: false })
        .where(and(eq(paymentMethods.tenantId, tenantId), eq(paymentMethods.studentId, studentId)));
    const [row] = await tx
      .insert(paymentMethods)
      .values({
        tenantId,
        studentId,
        stripePaymentMethodId: pm.id,
        brand: card.brand,
        last4: card.last4,
        expMonth: card.exp_month,
        expYear: card.exp_year,
        isDefault: makeDefault,
      })
      .onConflictDoUpdate({
        target: [paymentMethods.tenantId, paymentMethods.stripePaymentMethodId],
        set: { isDefault: makeDefault, removedAt: null },
      })
      .returning();
    return cardView(row!);
  });
}

export async function listCards(
  tx: Tx,
  ctx: PaymentsContext,
  studentId: string | undefined,
): Promise<CardView[]> {
  const owner = await cardOwner(tx, ctx, studentId);
  const rows = await tx
    .select()
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.tenantId, ctx.tenantId),
        eq(paymentMethods.studentId, owner),
        isNull(paymentMethods.removedAt),
      ),
    )
    .orderBy(asc(paymentMethods.createdAt));
  return rows.map(cardView);
}

/** A saved card the viewer may change (their own, or any for staff), locked; 404 otherwise. */
async function lockOwnCard(tx: Tx, ctx: PaymentsContext, cardId: string) {
  const [row] = await tx
    .select()
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.tenantId, ctx.tenantId),
        eq(paymentMethods.id, cardId),
        isNull(paymentMethods.removedAt),
      ),
    )
    .for('update');
  if (!row || !can(ctx.viewer, 'payments:cards:manage:own', { studentId: row.studentId }))
    throw methodNotFound();
  return row;
}

/** Makes one of the student's saved cards their default; the others stop being it. */
export async function makeDefaultCard(tx: Tx, ctx: PaymentsContext, cardId: string): Promise<CardView> {
  const row = await lockOwnCard(tx, ctx, cardId);
  await tx
    .update(paymentMethods)
    .set({ isDefault: false })
    .where(and(eq(paymentMethods.tenantId, ctx.tenantId), eq(paymentMethods.studentId, row.studentId)));
  const [made] = await tx
    .update(paymentMethods)
    .set({ isDefault: true })
    .where(and(eq(paymentMethods.tenantId, ctx.tenantId), eq(paymentMethods.id, cardId)))
    .returning();
  return cardView(made!);
}

/** Forgets a card (detached at Stripe too); payments made with it keep their history. */
export async function removeCard(
  deps: PaymentDeps,
  inContext: InPaymentsContext,
  cardId: string,
): Promise<void> {
  const found = await inContext(async (tx, ctx) => {
    const row = await lockOwnCard(tx, ctx, cardId);
    await tx
      .update(paymentMethods)
      .set({ removedAt: ctx.now, isDefault: false })
      .where(and(eq(paymentMethods.tenantId, ctx.tenantId), eq(paymentMethods.id, cardId)));
    return { row, gateway: await stripeGateway(tx, deps, ctx.tenantId) };
  });
  if (found.gateway) {
    const { gateway, row } = found;
    await callStripe(() =>
      gateway.stripe.paymentMethods.detach(
        row.stripePaymentMethodId,
        {},
        { ...gateway.account, idempotencyKey: stripeKey(row.tenantId, 'detach', row.id) },
      ),
    ).catch(
      // Already detached at Stripe: the outcome we wanted.
      (error: unknown) => {
        if (!(error instanceof Error && 'type' in error)) throw error;
      },
    );
  }
}
