import { type AppEnv, requireCan, updateModuleSettings } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withLessons } from '../http-context.ts';
import { type LessonSettings, lessonSettings } from '../settings.ts';
import type * as routes from './settings.routes.ts';

export const getSettings: RouteHandler<typeof routes.getSettings, AppEnv> = async (c) =>
  c.json(await withLessons(c, async (_tx, ctx) => ctx.settings), 200);

export const updateSettings: RouteHandler<typeof routes.updateSettings, AppEnv> = async (c) => {
  const changes = c.req.valid('json') as Partial<LessonSettings>;
  const settings = await withLessons(c, async (tx, ctx) => {
    requireCan(ctx.viewer, 'lessons:settings:manage', {
      detail: 'Only the office changes the lesson rules.',
    });
    return updateModuleSettings({ tx, tenantId: ctx.tenantId, settings: lessonSettings, changes });
  });
  return c.json(settings, 200);
};
