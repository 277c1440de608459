import {
  AppError,
  createRouter,
  jsonContent,
  problemResponse,
  problemResponses,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const StatusSchema = z.object({ status: z.literal('ok') }).openapi('Status');

const healthz = createRoute({
  method: 'get',
  path: '/api/healthz',
  tags: ['Health'],
  summary: 'Liveness: 200 while the process lives',
  responses: { 200: jsonContent(StatusSchema, 'Alive'), ...problemResponses() },
});

const readyz = createRoute({
  method: 'get',
  path: '/api/readyz',
  tags: ['Health'],
  summary: 'Readiness: 200 when PostgreSQL and Temporal answer',
  responses: { 200: jsonContent(StatusSchema, 'Ready'), ...problemResponses(503) },
});

async function within<T>(ms: number, work: Promise<T>): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => {
    timer = setTimeout(() => r('timeout'), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const healthRouter = createRouter()
  .openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
  .openapi(readyz, async (c) => {
    const { db, temporalReady } = c.get('deps');
    const [postgres, temporal] = await Promise.all([
      within(
        2000,
        db.sql`select 1`.then(() => true),
      ).catch(() => false),
      within(2000, temporalReady()).catch(() => false),
    ]);
    const down = [postgres === true ? null : 'PostgreSQL', temporal === true ? null : 'Temporal'].filter(
      Boolean,
    );
    if (down.length) {
      return problemResponse(
        c,
        new AppError('health.not_ready', {
          status: 503,
          title: 'Service unavailable',
          detail: `Not ready: ${down.join(' and ')} did not answer.`,
          extra: { checks: { postgres: postgres === true, temporal: temporal === true } },
        }),
      ) as never;
    }
    return c.json({ status: 'ok' as const }, 200);
  });
