import { tenants } from '@dualcontrol/db';
import { type AppEnv, createRouter, requireTenant } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import * as routes from './school.routes.ts';

/** What a portal needs to dress itself in a school's colours before anyone signs in. */
const getSchool: RouteHandler<typeof routes.getSchool, AppEnv> = async (c) => {
  const tenant = requireTenant(c);
  const [row] = await c
    .get('deps')
    .platformDb.db.select({ branding: tenants.branding })
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
    },
    200,
  );
};

export const schoolRouter = createRouter().openapi(routes.getSchool, getSchool);
