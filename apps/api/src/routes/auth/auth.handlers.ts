import {
  changePassword as changePasswordService,
  loginUser,
  publicUser,
  renameUser,
  requestDb,
  requestPasswordReset as requestPasswordResetService,
  requireTenant,
  requireUser,
  resetPassword as resetPasswordService,
  revokeUserSession,
  savePreferences as savePreferencesService,
  setSessionCookie,
  signupStudent,
  USER_SESSION_COOKIE,
  verifyEmail as verifyEmailService,
} from '@dualcontrol/platform';
import { deleteCookie } from 'hono/cookie';
import type { AppRouteHandler as Handler } from '../handler.ts';
import type * as routes from './auth.routes.ts';

export const login: Handler<typeof routes.login> = async (c) => {
  const tenant = requireTenant(c);
  const { throttle } = c.get('deps');
  const input = c.req.valid('json');
  const userAgent = c.req.header('user-agent');
  const session = await loginUser({ db: requestDb(c), throttle }, tenant, {
    ...input,
    ip: c.get('clientIp'),
    ...(userAgent ? { userAgent } : {}),
  });
  setSessionCookie(c, USER_SESSION_COOKIE, session.token, session.expiresAt);
  return c.json({ token: session.token, user: session.user }, 200);
};

export const me: Handler<typeof routes.me> = async (c) => {
  // The session check already read the profiles and preferences: no query here.
  const user = requireUser(c);
  const { instructorId, studentId, preferences } = user;
  const permissions = [...c.get('deps').registry.permissionsOf(user.roles)].sort();
  return c.json({ user: publicUser(user), instructorId, studentId, preferences, permissions }, 200);
};

export const renameMe: Handler<typeof routes.renameMe> = async (c) => {
  const user = requireUser(c);
  const renamed = await renameUser(requestDb(c), requireTenant(c).id, user, c.req.valid('json').name);
  return c.json({ user: renamed }, 200);
};

export const savePreferences: Handler<typeof routes.savePreferences> = async (c) => {
  const user = requireUser(c);
  const preferences = await savePreferencesService(
    requestDb(c),
    requireTenant(c).id,
    user,
    c.req.valid('json'),
  );
  return c.json({ preferences }, 200);
};

export const logout: Handler<typeof routes.logout> = async (c) => {
  const user = requireUser(c);
  const tenant = requireTenant(c);
  await requestDb(c).withTenant(tenant.id, { kind: 'user', id: user.id }, (tx) =>
    revokeUserSession(tx, tenant.id, user.sessionId),
  );
  deleteCookie(c, USER_SESSION_COOKIE, { path: '/' });
  return c.body(null, 204);
};

export const changePassword: Handler<typeof routes.changePassword> = async (c) => {
  const user = requireUser(c);
  await changePasswordService(requestDb(c), requireTenant(c).id, user, c.req.valid('json'));
  return c.body(null, 204);
};

export const signup: Handler<typeof routes.signup> = async (c) => {
  const tenant = requireTenant(c);
  const deps = c.get('deps');
  const body = c.req.valid('json');
  const db = requestDb(c);
  await signupStudent({ ...deps, db, appDomain: deps.env.APP_DOMAIN }, tenant, body);
  const userAgent = c.req.header('user-agent');
  const session = await loginUser({ ...deps, db }, tenant, {
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
  await verifyEmailService(
    requestDb(c),
    deps.verificationSecret,
    requireTenant(c).id,
    c.req.valid('json').token,
  );
  return c.json({ verified: true as const }, 200);
};

export const requestPasswordReset: Handler<typeof routes.requestPasswordReset> = async (c) => {
  const deps = c.get('deps');
  await requestPasswordResetService(
    { ...deps, db: requestDb(c), appDomain: deps.env.APP_DOMAIN },
    requireTenant(c),
    c.req.valid('json'),
  );
  return c.json({ sent: true as const }, 202);
};

export const resetPassword: Handler<typeof routes.resetPassword> = async (c) => {
  await resetPasswordService(
    { ...c.get('deps'), db: requestDb(c) },
    requireTenant(c).id,
    c.req.valid('json'),
  );
  return c.body(null, 204);
};
