import type { Tx } from '@dualcontrol/db';
import {
  type AppEnv,
  type Permission,
  requestTx,
  requirePermission,
  requireTenant,
} from '@dualcontrol/platform';
import type { Context } from 'hono';
import type { CrmContext } from './services/crm-context.ts';

/**
 * Runs `fn` in the request's transaction as a staff member holding `permission` (401 signed out,
 * 403 for anyone else: students and instructors hold no crm permission).
 */
export function withCrm<T>(
  c: Context<AppEnv>,
  permission: Permission,
  fn: (tx: Tx, ctx: CrmContext) => Promise<T>,
): Promise<T> {
  const user = requirePermission(c, permission);
  const tenant = requireTenant(c);
  return fn(requestTx(c), {
    tenantId: tenant.id,
    userId: user.id,
    timezone: tenant.timezone,
    now: new Date(),
  });
}
