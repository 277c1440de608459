import type { Context } from 'hono';
import type { AuthenticatedUser } from '../auth/user-sessions.ts';
import { AppError, forbidden, unauthorized } from '../errors/app-error.ts';
import type { AuthenticatedOperator } from '../operators/operator-sessions.ts';
import { anyFormOf, type Permission } from '../rbac/permissions.ts';
import type { ResolvedTenant } from '../tenancy/resolve-tenant.ts';
import type { AppEnv } from './context.ts';

type C = Context<AppEnv>;

export function requireTenant(c: C): ResolvedTenant {
  const tenant = c.get('tenant');
  if (!tenant) {
    throw new AppError('tenant.missing', {
      status: 400,
      title: 'Bad request',
      detail: 'Name the school: use its own address (<school>.<domain>) or the X-Tenant header.',
    });
  }
  return tenant;
}

export function requireUser(c: C): AuthenticatedUser {
  requireTenant(c);
  const user = c.get('user');
  if (!user) throw unauthorized();
  return user;
}

/** Whether the user's roles hold `permission` (an `:own` one is also held through its `:any` form). */
export function hasPermission(c: C, user: AuthenticatedUser, permission: Permission): boolean {
  const held = c.get('deps').registry.permissionsOf(user.roles);
  const wider = anyFormOf(permission);
  return held.has(permission) || (wider !== undefined && held.has(wider));
}

/** The signed-in user, who must hold `permission`; 401 / 403 problems otherwise. */
export function requirePermission(c: C, permission: Permission): AuthenticatedUser {
  const user = requireUser(c);
  if (!hasPermission(c, user, permission)) throw forbidden();
  return user;
}

/** The signed-in user, who must hold at least one of `permissions`. */
export function requireAnyPermission(c: C, ...permissions: Permission[]): AuthenticatedUser {
  const user = requireUser(c);
  if (!permissions.some((p) => hasPermission(c, user, p))) throw forbidden();
  return user;
}

export function requireOperator(c: C): AuthenticatedOperator {
  const operator = c.get('operator');
  if (!operator) throw unauthorized('Sign in as a platform operator to continue.');
  return operator;
}
