import { tenants } from '@dualcontrol/db';
import {
  type AppEnv,
  createRouter,
  requirePermission,
  requireSession,
  requireTenant,
  updateSchool as updateSchoolProfile,
} from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import * as routes from './school.routes.ts';
import {
  deleteLogo,
  getLogo,
  LOGO_UPLOAD,
  logoBodyLimit,
  requireLogoManager,
  uploadLogo,
} from './school-logo.handlers.ts';
import { dismissOnboarding, getOnboarding } from './school-onboarding.handlers.ts';
import { schoolView } from './school-view.ts';

/** Upload operations of this router: the app exempts them from its JSON-only rule and body limit. */
export const SCHOOL_UPLOADS = [LOGO_UPLOAD];

/** What a portal needs to dress itself in a school's colours before anyone signs in. */
const getSchool: RouteHandler<typeof routes.getSchool, AppEnv> = async (c) => {
  const tenant = requireTenant(c);
  const [row] = await c.get('deps').platformDb.db.select().from(tenants).where(eq(tenants.id, tenant.id));
  return c.json(schoolView(row!, tenant.modules), 200);
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
  return c.json(schoolView(row, tenant.modules), 200);
};

export const schoolRouter = createRouter()
  .openapi(routes.getSchool, getSchool)
  .openapi(routes.updateSchool, updateSchool)
  .openapi(routes.getLogo, getLogo)
  .openapi(
    { ...routes.uploadLogo, middleware: [requireSession, requireLogoManager, logoBodyLimit] },
    uploadLogo,
  )
  .openapi(routes.deleteLogo, deleteLogo)
  .openapi(routes.getOnboarding, getOnboarding)
  .openapi(routes.dismissOnboarding, dismissOnboarding);
