import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withLessons } from '../http-context.ts';
import * as materials from '../services/materials.ts';
import type * as routes from './materials.routes.ts';

export const assignMaterial: RouteHandler<typeof routes.assignMaterial, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  return c.json(await withLessons(c, (tx, ctx) => materials.assignMaterial(tx, ctx, id, body)), 201);
};

export const listMaterials: RouteHandler<typeof routes.listMaterials, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withLessons(c, (tx, ctx) => materials.listMaterials(tx, ctx, id)), 200);
};
