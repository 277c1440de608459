import { type AppEnv, requireCan } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withLessons } from '../http-context.ts';
import * as syllabus from '../services/syllabus.ts';
import { SYLLABUS_TEMPLATES, TEMPLATE_IDS, templateForSchool } from '../syllabus/index.ts';
import type * as routes from './skills.routes.ts';

const OFFICE_ONLY = 'Only the office edits the syllabus.';

export const getSyllabus: RouteHandler<typeof routes.getSyllabus, AppEnv> = async (c) =>
  c.json(
    await withLessons(c, async (tx, ctx) => {
      requireCan(ctx.viewer, 'lessons:syllabus:read');
      return { categories: await syllabus.readSyllabus(tx, ctx.tenantId) };
    }),
    200,
  );

export const listTemplates: RouteHandler<typeof routes.listTemplates, AppEnv> = async (c) =>
  c.json(
    await withLessons(c, async (_tx, ctx) => {
      requireCan(ctx.viewer, 'lessons:syllabus:read');
      return {
        recommended: templateForSchool(ctx.school),
        data: TEMPLATE_IDS.map((id) => {
          const t = SYLLABUS_TEMPLATES[id];
          return {
            id,
            name: t.name,
            source: t.source,
            categories: t.categories.length,
            skills: t.categories.reduce((n, cat) => n + cat.skills.length, 0),
          };
        }),
      };
    }),
    200,
  );

export const installTemplate: RouteHandler<typeof routes.installTemplate, AppEnv> = async (c) => {
  const { template } = c.req.valid('json');
  const out = await withLessons(c, async (tx, ctx) => {
    requireCan(ctx.viewer, 'lessons:syllabus:manage', { detail: OFFICE_ONLY });
    const added = await syllabus.installTemplate(tx, ctx.tenantId, template);
    return { ...added, syllabus: { categories: await syllabus.readSyllabus(tx, ctx.tenantId) } };
  });
  return c.json(out, 200);
};

export const addSkill: RouteHandler<typeof routes.addSkill, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const skill = await withLessons(c, async (tx, ctx) => {
    requireCan(ctx.viewer, 'lessons:syllabus:manage', { detail: OFFICE_ONLY });
    return syllabus.addSkill(tx, ctx.tenantId, body);
  });
  return c.json(skill, 201);
};

export const updateSkill: RouteHandler<typeof routes.updateSkill, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const skill = await withLessons(c, async (tx, ctx) => {
    requireCan(ctx.viewer, 'lessons:syllabus:manage', { detail: OFFICE_ONLY });
    return syllabus.updateSkill(tx, ctx.tenantId, id, body, ctx.now);
  });
  return c.json(skill, 200);
};

export const listRenames: RouteHandler<typeof routes.listRenames, AppEnv> = async (c) =>
  c.json(
    await withLessons(c, async (tx, ctx) => {
      requireCan(ctx.viewer, 'lessons:syllabus:manage', { detail: OFFICE_ONLY });
      return { data: await syllabus.listSkillRenames(tx, ctx.tenantId) };
    }),
    200,
  );

export const addCategory: RouteHandler<typeof routes.addCategory, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const category = await withLessons(c, async (tx, ctx) => {
    requireCan(ctx.viewer, 'lessons:syllabus:manage', { detail: OFFICE_ONLY });
    return syllabus.addCategory(tx, ctx.tenantId, body);
  });
  return c.json(category, 201);
};

export const updateCategory: RouteHandler<typeof routes.updateCategory, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const category = await withLessons(c, async (tx, ctx) => {
    requireCan(ctx.viewer, 'lessons:syllabus:manage', { detail: OFFICE_ONLY });
    return syllabus.updateCategory(tx, ctx.tenantId, id, body, ctx.now);
  });
  return c.json(category, 200);
};
