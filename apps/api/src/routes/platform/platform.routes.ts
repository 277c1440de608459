import {
  BODY_PROBLEMS,
  CurrencySchema,
  EmailSchema,
  jsonBody,
  jsonContent,
  LocaleSchema,
  MODULE_IDS,
  NameSchema,
  PageQuerySchema,
  PasswordSchema,
  page,
  problemResponses,
  SlugSchema,
  sessionSecurity,
  TimezoneSchema,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { CredentialsSchema, TenantSchema } from '../schemas.ts';

const tags = ['Platform'];

export const TokenSchema = z.object({ token: z.string() }).openapi('Token');

export const login = createRoute({
  method: 'post',
  path: '/api/v1/platform/login',
  tags,
  summary: 'Operator sign-in',
  request: { body: jsonBody(CredentialsSchema) },
  responses: {
    200: jsonContent(TokenSchema, 'Signed in; the token is also set as a cookie'),
    ...problemResponses(...BODY_PROBLEMS, 401, 429),
  },
});

export const logout = createRoute({
  method: 'post',
  path: '/api/v1/platform/logout',
  tags,
  summary: 'Operator sign-out: the token stops working at once',
  security: sessionSecurity,
  responses: { 204: { description: 'Signed out' }, ...problemResponses(401) },
});

export const CreateTenantSchema = z
  .strictObject({
    slug: SlugSchema,
    name: NameSchema,
    timezone: TimezoneSchema,
    currency: CurrencySchema,
    locale: LocaleSchema.optional(),
    modules: z.array(z.enum(MODULE_IDS)).optional().openapi({ description: 'Enabled modules; omitted: all' }),
    owner: z.strictObject({ email: EmailSchema, name: NameSchema, password: PasswordSchema }),
  })
  .openapi('CreateTenant');

export const createTenant = createRoute({
  method: 'post',
  path: '/api/v1/platform/tenants',
  tags,
  summary: 'Create a school with its owner',
  security: sessionSecurity,
  request: { body: jsonBody(CreateTenantSchema) },
  responses: {
    201: jsonContent(TenantSchema, 'Created'),
    ...problemResponses(...BODY_PROBLEMS, 401, 409),
  },
});

export const listTenants = createRoute({
  method: 'get',
  path: '/api/v1/platform/tenants',
  tags,
  summary: 'List schools',
  security: sessionSecurity,
  request: { query: PageQuerySchema.extend({ q: z.string().max(100).optional() }) },
  responses: {
    200: jsonContent(page(TenantSchema, 'TenantPage'), 'A page of schools'),
    ...problemResponses(400, 401),
  },
});

export const setModule = createRoute({
  method: 'put',
  path: '/api/v1/platform/tenants/{slug}/modules/{module}',
  tags,
  summary: 'Enable or disable a module for a school',
  security: sessionSecurity,
  request: {
    params: z.strictObject({ slug: z.string().max(63), module: z.string().max(63) }),
    body: jsonBody(z.strictObject({ enabled: z.boolean() }).openapi('ModuleToggle')),
  },
  responses: {
    200: jsonContent(TenantSchema, 'The school with its modules'),
    ...problemResponses(...BODY_PROBLEMS, 401, 404, 409),
  },
});

const SlugParams = z.strictObject({ slug: z.string().max(63) });

export const setStatus = createRoute({
  method: 'put',
  path: '/api/v1/platform/tenants/{slug}/status',
  tags,
  summary: 'Suspend a school (every request to it is refused) or let it back in',
  security: sessionSecurity,
  request: {
    params: SlugParams,
    body: jsonBody(z.strictObject({ status: z.enum(['active', 'suspended']) }).openapi('TenantStatus')),
  },
  responses: {
    200: jsonContent(TenantSchema, 'The school with its new status'),
    ...problemResponses(...BODY_PROBLEMS, 401, 404),
  },
});

const UsageFigureSchema = z.object({
  module: z.enum(MODULE_IDS),
  key: z.string().openapi({ example: 'scheduling.lessons_taught' }),
  value: z.number(),
  unit: z
    .enum(['count', 'minor'])
    .openapi({ description: 'minor: money in the school currency, minor units' }),
});

export const usage = createRoute({
  method: 'get',
  path: '/api/v1/platform/tenants/{slug}/usage',
  tags,
  summary: 'A school’s basic usage over the last `days` days (default 30)',
  security: sessionSecurity,
  request: {
    params: SlugParams,
    query: z.strictObject({ days: z.coerce.number().int().min(1).max(366).default(30) }),
  },
  responses: {
    200: jsonContent(
      z
        .object({
          slug: z.string(),
          status: z.enum(['active', 'suspended']),
          currency: z.string(),
          since: z.string().openapi({ format: 'date-time' }),
          until: z.string().openapi({ format: 'date-time' }),
          people: z.object({ students: z.number(), instructors: z.number(), staff: z.number() }),
          activeUsers: z.number().openapi({ description: 'People who signed in during the window' }),
          figures: z.array(UsageFigureSchema),
        })
        .openapi('TenantUsage'),
      'Usage figures',
    ),
    ...problemResponses(400, 401, 404),
  },
});

export const platformUsage = createRoute({
  method: 'get',
  path: '/api/v1/platform/usage',
  tags,
  summary:
    'Usage across every school over the last `days` days: counts per school and in total, no personal data',
  security: sessionSecurity,
  request: { query: z.strictObject({ days: z.coerce.number().int().min(1).max(366).default(30) }) },
  responses: {
    200: jsonContent(
      z
        .object({
          since: z.string().openapi({ format: 'date-time' }),
          until: z.string().openapi({ format: 'date-time' }),
          schools: z.array(
            z.object({
              slug: z.string(),
              status: z.enum(['active', 'suspended']),
              currency: z.string(),
              people: z.object({ students: z.number(), instructors: z.number(), staff: z.number() }),
              activeUsers: z.number(),
              figures: z.array(UsageFigureSchema),
            }),
          ),
          totals: z.array(
            UsageFigureSchema.extend({
              currency: z.string().nullable().openapi({ description: 'For money: summed per currency' }),
            }),
          ),
        })
        .openapi('PlatformUsage'),
      'Usage of every school',
    ),
    ...problemResponses(400, 401),
  },
});

export const setApplicationFee = createRoute({
  method: 'put',
  path: '/api/v1/platform/tenants/{slug}/payments/application-fee',
  tags,
  summary: 'Set the platform’s cut of a Stripe Connect school’s card payments (basis points)',
  security: sessionSecurity,
  request: {
    params: z.strictObject({ slug: z.string().max(63) }),
    body: jsonBody(
      z.strictObject({ applicationFeeBps: z.number().int().min(0).max(5000) }).openapi('ApplicationFee'),
    ),
  },
  responses: {
    200: jsonContent(
      z.object({ slug: z.string(), applicationFeeBps: z.number().int() }).openapi('ApplicationFeeSet'),
      'The fee in force',
    ),
    ...problemResponses(...BODY_PROBLEMS, 401, 404, 409),
  },
});

export const mailbox = createRoute({
  method: 'get',
  path: '/api/v1/platform/mailbox',
  tags,
  summary: 'Development only: the mail the platform would have sent (no SMTP configured)',
  security: sessionSecurity,
  responses: {
    200: jsonContent(
      z
        .object({
          data: z.array(
            z.object({
              id: z.number(),
              at: z.string(),
              to: z.string(),
              subject: z.string(),
              text: z.string(),
              tenant: z.string().optional(),
            }),
          ),
        })
        .openapi('Mailbox'),
      'Newest first',
    ),
    ...problemResponses(401, 404),
  },
});

export const outboxHealth = createRoute({
  method: 'get',
  path: '/api/v1/platform/outbox',
  tags,
  summary: 'The outbox backlog and its dead letters (events that failed every attempt), newest first',
  security: sessionSecurity,
  responses: {
    200: jsonContent(
      z
        .object({
          pending: z.object({
            count: z.number().int(),
            oldestAgeSeconds: z
              .number()
              .int()
              .openapi({ description: 'Age of the oldest undelivered event' }),
          }),
          dead: z.array(
            z.object({
              id: z.uuid(),
              tenant: z.string().openapi({ description: 'The school’s slug' }),
              type: z.string(),
              attempts: z.number().int(),
              lastError: z.string().nullable(),
              createdAt: z.string().openapi({ format: 'date-time' }),
              deadAt: z.string().openapi({ format: 'date-time' }),
            }),
          ),
        })
        .openapi('OutboxHealth'),
      'Backlog and dead letters (payloads are never shown: they may name people)',
    ),
    ...problemResponses(401),
  },
});

export const retryDeadLetter = createRoute({
  method: 'post',
  path: '/api/v1/platform/outbox/{id}/retry',
  tags,
  summary: 'Send a dead-lettered event round again, once the fault that killed it is fixed',
  security: sessionSecurity,
  request: { params: z.strictObject({ id: z.uuid() }) },
  responses: {
    204: { description: 'Queued for delivery with fresh attempts' },
    ...problemResponses(400, 401, 404),
  },
});
