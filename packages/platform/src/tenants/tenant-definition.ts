import { ROLES } from '@dualcontrol/db';
import { z } from '@hono/zod-openapi';
import { PasswordSchema } from '../auth/passwords.ts';
import { MODULE_IDS } from '../modules/contract.ts';
import {
  ColorSchema,
  CurrencySchema,
  EmailSchema,
  LocaleSchema,
  NameSchema,
  SlugSchema,
  TimezoneSchema,
} from './tenant-fields.ts';

/** `tenants/<slug>/tenant.json` (its JSON Schema twin is tenants/tenant.schema.json). */
export const TenantDefinitionSchema = z.strictObject({
  $schema: z.string().optional(),
  slug: SlugSchema,
  name: NameSchema,
  timezone: TimezoneSchema,
  currency: CurrencySchema,
  locale: LocaleSchema,
  branding: z
    .strictObject({
      primaryColor: ColorSchema.optional(),
      accentColor: ColorSchema.optional(),
      logoUrl: z.string().max(500).optional(),
      /** A PNG, JPEG or SVG file in the tenant's folder, stored as its logo at start (applyTenantLogo). */
      logoFile: z
        .string()
        .regex(
          /^[A-Za-z0-9][A-Za-z0-9._-]*\.(svg|png|jpe?g)$/i,
          'a file name in this folder, e.g. "logo.svg"',
        )
        .optional(),
    })
    .default({}),
  modules: z.array(z.enum(MODULE_IDS)),
  policies: z.record(z.string(), z.unknown()).default({}),
  users: z
    .array(
      z.strictObject({
        email: EmailSchema,
        name: NameSchema,
        password: PasswordSchema,
        roles: z.array(z.enum(ROLES)).min(1),
      }),
    )
    .min(1),
});

export type TenantDefinition = z.infer<typeof TenantDefinitionSchema>;
