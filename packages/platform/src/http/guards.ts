import type { Context } from 'hono';
import type { AuthenticatedUser } from '../auth/user-sessions.ts';
import { AppError, forbidden, unauthorized } from '../errors/app-error.ts';
import type { AuthenticatedOperator } from '../operators/operator-sessions.ts';
import { CORE_ROLE_PERMISSIONS, type Permission } from '../rbac/permissions.ts';
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

export function hasPermission(c: C, user: AuthenticatedUser, permission: Permission): boolean {
  if (user.roles.some((role) => (CORE_ROLE_PERMISSIONS[role] as readonly string[]).includes(permission)))
    return true;
  return c.get('deps').registry.permissionsOf(user.roles).has(permission);
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
