import type { Actor, Tx } from '@dualcontrol/db';
import { type AppEnv, requestTx, requireTenant, requireUser } from '@dualcontrol/platform';
import type { Context } from 'hono';
import { type Viewer, viewerFrom } from './services/viewer.ts';
import { readPolicies, type SchedulingPolicies } from './settings.ts';

export type SchedulingContext = {
  tenantId: string;
  tenantTimezone: string;
  currency: string;
  actor: Actor;
  viewer: Viewer;
  policies: SchedulingPolicies;
  /** A payment collector (the payments module) is on: only then is prepayment asked. */
  paymentsEnabled: boolean;
  now: Date;
};

/**
 * Runs `fn` in the request's transaction with what every scheduling handler needs: the caller as
 * a viewer (staff / own instructor / own student) and the school's policies — both already read
 * by the request's first statement, so this costs no query.
 */
export async function withScheduling<T>(
  c: Context<AppEnv>,
  fn: (tx: Tx, ctx: SchedulingContext) => Promise<T>,
): Promise<T> {
  const tenant = requireTenant(c);
  const user = requireUser(c);
  return fn(requestTx(c), {
    tenantId: tenant.id,
    tenantTimezone: tenant.timezone,
    currency: tenant.currency,
    actor: { kind: 'user', id: user.id },
    viewer: viewerFrom(user, c.get('deps').registry),
    policies: readPolicies({ ...tenant.policies, ...tenant.moduleSettings.scheduling }),
    paymentsEnabled: tenant.modules.includes('payments'),
    now: new Date(),
  });
}
