import type { Env } from '@dualcontrol/config';
import type { Database, Keyring } from '@dualcontrol/db';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { AuthenticatedUser } from '../auth/user-sessions.ts';
import type { Logger } from '../logging/logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { ApiMetrics } from '../metrics/api-metrics.ts';
import type { ModuleRegistry } from '../modules/registry.ts';
import type { AuthenticatedOperator } from '../operators/operator-sessions.ts';
import type { RateLimiter } from '../rate-limit/rate-limiter.ts';
import type { Storage } from '../storage/storage.ts';
import type { ResolvedTenant } from '../tenancy/resolve-tenant.ts';
import type { TenantCache } from '../tenancy/tenant-cache.ts';
import type { RequestScope } from './request-transaction.ts';

/** What every request handler can reach; built once at boot by the app. */
export type Deps = {
  env: Env;
  /** The app role: RLS applies. */
  db: Database;
  /** The platform role (BYPASSRLS): operator routes and tenant resolution only. */
  platformDb: Database;
  registry: ModuleRegistry;
  keyring: Keyring;
  log: Logger;
  throttle: LoginThrottle;
  /** Every request's budgets (RATE_LIMITS), counted in PostgreSQL. */
  rateLimiter: RateLimiter;
  /** Custom domain → school; clear it after changing a domain. */
  tenantCache: TenantCache;
  /** Sign-up and verification mail. */
  mailer: Mailer;
  /** Signs email verification links (derived from the encryption key). */
  verificationSecret: Buffer;
  /** Uploaded files (STORAGE_DRIVER: local disk under DATA_DIR, or an S3 bucket). */
  storage: Storage;
  /** Answers whether Temporal is reachable (readiness). */
  temporalReady: () => Promise<boolean>;
  /** Prometheus metrics, when METRICS_PORT is set (served by main.ts on that port). */
  metrics?: ApiMetrics;
};

export type AppVariables = {
  deps: Deps;
  requestId: string;
  log: Logger;
  tenant: ResolvedTenant | undefined;
  user: AuthenticatedUser | undefined;
  operator: AuthenticatedOperator | undefined;
  clientIp: string;
  /** School routes: the request's one transaction (see request-transaction.ts). */
  requestScope: RequestScope | undefined;
};

export type AppEnv = { Variables: AppVariables };
