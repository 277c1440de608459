import { tenants } from '@dualcontrol/db';
import {
  type AppEnv,
  createRouter,
  requirePermission,
  requireTenant,
  updateSchool as updateSchoolProfile,
} from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import * as routes from './school.routes.ts';

// On unless the school turned it off (the same rule sign-up itself applies).
const selfSignupOn = (policies: Record<string, unknown>) => policies.selfSignup !== false;

/** What a portal needs to dress itself in a school's colours before anyone signs in. */
const getSchool: RouteHandler<typeof routes.getSchool, AppEnv> = async (c) => {
  const tenant = requireTenant(c);
  const [row] = await c
    .get('deps')
    .platformDb.db.select({ branding: tenants.branding, policies: tenants.policies })
    .from(tenants)
    .where(eq(tenants.id, tenant.id));
  return c.json(
    {
      slug: tenant.slug,
      name: tenant.name,
      timezone: tenant.timezone,
      currency: tenant.currency,
      locale: tenant.locale,
      branding: row?.branding ?? {},
      modules: tenant.modules,
      selfSignup: selfSignupOn(row?.policies ?? {}),
    },
    200,
  );
};

/** Owners and admins restyle their school (or open/close online sign-up); the tenant cache is cleared so every page shows it at once. */
const updateSchool: RouteHandler<typeof routes.updateSchool, AppEnv> = async (c) => {
  const user = requirePermission(c, 'tenant:manage');
  const tenant = requireTenant(c);
  const row = await updateSchoolProfile(
    c.get('deps').platformDb,
    { kind: 'user', id: user.id },
    tenant.id,
    c.req.valid('json'),
  );
  return c.json(
    {
      slug: row.slug,
      name: row.name,
      timezone: row.timezone,
      currency: row.currency,
      locale: row.locale,
      branding: row.branding,
      modules: tenant.modules,
      selfSignup: selfSignupOn(row.policies),
    },
    200,
  );
};

export const schoolRouter = createRouter()
  .openapi(routes.getSchool, getSchool)
  .openapi(routes.updateSchool, updateSchool);
