import {
  BODY_PROBLEMS,
  jsonBody,
  jsonContent,
  problemResponses,
  requireSession,
  sessionSecurity,
} from '@dualcontrol/platform';
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
    selfSignup: z.boolean().openapi({ description: 'Students may create their own account' }),
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

const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1d4ed8');

export const updateSchool = createRoute({
  method: 'patch',
  path: '/api/v1/school',
  tags: ['School'],
  summary:
    'Change the school’s name, branding and online sign-up (owner/admin); a brand colour too light for white text is refused',
  security: sessionSecurity,
  // Anonymous callers are refused before the body is validated, like every other signed-in operation.
  middleware: [requireSession] as const,
  request: {
    body: jsonBody(
      z
        .strictObject({
          name: z.string().trim().min(2).max(120).optional(),
          branding: z
            .strictObject({
              primaryColor: Colour.optional(),
              accentColor: Colour.optional(),
              logoUrl: z
                .string()
                .max(500)
                .regex(/^(https:\/\/|\/)/, 'an https:// URL or a path')
                .optional(),
            })
            .optional(),
          selfSignup: z.boolean().optional(),
        })
        .openapi('SchoolChanges'),
    ),
  },
  responses: {
    200: jsonContent(SchoolSchema, 'The school'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403),
  },
});
