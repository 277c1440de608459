import { tenants } from '@dualcontrol/db';
import {
  type AppEnv,
  onboardingIncomplete,
  readOnboarding,
  requestTx,
  requirePermission,
  requireTenant,
} from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type * as routes from './school.routes.ts';

async function checklist(c: Context<AppEnv>) {
  const user = requirePermission(c, 'tenant:manage');
  const tenant = requireTenant(c);
  const { platformDb, registry } = c.get('deps');
  const [row] = await platformDb.db
    .select({ branding: tenants.branding, onboardingDismissedAt: tenants.onboardingDismissedAt })
    .from(tenants)
    .where(eq(tenants.id, tenant.id));
  // The modules' lookups run in the request's own transaction, under the school's RLS.
  const view = await readOnboarding(requestTx(c), registry, { modules: tenant.modules, ...row! });
  return { user, tenant, view };
}

export const getOnboarding: RouteHandler<typeof routes.getOnboarding, AppEnv> = async (c) =>
  c.json((await checklist(c)).view, 200);

export const dismissOnboarding: RouteHandler<typeof routes.dismissOnboarding, AppEnv> = async (c) => {
  const { user, tenant, view } = await checklist(c);
  if (!view.complete) throw onboardingIncomplete(view);
  if (view.dismissedAt) return c.json(view, 200);
  const [row] = await c
    .get('deps')
    .platformDb.withActor({ kind: 'user', id: user.id }, (tx) =>
      tx
        .update(tenants)
        .set({ onboardingDismissedAt: new Date() })
        .where(eq(tenants.id, tenant.id))
        .returning({ at: tenants.onboardingDismissedAt }),
    );
  return c.json({ ...view, dismissedAt: row!.at!.toISOString() }, 200);
};
