import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withLessons } from '../http-context.ts';
import * as practice from '../services/practice-entries.ts';
import { readLogbook } from '../services/read-logbook.ts';
import type * as routes from './logbook.routes.ts';

export const getLogbook: RouteHandler<typeof routes.getLogbook, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withLessons(c, (tx, ctx) => readLogbook(tx, ctx, id)), 200);
};

export const listPracticeEntries: RouteHandler<typeof routes.listPracticeEntries, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { status } = c.req.valid('query');
  return c.json(await withLessons(c, (tx, ctx) => practice.listPracticeEntries(tx, ctx, id, status)), 200);
};

export const submitPracticeEntry: RouteHandler<typeof routes.submitPracticeEntry, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  return c.json(await withLessons(c, (tx, ctx) => practice.submitPracticeEntry(tx, ctx, id, body)), 201);
};

export const confirmPracticeEntry: RouteHandler<typeof routes.confirmPracticeEntry, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(
    await withLessons(c, (tx, ctx) => practice.decidePracticeEntry(tx, ctx, id, 'confirmed')),
    200,
  );
};

export const rejectPracticeEntry: RouteHandler<typeof routes.rejectPracticeEntry, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(
    await withLessons(c, (tx, ctx) => practice.decidePracticeEntry(tx, ctx, id, 'rejected')),
    200,
  );
};
