import {
  BODY_PROBLEMS,
  Id,
  IdParams,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { TEMPLATE_IDS } from '../syllabus/index.ts';

const tags = ['Syllabus'];

export const Skill = z
  .object({
    id: z.string(),
    categoryId: z.string(),
    templateKey: z.string().nullable(),
    name: z.string(),
    description: z.string().nullable(),
    position: z.number().int(),
    retiredAt: z.string().nullable(),
  })
  .openapi('Skill');

const Syllabus = z
  .object({
    categories: z.array(
      z.object({
        id: z.string(),
        templateKey: z.string().nullable(),
        name: z.string(),
        position: z.number().int(),
        skills: z.array(Skill),
      }),
    ),
  })
  .openapi('Syllabus');

const Name = z.string().trim().min(1).max(120);
const Description = z.string().trim().max(1000);

export const getSyllabus = createRoute({
  method: 'get',
  path: '/api/v1/syllabus',
  tags,
  summary: 'The school’s syllabus: skill groups and skills in order (retired skills marked)',
  security: sessionSecurity,
  responses: { 200: jsonContent(Syllabus, 'Syllabus'), ...problemResponses(401, 403) },
});

export const listTemplates = createRoute({
  method: 'get',
  path: '/api/v1/syllabus/templates',
  tags,
  summary: 'The syllabus templates shipped with the product (UK DVSA, US, Australia)',
  security: sessionSecurity,
  responses: {
    200: jsonContent(
      z.object({
        recommended: z.enum(TEMPLATE_IDS),
        data: z.array(
          z.object({
            id: z.enum(TEMPLATE_IDS),
            name: z.string(),
            source: z.string(),
            categories: z.number().int(),
            skills: z.number().int(),
          }),
        ),
      }),
      'Templates, and the one this school would start from',
    ),
    ...problemResponses(401, 403),
  },
});

export const installTemplate = createRoute({
  method: 'post',
  path: '/api/v1/syllabus/install',
  tags,
  summary: 'Install a syllabus template into the school’s syllabus (idempotent; office)',
  security: sessionSecurity,
  request: { body: jsonBody(z.strictObject({ template: z.enum(TEMPLATE_IDS) })) },
  responses: {
    200: jsonContent(
      z.object({
        template: z.enum(TEMPLATE_IDS),
        categoriesAdded: z.number().int(),
        skillsAdded: z.number().int(),
        syllabus: Syllabus,
      }),
      'Installed (what was added; nothing the second time)',
    ),
    ...problemResponses(...BODY_PROBLEMS, 401, 403),
  },
});

export const addSkill = createRoute({
  method: 'post',
  path: '/api/v1/syllabus/skills',
  tags,
  summary: 'Add a skill of the school’s own to a group (office)',
  security: sessionSecurity,
  request: {
    body: jsonBody(
      z.strictObject({
        categoryId: Id,
        name: Name,
        description: Description.optional(),
        position: z.number().int().min(0).max(100_000).optional(),
      }),
    ),
  },
  responses: { 201: jsonContent(Skill, 'Added'), ...problemResponses(...BODY_PROBLEMS, 401, 403, 404) },
});

export const updateSkill = createRoute({
  method: 'patch',
  path: '/api/v1/syllabus/skills/{id}',
  tags,
  summary: 'Rename, describe, move, retire or restore a skill; its id (and history) stays (office)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z
        .strictObject({
          name: Name.optional(),
          description: Description.nullable().optional(),
          position: z.number().int().min(0).max(100_000).optional(),
          categoryId: Id.optional(),
          retired: z.boolean().optional(),
        })
        .refine((b) => Object.keys(b).length > 0, { message: 'name at least one change' }),
    ),
  },
  responses: { 200: jsonContent(Skill, 'Updated'), ...problemResponses(...BODY_PROBLEMS, 401, 403, 404) },
});

const Category = z
  .object({
    id: z.string(),
    templateKey: z.string().nullable(),
    name: z.string(),
    position: z.number().int(),
  })
  .openapi('SkillCategory');

export const listRenames = createRoute({
  method: 'get',
  path: '/api/v1/syllabus/renames',
  tags,
  summary: 'Every rename of the school’s skills, newest first (from the audit trail; office)',
  description:
    'A renamed skill keeps its id, so its recorded history shows the new name; these are the names it had.',
  security: sessionSecurity,
  responses: {
    200: jsonContent(
      z.object({
        data: z.array(z.object({ skillId: z.string(), from: z.string(), to: z.string(), at: z.string() })),
      }),
      'Renames',
    ),
    ...problemResponses(401, 403),
  },
});

export const addCategory = createRoute({
  method: 'post',
  path: '/api/v1/syllabus/categories',
  tags,
  summary: 'Add a skill group of the school’s own (office)',
  security: sessionSecurity,
  request: {
    body: jsonBody(z.strictObject({ name: Name, position: z.number().int().min(0).max(100_000).optional() })),
  },
  responses: { 201: jsonContent(Category, 'Added'), ...problemResponses(...BODY_PROBLEMS, 401, 403) },
});

export const updateCategory = createRoute({
  method: 'patch',
  path: '/api/v1/syllabus/categories/{id}',
  tags,
  summary: 'Rename or move a skill group, or retire/restore all its skills at once (office)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z
        .strictObject({
          name: Name.optional(),
          position: z.number().int().min(0).max(100_000).optional(),
          retired: z.boolean().optional(),
        })
        .refine((b) => Object.keys(b).length > 0, { message: 'name at least one change' }),
    ),
  },
  responses: { 200: jsonContent(Category, 'Updated'), ...problemResponses(...BODY_PROBLEMS, 401, 403, 404) },
});
