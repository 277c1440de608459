import type { Env } from '@dualcontrol/config';
import { withCredentials } from './client.ts';
import { APP_ROLE, PLATFORM_ROLE } from './roles.ts';

/**
 * The app and platform role URLs every process connects with (api, worker, launcher,
 * tenants:apply): given explicitly, or the owner URL with the role credentials.
 */
export function roleUrls(env: Env): { app: string; platform: string } {
  const owner = env.DATABASE_URL;
  if (!owner && !(env.DATABASE_APP_URL && env.DATABASE_PLATFORM_URL)) {
    throw new Error(
      'DATABASE_URL (or DATABASE_APP_URL and DATABASE_PLATFORM_URL) must be set for the api and worker',
    );
  }
  return {
    app: env.DATABASE_APP_URL ?? withCredentials(owner!, APP_ROLE, env.DATABASE_ROLE_PASSWORD),
    platform: env.DATABASE_PLATFORM_URL ?? withCredentials(owner!, PLATFORM_ROLE, env.DATABASE_ROLE_PASSWORD),
  };
}
