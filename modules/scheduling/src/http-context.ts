import type { Actor, Tx } from '@dualcontrol/db';
import { type AppEnv, requireTenant, requireUser } from '@dualcontrol/platform';
import type { Context } from 'hono';
import { loadPolicies } from './services/load-policies.ts';
import { type Viewer, viewerOf } from './services/viewer.ts';
import type { SchedulingPolicies } from './settings.ts';

export type SchedulingContext = {
  tenantId: string;
  tenantTimezone: string;
  currency: string;
  actor: Actor;
  viewer: Viewer;
  policies: SchedulingPolicies;
  now: Date;
};

/**
 * Runs `fn` in one tenant transaction with what every scheduling handler needs: the caller as a
 * viewer (staff / own instructor / own student) and the school's policies.
 */
export async function withScheduling<T>(
  c: Context<AppEnv>,
  fn: (tx: Tx, ctx: SchedulingContext) => Promise<T>,
): Promise<T> {
  const tenant = requireTenant(c);
  const user = requireUser(c);
  const actor: Actor = { kind: 'user', id: user.id };
  return c.get('deps').db.withTenant(tenant.id, actor, async (tx) => {
    const [viewer, policies] = await Promise.all([
      viewerOf(tx, tenant.id, user, c.get('deps').registry),
      loadPolicies(tx, tenant.id),
    ]);
    return fn(tx, {
      tenantId: tenant.id,
      tenantTimezone: tenant.timezone,
      currency: tenant.currency,
      actor,
      viewer,
      policies,
      now: new Date(),
    });
  });
}
