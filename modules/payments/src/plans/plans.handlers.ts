import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withPayments } from '../http-context.ts';
import { changePlan as change, createPlan as create, viewPlan } from '../services/payment-plans.ts';
import type * as routes from './plans.routes.ts';

export const createPlan: RouteHandler<typeof routes.createPlan, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const plan = await withPayments(c, (tx, ctx) =>
    create(tx, ctx, {
      ...body,
      deposit: body.deposit
        ? {
            amountMinor: body.deposit.amountMinor,
            dueAt: body.deposit.dueAt ? new Date(body.deposit.dueAt) : undefined,
          }
        : undefined,
      instalments: body.instalments.map((i) => ({ amountMinor: i.amountMinor, dueAt: new Date(i.dueAt) })),
    }),
  );
  return c.json(plan, 201);
};

export const getPlan: RouteHandler<typeof routes.getPlan, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withPayments(c, (tx, ctx) => viewPlan(tx, ctx, id)), 200);
};

export const changePlan: RouteHandler<typeof routes.changePlan, AppEnv> = async (c) => {
  const { id, action } = c.req.valid('param');
  return c.json(await withPayments(c, (tx, ctx) => change(tx, ctx, id, action)), 200);
};
