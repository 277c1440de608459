import type { Tx } from '@dualcontrol/db';
import { can, conflict, requireCan } from '@dualcontrol/platform';
import { and, asc, eq } from 'drizzle-orm';
import { type LessonPackage, lessonPackages, type Payment, payments } from '../schema.ts';
import { savedCard } from './booking-payments.ts';
import { methodNotFound, OFFICE_ONLY, packageNotFound, stripeNotConfigured } from './payment-errors.ts';
import type { PaymentsContext } from './payments-context.ts';
import { cardOwner } from './saved-cards.ts';
import { stripeGateway } from './stripe-gateway.ts';

export type PackageInput = {
  name: string;
  description?: string | undefined;
  priceMinor: number;
  creditMinor: number;
  validityDays?: number | null | undefined;
  active?: boolean | undefined;
};

export type PackageView = {
  id: string;
  name: string;
  description: string | null;
  priceMinor: number;
  creditMinor: number;
  currency: string;
  validityDays: number | null;
  active: boolean;
};

export const packageView = (p: LessonPackage): PackageView => ({
  id: p.id,
  name: p.name,
  description: p.description,
  priceMinor: p.priceMinor,
  creditMinor: p.creditMinor,
  currency: p.currency,
  validityDays: p.validityDays,
  active: p.active,
});

/** Students see what is on sale; staff also see retired packages. */
export async function listPackages(tx: Tx, ctx: PaymentsContext): Promise<PackageView[]> {
  const rows = await tx
    .select()
    .from(lessonPackages)
    .where(
      can(ctx.viewer, 'payments:packages:manage')
        ? eq(lessonPackages.tenantId, ctx.tenantId)
        : and(eq(lessonPackages.tenantId, ctx.tenantId), eq(lessonPackages.active, true)),
    )
    .orderBy(asc(lessonPackages.priceMinor), asc(lessonPackages.name));
  return rows.map(packageView);
}

export async function createPackage(tx: Tx, ctx: PaymentsContext, input: PackageInput): Promise<PackageView> {
  requireCan(ctx.viewer, 'payments:packages:manage', { detail: OFFICE_ONLY });
  const [row] = await tx
    .insert(lessonPackages)
    .values({
      tenantId: ctx.tenantId,
      name: input.name,
      description: input.description ?? null,
      priceMinor: input.priceMinor,
      creditMinor: input.creditMinor,
      currency: ctx.currency,
      validityDays: input.validityDays ?? null,
      active: input.active ?? true,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw conflict('payments.package_exists', `A package named "${input.name}" already exists.`);
  return packageView(row);
}

/** Changes apply to future purchases; credit already bought keeps the terms it was bought on. */
export async function updatePackage(
  tx: Tx,
  ctx: PaymentsContext,
  id: string,
  input: Partial<PackageInput>,
): Promise<PackageView> {
  requireCan(ctx.viewer, 'payments:packages:manage', { detail: OFFICE_ONLY });
  const [row] = await tx
    .update(lessonPackages)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.priceMinor !== undefined ? { priceMinor: input.priceMinor } : {}),
      ...(input.creditMinor !== undefined ? { creditMinor: input.creditMinor } : {}),
      ...(input.validityDays !== undefined ? { validityDays: input.validityDays } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    })
    .where(and(eq(lessonPackages.tenantId, ctx.tenantId), eq(lessonPackages.id, id)))
    .returning();
  if (!row) throw packageNotFound();
  return packageView(row);
}

/** A pending card payment for a package (its credit arrives when the payment settles). */
export async function openPackageCardPayment(
  tx: Tx,
  ctx: PaymentsContext,
  input: { packageId: string; studentId?: string | undefined; paymentMethodId?: string | undefined },
): Promise<Payment> {
  const studentId = await cardOwner(tx, ctx, input.studentId);
  const [pkg] = await tx
    .select()
    .from(lessonPackages)
    .where(and(eq(lessonPackages.tenantId, ctx.tenantId), eq(lessonPackages.id, input.packageId)));
  if (!pkg?.active) throw packageNotFound();
  if (!(await stripeGateway(tx, ctx.secrets, ctx.tenantId))) throw stripeNotConfigured();
  const card = await savedCard(tx, ctx.tenantId, studentId, input.paymentMethodId);
  if (!card) throw methodNotFound();
  const [payment] = await tx
    .insert(payments)
    .values({
      tenantId: ctx.tenantId,
      studentId,
      packageId: pkg.id,
      purpose: 'package',
      method: 'card',
      status: 'pending',
      amountMinor: pkg.priceMinor,
      currency: pkg.currency,
      paymentMethodId: card.id,
      description: pkg.name,
      recordedBy: ctx.actor.kind === 'user' ? ctx.actor.id : null,
    })
    .returning();
  return payment!;
}
