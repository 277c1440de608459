import { jsonContent, problemResponses } from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

export const SchoolSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    timezone: z.string(),
    currency: z.string(),
    locale: z.string(),
    branding: z.object({
      primaryColor: z.string().optional(),
      accentColor: z.string().optional(),
      logoUrl: z.string().optional(),
    }),
    modules: z.array(z.string()),
  })
  .openapi('School');

export const getSchool = createRoute({
  method: 'get',
  path: '/api/v1/school',
  tags: ['School'],
  summary:
    'The school this host names: its public face (name, branding, locale, zone, currency, modules); no sign-in',
  responses: { 200: jsonContent(SchoolSchema, 'The school'), ...problemResponses(404) },
});
