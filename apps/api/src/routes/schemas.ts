import { MODULE_IDS } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';

/** Response shapes shared by several resources. */
export const TenantSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    slug: z.string(),
    name: z.string(),
    timezone: z.string(),
    currency: z.string(),
    locale: z.string(),
    status: z.enum(['active', 'suspended']),
    modules: z.array(z.enum(MODULE_IDS)),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Tenant');

export const UserSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    email: z.string(),
    name: z.string(),
    roles: z.array(z.enum(['owner', 'admin', 'instructor', 'student', 'guardian'])),
  })
  .openapi('User');

export const PersonSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    userId: z.string().openapi({ format: 'uuid' }),
    name: z.string(),
    email: z.string(),
  })
  .openapi('Person');

export const CredentialsSchema = z
  .strictObject({
    email: z.email('not an email address').max(254),
    password: z.string().min(1, 'required').max(200),
  })
  .openapi('Credentials');
