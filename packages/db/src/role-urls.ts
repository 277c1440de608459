import type { Env } from '@dualcontrol/config';
import type { ConnectOptions } from './client.ts';
import { withCredentials } from './client.ts';
import { APP_ROLE, PLATFORM_ROLE } from './roles.ts';

export type RoleUrls = {
  /** Where the app role's run-time connections go: the pooler when DATABASE_POOLER_URL is set. */
  app: string;
  platform: string;
  /**
   * Set when `app` and `platform` go through the pooler: pass `pooler.app` / `pooler.platform` as
   * connectDatabase's `pooler` option (unnamed statements; LISTEN straight to PostgreSQL).
   */
  pooler?: { app: NonNullable<ConnectOptions['pooler']>; platform: NonNullable<ConnectOptions['pooler']> };
};

/**
 * The app and platform role URLs every process connects with (api, worker, launcher,
 * tenants:apply): given explicitly, or the owner URL with the role credentials. With
 * DATABASE_POOLER_URL the same roles (same user names and passwords) connect to the pooler's
 * address instead; the database name is the pooler URL's, or the direct URL's when it names none.
 */
export function roleUrls(env: Env): RoleUrls {
  const owner = env.DATABASE_URL;
  if (!owner && !(env.DATABASE_APP_URL && env.DATABASE_PLATFORM_URL)) {
    throw new Error(
      'DATABASE_URL (or DATABASE_APP_URL and DATABASE_PLATFORM_URL) must be set for the api and worker',
    );
  }
  const app = env.DATABASE_APP_URL ?? withCredentials(owner!, APP_ROLE, env.DATABASE_ROLE_PASSWORD);
  const platform =
    env.DATABASE_PLATFORM_URL ?? withCredentials(owner!, PLATFORM_ROLE, env.DATABASE_ROLE_PASSWORD);
  if (!env.DATABASE_POOLER_URL) return { app, platform };
  return {
    app: throughPooler(env.DATABASE_POOLER_URL, app),
    platform: throughPooler(env.DATABASE_POOLER_URL, platform),
    pooler: { app: { listenUrl: app }, platform: { listenUrl: platform } },
  };
}

/** `direct`'s user, password and (unless the pooler URL names one) database, at the pooler's address. */
export function throughPooler(poolerUrl: string, direct: string): string {
  const pooled = new URL(poolerUrl);
  const from = new URL(direct);
  pooled.username = from.username;
  pooled.password = from.password;
  if (pooled.pathname === '' || pooled.pathname === '/') pooled.pathname = from.pathname;
  return pooled.toString();
}
