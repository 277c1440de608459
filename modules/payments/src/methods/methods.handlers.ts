import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { inRequestContext, paymentDeps, withPayments } from '../http-context.ts';
import { startCardSetup as setup } from '../services/card-setup.ts';
import {
  listCards as list,
  makeDefaultCard as makeDefault,
  removeCard as remove,
  saveCard as save,
} from '../services/saved-cards.ts';
import type * as routes from './methods.routes.ts';

export const listCards: RouteHandler<typeof routes.listCards, AppEnv> = async (c) => {
  const { studentId } = c.req.valid('query');
  return c.json({ data: await withPayments(c, (tx, ctx) => list(tx, ctx, studentId)) }, 200);
};

export const saveCard: RouteHandler<typeof routes.saveCard, AppEnv> = async (c) =>
  c.json(await save(paymentDeps(c), inRequestContext(c), c.req.valid('json')), 201);

export const removeCard: RouteHandler<typeof routes.removeCard, AppEnv> = async (c) => {
  await remove(paymentDeps(c), inRequestContext(c), c.req.valid('param').id);
  return c.body(null, 204);
};

export const startCardSetup: RouteHandler<typeof routes.startCardSetup, AppEnv> = async (c) =>
  c.json(await setup(paymentDeps(c), inRequestContext(c), c.req.valid('json')), 201);

export const makeDefaultCard: RouteHandler<typeof routes.makeDefaultCard, AppEnv> = async (c) =>
  c.json(await withPayments(c, (tx, ctx) => makeDefault(tx, ctx, c.req.valid('param').id)), 200);
