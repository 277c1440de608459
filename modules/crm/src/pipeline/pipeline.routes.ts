import { jsonContent, problemResponses, sessionSecurity } from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { Contact } from '../http-schemas.ts';
import { STAGE_KINDS } from '../schema.ts';

const tags = ['CRM'];

export const getBoard = createRoute({
  method: 'get',
  path: '/api/v1/crm/pipeline',
  tags,
  summary: 'The pipeline board: every stage in order with its contacts (latest move first, 100 a stage)',
  security: sessionSecurity,
  responses: {
    200: jsonContent(
      z
        .object({
          stages: z.array(
            z.object({
              key: z.string(),
              label: z.string(),
              kind: z.enum(STAGE_KINDS),
              count: z.number().int(),
              contacts: z.array(Contact),
            }),
          ),
        })
        .openapi('CrmPipelineBoard'),
      'The board',
    ),
    ...problemResponses(401, 403),
  },
});

export const listStages = createRoute({
  method: 'get',
  path: '/api/v1/crm/stages',
  tags,
  summary: 'The school’s pipeline stages in order',
  security: sessionSecurity,
  responses: {
    200: jsonContent(
      z.object({
        data: z.array(
          z.object({
            key: z.string(),
            label: z.string(),
            kind: z.enum(STAGE_KINDS),
            position: z.number().int(),
          }),
        ),
      }),
      'Stages',
    ),
    ...problemResponses(401, 403),
  },
});
