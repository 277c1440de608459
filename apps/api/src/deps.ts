import { createHmac } from 'node:crypto';
import type { Env } from '@dualcontrol/config';
import { APP_ROLE, connectDatabase, PLATFORM_ROLE, parseKeyring, withCredentials } from '@dualcontrol/db';
import {
  createLogger,
  type Deps,
  LoginThrottle,
  localMailbox,
  type ModuleRegistry,
  smtpMailer,
  TenantCache,
  temporalReachable,
} from '@dualcontrol/platform';
import { createProductRegistry } from './modules.ts';

/** The app and platform role URLs: given explicitly, or the owner URL with the role credentials. */
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

export function buildDeps(
  env: Env,
  overrides: { registry?: ModuleRegistry } = {},
): Deps & { close(): Promise<void> } {
  const urls = roleUrls(env);
  const db = connectDatabase(urls.app, { max: env.DATABASE_POOL_SIZE, applicationName: 'dualcontrol-api' });
  const platformDb = connectDatabase(urls.platform, { max: 5, applicationName: 'dualcontrol-api-platform' });
  const temporalAddress = env.TEMPORAL_ADDRESS;
  const keyring = parseKeyring(env.ENCRYPTION_KEYS);
  return {
    env,
    db,
    platformDb,
    registry: overrides.registry ?? createProductRegistry(),
    keyring,
    log: createLogger(env.LOG_LEVEL, { service: 'api' }),
    throttle: new LoginThrottle(platformDb),
    tenantCache: new TenantCache(platformDb),
    mailer: env.SMTP_URL ? smtpMailer(env.SMTP_URL, env.MAIL_FROM) : localMailbox(platformDb),
    verificationSecret: createHmac('sha256', keyring.keys.get(keyring.current)!)
      .update('email-verification')
      .digest(),
    temporalReady: () => (temporalAddress ? temporalReachable(temporalAddress) : Promise.resolve(false)),
    close: async () => {
      await Promise.all([db.close(), platformDb.close()]);
    },
  };
}
