import {
  BODY_PROBLEMS,
  jsonBody,
  jsonContent,
  LocaleSchema,
  PasswordSchema,
  PORTAL_LOCALES,
  problemResponses,
  requireSession,
  sessionSecurity,
  TimezoneSchema,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { CredentialsSchema, UserSchema } from '../schemas.ts';

const tags = ['Auth'];

const isPortalLocale = (tag: string) => (PORTAL_LOCALES as readonly string[]).includes(tag);

/** A language the portal speaks; any spelling of the tag is stored in its canonical form. */
const PreferredLocaleSchema = LocaleSchema.transform((tag) => Intl.getCanonicalLocales(tag)[0] ?? tag)
  .refine(isPortalLocale, `not a language the portal speaks (supported: ${PORTAL_LOCALES.join(', ')})`)
  .openapi({ description: `One of ${PORTAL_LOCALES.join(', ')}`, example: 'en-US' });

/** null means "use the school's". */
const PreferencesSchema = z
  .object({ locale: z.string().nullable(), timezone: z.string().nullable() })
  .openapi('Preferences');

export const login = createRoute({
  method: 'post',
  path: '/api/v1/auth/login',
  tags,
  summary: 'Sign in at a school (a token works only at the school that issued it)',
  request: { body: jsonBody(CredentialsSchema) },
  responses: {
    200: jsonContent(
      z.object({ token: z.string(), user: UserSchema }).openapi('Session'),
      'Signed in; the session cookie is set too',
    ),
    ...problemResponses(...BODY_PROBLEMS, 401, 404, 429),
  },
});

export const me = createRoute({
  method: 'get',
  path: '/api/v1/auth/me',
  tags,
  summary: 'The signed-in user',
  security: sessionSecurity,
  middleware: [requireSession] as const,
  responses: {
    200: jsonContent(
      z.object({
        user: UserSchema,
        /** The user's own records at the school, for clients that act as them (the portal). */
        studentId: z.string().nullable(),
        instructorId: z.string().nullable(),
        /** The user's own display choices; null means the school's. */
        preferences: PreferencesSchema,
        /** What the user's roles permit (the one role table), so clients never recompute it from roles. */
        permissions: z.array(z.string()).openapi({ example: ['scheduling:booking:read:own'] }),
      }),
      'The user',
    ),
    ...problemResponses(400, 401, 404),
  },
});

export const renameMe = createRoute({
  method: 'patch',
  path: '/api/v1/auth/me',
  tags,
  summary: 'Change the name the school knows the signed-in user by',
  security: sessionSecurity,
  middleware: [requireSession] as const,
  request: {
    body: jsonBody(
      z
        .strictObject({ name: z.string().trim().min(2, 'at least 2 characters').max(120) })
        .openapi('NameChange'),
    ),
  },
  responses: {
    200: jsonContent(z.object({ user: UserSchema }), 'The user with the new name'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
  },
});

export const savePreferences = createRoute({
  method: 'put',
  path: '/api/v1/auth/me/preferences',
  tags,
  summary: 'Set the signed-in user’s own language and time zone (null: use the school’s)',
  security: sessionSecurity,
  middleware: [requireSession] as const,
  request: {
    body: jsonBody(
      z
        .strictObject({
          locale: PreferredLocaleSchema.nullable(),
          timezone: TimezoneSchema.nullable(),
        })
        .openapi('PreferencesChange'),
    ),
  },
  responses: {
    200: jsonContent(z.object({ preferences: PreferencesSchema }), 'The saved preferences'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
  },
});

export const logout = createRoute({
  method: 'post',
  path: '/api/v1/auth/logout',
  tags,
  summary: 'Sign out: the token stops working at once',
  security: sessionSecurity,
  middleware: [requireSession] as const,
  responses: { 204: { description: 'Signed out' }, ...problemResponses(400, 401, 403, 404) },
});

export const changePassword = createRoute({
  method: 'post',
  path: '/api/v1/auth/password',
  tags,
  summary: 'Change the password; every other session of the user is signed out',
  security: sessionSecurity,
  middleware: [requireSession] as const,
  request: {
    body: jsonBody(
      z
        .strictObject({ currentPassword: z.string().min(1).max(200), newPassword: PasswordSchema })
        .openapi('PasswordChange'),
    ),
  },
  responses: { 204: { description: 'Changed' }, ...problemResponses(...BODY_PROBLEMS, 401, 403, 404) },
});

export const signup = createRoute({
  method: 'post',
  path: '/api/v1/auth/signup',
  tags,
  summary:
    'A student joins the school (when it allows self sign-up); signed in at once, a verification email is sent',
  request: {
    body: jsonBody(
      z
        .strictObject({
          name: z.string().trim().min(2).max(120),
          email: z.email('not an email address').max(254),
          password: z.string().min(10, 'at least 10 characters').max(200),
          /** The page the verification link opens (on this school's own host). */
          verifyUrl: z.url().max(500),
        })
        .openapi('Signup'),
    ),
  },
  responses: {
    201: jsonContent(z.object({ token: z.string(), user: UserSchema }), 'Signed up and signed in'),
    ...problemResponses(...BODY_PROBLEMS, 403, 404, 409, 429),
  },
});

export const verifyEmail = createRoute({
  method: 'post',
  path: '/api/v1/auth/verify-email',
  tags,
  summary: 'Confirm an email address with the token from the verification link',
  request: { body: jsonBody(z.strictObject({ token: z.string().min(10).max(2000) }).openapi('VerifyEmail')) },
  responses: {
    200: jsonContent(z.object({ verified: z.literal(true) }), 'Verified'),
    ...problemResponses(...BODY_PROBLEMS, 404),
  },
});

export const requestPasswordReset = createRoute({
  method: 'post',
  path: '/api/v1/auth/password-reset',
  tags,
  summary: 'Mail a one-hour password reset link (the same answer whether or not the address has an account)',
  request: {
    body: jsonBody(
      z
        .strictObject({ email: z.email('not an email address').max(254), resetUrl: z.url().max(500) })
        .openapi('PasswordResetRequest'),
    ),
  },
  responses: {
    202: jsonContent(z.object({ sent: z.literal(true) }), 'A link is on its way if the account exists'),
    ...problemResponses(...BODY_PROBLEMS, 404),
  },
});

export const resetPassword = createRoute({
  method: 'post',
  path: '/api/v1/auth/password-reset/confirm',
  tags,
  summary: 'Set a new password from a reset link; every session of the user ends',
  request: {
    body: jsonBody(
      z
        .strictObject({
          token: z.string().min(10).max(2000),
          password: z.string().min(10, 'at least 10 characters').max(200),
        })
        .openapi('PasswordReset'),
    ),
  },
  responses: { 204: { description: 'Password changed' }, ...problemResponses(...BODY_PROBLEMS, 404) },
});
