import type { Actor, Tx } from '@dualcontrol/db';
import { type AppEnv, requestTx, requireTenant, requireUser, type Viewer } from '@dualcontrol/platform';
import { viewerFrom } from '@dualcontrol/scheduling';
import type { Context } from 'hono';
import type { LessonsContext } from './services/lessons-context.ts';
import { readLessonSettings } from './settings.ts';

/** What every lessons service takes, for the request's caller and school. */
export function lessonsContext(c: Context<AppEnv>): LessonsContext {
  const tenant = requireTenant(c);
  const user = requireUser(c);
  const viewer: Viewer = viewerFrom(user, c.get('deps').registry);
  const actor: Actor = { kind: 'user', id: user.id };
  return {
    tenantId: tenant.id,
    school: { timezone: tenant.timezone, currency: tenant.currency, locale: tenant.locale },
    actor,
    viewer,
    settings: readLessonSettings(tenant.moduleSettings.lessons),
    now: new Date(),
    keyring: c.get('deps').keyring,
  };
}

/**
 * Runs `fn` in the request's transaction with what every lessons handler needs: the caller as a
 * viewer and the school's lesson settings — both already read by the request's first statement.
 */
export function withLessons<T>(
  c: Context<AppEnv>,
  fn: (tx: Tx, ctx: LessonsContext) => Promise<T>,
): Promise<T> {
  const ctx = lessonsContext(c);
  return fn(requestTx(c), ctx);
}
