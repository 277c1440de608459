import type { Tx } from '@dualcontrol/db';
import { type AppEnv, requestTx, requireTenant, requireUser, type Viewer } from '@dualcontrol/platform';
import { viewerFrom } from '@dualcontrol/scheduling';
import type { Context } from 'hono';
import { type AnalyticsSettings, readAnalyticsSettings } from './settings.ts';

export type AnalyticsHttpContext = {
  tenantId: string;
  timezone: string;
  currency: string;
  viewer: Viewer;
  settings: AnalyticsSettings;
};

/** Runs `fn` in the request's transaction with the school, the caller and the analytics settings. */
export function withAnalytics<T>(
  c: Context<AppEnv>,
  fn: (tx: Tx, ctx: AnalyticsHttpContext) => Promise<T>,
): Promise<T> {
  const tenant = requireTenant(c);
  const user = requireUser(c);
  return fn(requestTx(c), {
    tenantId: tenant.id,
    timezone: tenant.timezone,
    currency: tenant.currency,
    viewer: viewerFrom(user, c.get('deps').registry),
    settings: readAnalyticsSettings(tenant.moduleSettings.analytics),
  });
}
