import {
  type AppEnv,
  AppError,
  fieldErrors,
  requestTx,
  requireTenant,
  requireUser,
} from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { RULES } from '../rules/catalog.ts';
import { EVENT_GROUPS } from '../rules/rule.ts';
import type * as routes from './preferences.routes.ts';
import {
  type NotificationPreferences,
  NotificationPreferencesSchema,
  readOwnPreferences,
  saveOwnPreferences,
} from './preferences.ts';

/** Each group with the channels its events use by default (what "not chosen" means on the page). */
function groups() {
  return EVENT_GROUPS.map((group) => {
    const rules = Object.entries(RULES).filter(([, r]) => r.kind === 'send' && r.group === group);
    const channels = new Set(rules.flatMap(([, r]) => (r.kind === 'send' ? r.channels : [])));
    return { group, defaultChannels: [...channels], events: rules.map(([type]) => type) };
  });
}

const answer = (preferences: NotificationPreferences) => ({ preferences, groups: groups() });

export const getPreferences: RouteHandler<typeof routes.getPreferences, AppEnv> = async (c) => {
  const user = requireUser(c);
  return c.json(answer(await readOwnPreferences(requestTx(c), requireTenant(c).id, user.id)), 200);
};

export const putPreferences: RouteHandler<typeof routes.putPreferences, AppEnv> = async (c) => {
  const user = requireUser(c);
  const checked = NotificationPreferencesSchema.safeParse(c.req.valid('json'));
  if (!checked.success) {
    const fields = fieldErrors(checked.error, 'body');
    throw new AppError('messaging.invalid_preferences', {
      status: 422,
      title: 'Preferences not valid',
      detail: `Some values are not valid: ${fields.map((f) => f.path).join(', ')}`,
      fields,
    });
  }
  const saved = await saveOwnPreferences(requestTx(c), requireTenant(c).id, user.id, checked.data);
  return c.json(answer(saved), 200);
};
