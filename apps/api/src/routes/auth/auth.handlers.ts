import {
  changePassword as changePasswordService,
  loginUser,
  publicUser,
  readPreferences,
  renameUser,
  requestPasswordReset as requestPasswordResetService,
  requireTenant,
  requireUser,
  resetPassword as resetPasswordService,
  revokeUserSession,
  savePreferences as savePreferencesService,
  setSessionCookie,
  signupStudent,
  USER_SESSION_COOKIE,
  userProfiles,
  verifyEmail as verifyEmailService,
} from '@dualcontrol/platform';
import { deleteCookie } from 'hono/cookie';
import type { AppRouteHandler as Handler } from '../handler.ts';
import type * as routes from './auth.routes.ts';

export const login: Handler<typeof routes.login> = async (c) => {
  const tenant = requireTenant(c);
  const { db, throttle } = c.get('deps');
  const input = c.req.valid('json');
  const userAgent = c.req.header('user-agent');
  const session = await loginUser({ db, throttle }, tenant, {
    ...input,
    ip: c.get('clientIp'),
    ...(userAgent ? { userAgent } : {}),
  });
  setSessionCookie(c, USER_SESSION_COOKIE, session.token, session.expiresAt);
  return c.json({ token: session.token, user: session.user }, 200);
};

export const me: Handler<typeof routes.me> = async (c) => {
  const user = requireUser(c);
  const tenantId = requireTenant(c).id;
  const { profiles, preferences } = await c
    .get('deps')
    .db.withTenant(tenantId, { kind: 'user', id: user.id }, async (tx) => ({
      profiles: await userProfiles(tx, tenantId, user.id),
      preferences: await readPreferences(tx, tenantId, user.id),
    }));
  const permissions = [...c.get('deps').registry.permissionsOf(user.roles)].sort();
  return c.json({ user: publicUser(user), ...profiles, preferences, permissions }, 200);
};

export const renameMe: Handler<typeof routes.renameMe> = async (c) => {
  const user = requireUser(c);
  const renamed = await renameUser(c.get('deps').db, requireTenant(c).id, user, c.req.valid('json').name);
  return c.json({ user: renamed }, 200);
};

export const savePreferences: Handler<typeof routes.savePreferences> = async (c) => {
  const user = requireUser(c);
  const preferences = await savePreferencesService(
    c.get('deps').db,
    requireTenant(c).id,
    user,
    c.req.valid('json'),
  );
  return c.json({ preferences }, 200);
};

export const logout: Handler<typeof routes.logout> = async (c) => {
  const user = requireUser(c);
  const tenant = requireTenant(c);
  await c
    .get('deps')
    .db.withTenant(tenant.id, { kind: 'user', id: user.id }, (tx) =>
      revokeUserSession(tx, tenant.id, user.sessionId),
    );
  deleteCookie(c, USER_SESSION_COOKIE, { path: '/' });
  return c.body(null, 204);
};

export const changePassword: Handler<typeof routes.changePassword> = async (c) => {
  const user = requireUser(c);
  await changePasswordService(c.get('deps').db, requireTenant(c).id, user, c.req.valid('json'));
  return c.body(null, 204);
};

export const signup: Handler<typeof routes.signup> = async (c) => {
  const tenant = requireTenant(c);
  const deps = c.get('deps');
  const body = c.req.valid('json');
  await signupStudent({ ...deps, appDomain: deps.env.APP_DOMAIN }, tenant, body);
  const userAgent = c.req.header('user-agent');
  const session = await loginUser(deps, tenant, {
    email: body.email,
    password: body.password,
    ip: c.get('clientIp'),
    ...(userAgent ? { userAgent } : {}),
  });
  setSessionCookie(c, USER_SESSION_COOKIE, session.token, session.expiresAt);
  return c.json({ token: session.token, user: session.user }, 201);
};

export const verifyEmail: Handler<typeof routes.verifyEmail> = async (c) => {
  const deps = c.get('deps');
  await verifyEmailService(deps.db, deps.verificationSecret, requireTenant(c).id, c.req.valid('json').token);
  return c.json({ verified: true as const }, 200);
};

export const requestPasswordReset: Handler<typeof routes.requestPasswordReset> = async (c) => {
  const deps = c.get('deps');
  await requestPasswordResetService(
    { ...deps, appDomain: deps.env.APP_DOMAIN },
    requireTenant(c),
    c.req.valid('json'),
  );
  return c.json({ sent: true as const }, 202);
};

export const resetPassword: Handler<typeof routes.resetPassword> = async (c) => {
  await resetPasswordService(c.get('deps'), requireTenant(c).id, c.req.valid('json'));
  return c.body(null, 204);
};
