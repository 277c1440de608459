import { createHmac } from 'node:crypto';
import type { Env } from '@dualcontrol/config';
import { connectDatabase, parseKeyring, roleUrls } from '@dualcontrol/db';
import {
  createApiMetrics,
  createLogger,
  createStorage,
  type Deps,
  LoginThrottle,
  localMailbox,
  type ModuleRegistry,
  RateLimiter,
  smtpMailer,
  TenantCache,
  temporalReachable,
} from '@dualcontrol/platform';
import { createProductRegistry } from '@dualcontrol/product';

export function buildDeps(
  env: Env,
  overrides: { registry?: ModuleRegistry } = {},
): Deps & { close(): Promise<void> } {
  const urls = roleUrls(env);
  const db = connectDatabase(urls.app, {
    max: env.DATABASE_POOL_SIZE,
    applicationName: 'dualcontrol-api',
    pooler: urls.pooler?.app,
    traced: Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT),
  });
  const platformDb = connectDatabase(urls.platform, {
    max: 5,
    applicationName: 'dualcontrol-api-platform',
    pooler: urls.pooler?.platform,
    traced: Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT),
  });
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
    rateLimiter: new RateLimiter(platformDb, env.RATE_LIMIT_SCALE),
    tenantCache: new TenantCache(platformDb),
    mailer: env.SMTP_URL ? smtpMailer(env.SMTP_URL, env.MAIL_FROM) : localMailbox(platformDb),
    verificationSecret: createHmac('sha256', keyring.keys.get(keyring.current)!)
      .update('email-verification')
      .digest(),
    storage: createStorage(env),
    temporalReady: () => (temporalAddress ? temporalReachable(temporalAddress) : Promise.resolve(false)),
    ...(env.METRICS_PORT ? { metrics: createApiMetrics(platformDb) } : {}),
    close: async () => {
      await Promise.all([db.close(), platformDb.close()]);
    },
  };
}
