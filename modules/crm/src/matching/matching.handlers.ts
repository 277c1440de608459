import { type AppEnv, requireTenant, requireUser } from '@dualcontrol/platform';
import { readPolicies, viewerFrom } from '@dualcontrol/scheduling';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { withCrm } from '../http-context.ts';
import { contactView, findContact } from '../services/contacts.ts';
import type * as routes from './matching.routes.ts';
import { offerTrialLesson as offer } from './offer-trial-lesson.ts';
import { rankInstructors } from './rank-instructors.ts';

const policiesOf = (c: Context<AppEnv>) => {
  const tenant = requireTenant(c);
  return readPolicies({ ...tenant.policies, ...tenant.moduleSettings.scheduling });
};

export const listMatches: RouteHandler<typeof routes.listMatches, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const data = await withCrm(c, 'crm:contacts:read', async (tx, ctx) =>
    rankInstructors(tx, { ...ctx, policies: policiesOf(c) }, await findContact(tx, ctx, id)),
  );
  return c.json({ data }, 200);
};

export const offerTrialLesson: RouteHandler<typeof routes.offerTrialLesson, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const result = await withCrm(c, 'crm:contacts:manage', (tx, ctx) => {
    const tenant = requireTenant(c);
    const user = requireUser(c);
    return offer(
      tx,
      ctx,
      {
        tenantId: tenant.id,
        tenantTimezone: tenant.timezone,
        currency: tenant.currency,
        actor: { kind: 'user', id: user.id },
        viewer: viewerFrom(user, c.get('deps').registry),
        policies: policiesOf(c),
        paymentsEnabled: tenant.modules.includes('payments'),
        now: ctx.now,
      },
      id,
      body,
    );
  });
  return c.json(
    { bookingId: result.booking.id, start: result.booking.start, contact: contactView(result.contact) },
    201,
  );
};
