import {
  BODY_PROBLEMS,
  binaryContent,
  jsonBody,
  jsonContent,
  LOGO_MAX_BYTES,
  LOGO_MAX_SIDE,
  LOGO_SVG_MAX_BYTES,
  multipartFileBody,
  ONBOARDING_STEPS,
  ProblemSchema,
  problemContentType,
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
      logo: z
        .object({
          url: z.string().openapi({ description: 'Path of the logo on this school’s host (versioned)' }),
          contentType: z.string().openapi({ description: 'image/png, image/jpeg or image/svg+xml' }),
          version: z.string(),
        })
        .optional()
        .openapi({ description: 'The uploaded logo; absent: the portal shows the school’s initials' }),
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

/** A problem answer with its own description. */
const problem = (description: string) => ({
  description,
  content: { [problemContentType]: { schema: ProblemSchema } },
});

export const uploadLogo = createRoute({
  method: 'put',
  path: '/api/v1/school/logo',
  tags: ['School'],
  summary: 'Upload the school’s logo (owner/admin): PNG, JPEG or SVG',
  description: `multipart/form-data with the image in the field \`file\`. PNG and JPEG up to ${LOGO_MAX_BYTES / 1024 / 1024} MB are turned upright, stripped of metadata and shrunk to fit ${LOGO_MAX_SIDE}×${LOGO_MAX_SIDE}; SVG up to ${LOGO_SVG_MAX_BYTES / 1024} KB is sanitised (no scripts, event handlers, external references, foreignObject or style sheets). The type is read from the bytes. Replaces the previous logo.`,
  security: sessionSecurity,
  middleware: [requireSession] as const,
  request: {
    body: multipartFileBody,
  },
  responses: {
    200: jsonContent(SchoolSchema, 'The school, with its new logo'),
    ...problemResponses(400, 401, 403, 413, 415),
    422: problem('The file is empty, damaged, or an SVG with no drawing left once sanitised'),
  },
});

export const deleteLogo = createRoute({
  method: 'delete',
  path: '/api/v1/school/logo',
  tags: ['School'],
  summary: 'Remove the school’s logo (owner/admin): the portal shows its initials again',
  security: sessionSecurity,
  middleware: [requireSession] as const,
  responses: { 204: { description: 'Removed (or there was none)' }, ...problemResponses(401, 403) },
});

export const getLogo = createRoute({
  method: 'get',
  path: '/api/v1/school/logo',
  tags: ['School'],
  summary: 'The school’s logo image; public (it is on the sign-in page), no sign-in',
  description:
    'Served with its stored type, `X-Content-Type-Options: nosniff`, a Content-Security-Policy that runs nothing (an SVG opened directly cannot script), an ETag, and caching: a year (immutable) when `v` names the current version, else five minutes.',
  request: { query: z.object({ v: z.string().max(64).optional() }) },
  responses: {
    200: {
      description: 'The logo',
      content: { 'image/png': binaryContent, 'image/jpeg': binaryContent, 'image/svg+xml': binaryContent },
    },
    304: { description: 'Not modified (If-None-Match)' },
    ...problemResponses(400, 404),
  },
});

const OnboardingSchema = z
  .object({
    steps: z.array(
      z.object({
        id: z.enum(ONBOARDING_STEPS.map((s) => s.id) as [string, ...string[]]),
        done: z.boolean(),
        path: z.string().openapi({ description: 'The portal page where the step is done' }),
      }),
    ),
    done: z.number().int(),
    total: z.number().int(),
    complete: z.boolean(),
    dismissedAt: z.string().nullable(),
  })
  .openapi('Onboarding');

export const getOnboarding = createRoute({
  method: 'get',
  path: '/api/v1/school/onboarding',
  tags: ['School'],
  summary:
    'The setup checklist (owner/admin): branding, an instructor with hours, priced lesson types, locations, payments, students — each derived from the school’s real data',
  security: sessionSecurity,
  middleware: [requireSession] as const,
  responses: { 200: jsonContent(OnboardingSchema, 'The checklist'), ...problemResponses(401, 403) },
});

export const dismissOnboarding = createRoute({
  method: 'post',
  path: '/api/v1/school/onboarding/dismiss',
  tags: ['School'],
  summary: 'Put the completed setup checklist away (owner/admin); refused while a step is open',
  security: sessionSecurity,
  middleware: [requireSession] as const,
  responses: {
    200: jsonContent(OnboardingSchema, 'The checklist, put away'),
    ...problemResponses(401, 403, 409),
  },
});
