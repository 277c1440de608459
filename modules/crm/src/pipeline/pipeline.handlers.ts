import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withCrm } from '../http-context.ts';
import { pipelineBoard, listStages as stages } from '../services/board.ts';
import type * as routes from './pipeline.routes.ts';

export const getBoard: RouteHandler<typeof routes.getBoard, AppEnv> = async (c) =>
  c.json(await withCrm(c, 'crm:contacts:read', (tx, ctx) => pipelineBoard(tx, ctx)), 200);

export const listStages: RouteHandler<typeof routes.listStages, AppEnv> = async (c) =>
  c.json(await withCrm(c, 'crm:contacts:read', (tx, ctx) => stages(tx, ctx)), 200);
