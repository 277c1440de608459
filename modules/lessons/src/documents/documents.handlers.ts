import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withLessons } from '../http-context.ts';
import * as documents from '../services/documents.ts';
import type * as routes from './documents.routes.ts';

export const addDocument: RouteHandler<typeof routes.addDocument, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  return c.json(await withLessons(c, (tx, ctx) => documents.addDocument(tx, ctx, body)), 201);
};

export const listDocuments: RouteHandler<typeof routes.listDocuments, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  return c.json(await withLessons(c, (tx, ctx) => documents.listDocuments(tx, ctx, query)), 200);
};

export const listExpiring: RouteHandler<typeof routes.listExpiring, AppEnv> = async (c) => {
  const { days } = c.req.valid('query');
  return c.json(await withLessons(c, (tx, ctx) => documents.listExpiringDocuments(tx, ctx, days)), 200);
};

export const verifyDocument: RouteHandler<typeof routes.verifyDocument, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withLessons(c, (tx, ctx) => documents.verifyDocument(tx, ctx, id)), 200);
};

export const updateDocument: RouteHandler<typeof routes.updateDocument, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  return c.json(await withLessons(c, (tx, ctx) => documents.updateDocument(tx, ctx, id, body)), 200);
};

export const removeDocument: RouteHandler<typeof routes.removeDocument, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  await withLessons(c, (tx, ctx) => documents.removeDocument(tx, ctx, id));
  return c.body(null, 204);
};
