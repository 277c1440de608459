import { type AppEnv, requireTenant } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { inRequestContext, paymentDeps, withPayments } from '../http-context.ts';
import { chargeCard, declinedProblem } from '../services/card-charge.ts';
import {
  createPackage as create,
  listPackages as list,
  openPackageCardPayment,
  updatePackage as update,
} from '../services/packages.ts';
import { paymentView } from '../services/payment-view.ts';
import type * as routes from './packages.routes.ts';

export const listPackages: RouteHandler<typeof routes.listPackages, AppEnv> = async (c) =>
  c.json({ data: await withPayments(c, (tx, ctx) => list(tx, ctx)) }, 200);

export const createPackage: RouteHandler<typeof routes.createPackage, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  return c.json(await withPayments(c, (tx, ctx) => create(tx, ctx, body)), 201);
};

export const updatePackage: RouteHandler<typeof routes.updatePackage, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  return c.json(await withPayments(c, (tx, ctx) => update(tx, ctx, id, body)), 200);
};

export const purchasePackage: RouteHandler<typeof routes.purchasePackage, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const opened = await inRequestContext(c)(async (tx, ctx) => {
    return openPackageCardPayment(tx, ctx, { packageId: id, ...body });
  });
  const { payment, clientSecret } = await chargeCard(paymentDeps(c), requireTenant(c).id, opened.id, {
    offSession: false,
  });
  if (payment.status === 'failed') throw declinedProblem(payment);
  return c.json({ ...paymentView(payment, 0), clientSecret }, 201);
};
