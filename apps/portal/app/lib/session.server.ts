import { createCookieSessionStorage, redirect, type Session } from '@remix-run/node';
import type { PortalConfig } from './portal-config.ts';

export type SessionData = {
  token: string;
  name: string;
  roles: string[];
  /** What the API said this person may do (GET /api/v1/auth/me). */
  permissions: string[];
  studentId: string | null;
  instructorId: string | null;
  /** The person's own language and time zone; null: the school's. */
  locale: string | null;
  zone: string | null;
};

/** What `GET /api/v1/auth/me` says about the person a new session is for. */
export type MeAnswer = {
  studentId: string | null;
  instructorId: string | null;
  preferences: { locale: string | null; timezone: string | null };
  permissions: string[];
};

const storages = new Map<string, ReturnType<typeof createCookieSessionStorage<SessionData>>>();

/**
 * The signed-in person's API token in an HttpOnly cookie. The cookie is host-only, so a session
 * at one school's subdomain is never sent to another's. Named `dc_portal`, not the API's
 * `dc_session` (part of its public contract): on a host serving both, two cookies of one name
 * would reach each side and each could read the other's (a browser sends the older first).
 */
export function sessionStorage(config: PortalConfig) {
  let storage = storages.get(config.sessionSecret);
  if (!storage) {
    storage = createCookieSessionStorage<SessionData>({
      cookie: {
        name: 'dc_portal',
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: config.secureCookies,
        secrets: [config.sessionSecret],
        maxAge: 60 * 60 * 24 * 30,
      },
    });
    storages.set(config.sessionSecret, storage);
  }
  return storage;
}

/** A new session cookie for someone who just signed in (or signed up): their token and who they are. */
export async function startSession(
  config: PortalConfig,
  token: string,
  user: { name: string; roles: string[] },
  me: MeAnswer,
): Promise<string> {
  const storage = sessionStorage(config);
  const session = await storage.getSession();
  session.set('token', token);
  session.set('name', user.name);
  session.set('roles', user.roles);
  session.set('permissions', me.permissions);
  session.set('studentId', me.studentId);
  session.set('instructorId', me.instructorId);
  session.set('locale', me.preferences.locale);
  session.set('zone', me.preferences.timezone);
  return storage.commitSession(session);
}

/** The session cookie again with some of it changed (e.g. a new name), for a redirect to set. */
export async function changedSession(
  request: Request,
  config: PortalConfig,
  changes: Partial<SessionData>,
): Promise<string> {
  const session = await readSession(request, config);
  for (const [key, value] of Object.entries(changes) as [keyof SessionData, never][]) session.set(key, value);
  return sessionStorage(config).commitSession(session);
}

export async function readSession(request: Request, config: PortalConfig): Promise<Session<SessionData>> {
  return sessionStorage(config).getSession(request.headers.get('cookie'));
}

/** The signed-in person, or a redirect to sign in (coming back here afterwards). */
export async function requireSignedIn(request: Request, config: PortalConfig): Promise<SessionData> {
  const session = await readSession(request, config);
  const token = session.get('token');
  const permissions = session.get('permissions');
  // A cookie from before permissions were kept: sign in again (and come back) rather than be
  // refused pages the API would allow.
  if (!token || !permissions) {
    const url = new URL(request.url);
    throw redirect(`/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return {
    token,
    name: session.get('name') ?? '',
    roles: session.get('roles') ?? [],
    permissions,
    studentId: session.get('studentId') ?? null,
    instructorId: session.get('instructorId') ?? null,
    locale: session.get('locale') ?? null,
    zone: session.get('zone') ?? null,
  };
}

export type OperatorData = { token: string; email: string };

const operatorStorages = new Map<string, ReturnType<typeof createCookieSessionStorage<OperatorData>>>();

/** The platform operator's session, on the platform's own host only (never a school's). */
export function operatorStorage(config: PortalConfig) {
  let storage = operatorStorages.get(config.sessionSecret);
  if (!storage) {
    storage = createCookieSessionStorage<OperatorData>({
      cookie: {
        name: 'dc_operator',
        httpOnly: true,
        sameSite: 'strict',
        // Not '/operator': Remix fetches route data from /operator.data, outside that path.
        path: '/',
        secure: config.secureCookies,
        secrets: [config.sessionSecret],
        maxAge: 60 * 60 * 8,
      },
    });
    operatorStorages.set(config.sessionSecret, storage);
  }
  return storage;
}
