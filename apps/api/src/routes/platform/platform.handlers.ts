import { setApplicationFee as setPaymentsApplicationFee } from '@dualcontrol/payments';
import {
  createTenant as createTenantService,
  decodeCursor,
  listTenants as listTenantsService,
  loginOperator,
  notFound,
  OPERATOR_SESSION_COOKIE,
  outboxHealth as readOutboxHealth,
  requireOperator,
  retryDeadLetter as retryOutboxEvent,
  revokeOperatorSession,
  setSessionCookie,
  setTenantModule,
  setTenantStatus,
  tenantUsage,
} from '@dualcontrol/platform';
import { deleteCookie } from 'hono/cookie';
import type { AppRouteHandler as Handler } from '../handler.ts';
import type * as routes from './platform.routes.ts';

export const login: Handler<typeof routes.login> = async (c) => {
  const { platformDb, throttle } = c.get('deps');
  const input = c.req.valid('json');
  const { token, expiresAt } = await loginOperator(
    { platformDb, throttle },
    { ...input, ip: c.get('clientIp') },
  );
  setSessionCookie(c, OPERATOR_SESSION_COOKIE, token, expiresAt);
  return c.json({ token }, 200);
};

export const logout: Handler<typeof routes.logout> = async (c) => {
  const operator = requireOperator(c);
  await revokeOperatorSession(c.get('deps').platformDb, operator.sessionId);
  deleteCookie(c, OPERATOR_SESSION_COOKIE, { path: '/' });
  return c.body(null, 204);
};

export const createTenant: Handler<typeof routes.createTenant> = async (c) => {
  const operator = requireOperator(c);
  const { platformDb, registry } = c.get('deps');
  const tenant = await createTenantService(
    platformDb,
    registry,
    { kind: 'operator', id: operator.id },
    c.req.valid('json'),
  );
  return c.json(tenant, 201);
};

export const listTenants: Handler<typeof routes.listTenants> = async (c) => {
  requireOperator(c);
  const { limit, cursor, q } = c.req.valid('query');
  const result = await listTenantsService(c.get('deps').platformDb, {
    limit,
    after: decodeCursor(cursor),
    q,
  });
  return c.json(result, 200);
};

export const setModule: Handler<typeof routes.setModule> = async (c) => {
  const operator = requireOperator(c);
  const { slug, module } = c.req.valid('param');
  const { platformDb, registry } = c.get('deps');
  const tenant = await setTenantModule(
    platformDb,
    registry,
    { kind: 'operator', id: operator.id },
    {
      slug,
      moduleId: module,
      enabled: c.req.valid('json').enabled,
    },
  );
  return c.json(tenant, 200);
};

export const setStatus: Handler<typeof routes.setStatus> = async (c) => {
  const operator = requireOperator(c);
  const tenant = await setTenantStatus(
    c.get('deps').platformDb,
    { kind: 'operator', id: operator.id },
    { slug: c.req.valid('param').slug, status: c.req.valid('json').status },
  );
  return c.json(tenant, 200);
};

export const usage: Handler<typeof routes.usage> = async (c) => {
  const operator = requireOperator(c);
  const { platformDb, db, registry } = c.get('deps');
  const result = await tenantUsage(
    { platformDb, db },
    registry,
    { kind: 'operator', id: operator.id },
    { slug: c.req.valid('param').slug, days: c.req.valid('query').days },
  );
  return c.json(result, 200);
};

/** Every school's usage (each read under its own RLS), and the figures summed across them. */
export const platformUsage: Handler<typeof routes.platformUsage> = async (c) => {
  const operator = requireOperator(c);
  const { platformDb, db, registry } = c.get('deps');
  const actor = { kind: 'operator', id: operator.id } as const;
  const { days } = c.req.valid('query');
  const now = new Date();
  const slugs = await platformDb.sql<{ slug: string }[]>`select slug from tenants order by slug`;
  const schools = [];
  for (const { slug } of slugs)
    schools.push(await tenantUsage({ platformDb, db }, registry, actor, { slug, days, now }));
  const totals = new Map<
    string,
    {
      module: (typeof schools)[number]['figures'][number]['module'];
      key: string;
      value: number;
      unit: 'count' | 'minor';
      currency: string | null;
    }
  >();
  for (const school of schools)
    for (const f of school.figures) {
      const currency = f.unit === 'minor' ? school.currency : null;
      const id = `${f.module}:${f.key}:${currency ?? ''}`;
      const sum = totals.get(id) ?? { module: f.module, key: f.key, value: 0, unit: f.unit, currency };
      sum.value = Math.round((sum.value + f.value) * 10) / 10;
      totals.set(id, sum);
    }
  const since = new Date(now.getTime() - days * 86_400_000);
  return c.json(
    {
      since: since.toISOString(),
      until: now.toISOString(),
      schools: schools.map(({ since: _s, until: _u, ...rest }) => rest),
      totals: [...totals.values()],
    },
    200,
  );
};

export const setApplicationFee: Handler<typeof routes.setApplicationFee> = async (c) => {
  const operator = requireOperator(c);
  const { slug } = c.req.valid('param');
  const result = await setPaymentsApplicationFee(
    c.get('deps').platformDb,
    { kind: 'operator', id: operator.id },
    {
      slug,
      applicationFeeBps: c.req.valid('json').applicationFeeBps,
    },
  );
  return c.json(result, 200);
};

export const mailbox: Handler<typeof routes.mailbox> = async (c) => {
  requireOperator(c);
  const { mailer, env } = c.get('deps');
  // Real mail leaves over SMTP; this page exists only for the local mailbox, never in production.
  if (!mailer.mailbox || env.NODE_ENV === 'production')
    throw notFound('platform.no_mailbox', 'Mail is delivered over SMTP here; there is no local mailbox.');
  return c.json({ data: await mailer.mailbox() }, 200);
};

export const outboxHealth: Handler<typeof routes.outboxHealth> = async (c) => {
  requireOperator(c);
  return c.json(await readOutboxHealth(c.get('deps').platformDb), 200);
};

export const retryDeadLetter: Handler<typeof routes.retryDeadLetter> = async (c) => {
  requireOperator(c);
  await retryOutboxEvent(c.get('deps').platformDb, c.req.valid('param').id);
  return c.body(null, 204);
};
