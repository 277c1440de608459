import { type AppEnv, releaseRequestTransaction, requireTenant, requireUser } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { liveHubFor } from './live-hub.ts';
import type { LiveEvent } from './publish.ts';
import type * as routes from './stream.routes.ts';

/** A comment line this often keeps idle proxies (and the portal's relay) from closing the stream. */
export const HEARTBEAT_MS = 20_000;
/** A stream ends after this; the browser reconnects (and its session is checked again). */
export const STREAM_LIFETIME_MS = 5 * 60_000;

export const liveStream: RouteHandler<typeof routes.liveStream, AppEnv> = async (c) => {
  const tenant = requireTenant(c);
  const user = requireUser(c);
  const deps = c.get('deps');
  const hub = liveHubFor(deps.platformDb, c.get('log'));
  await hub.ready();
  // The session was checked by the request's first statement; a stream holds no connection.
  await releaseRequestTransaction(c);
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    const queue: LiveEvent[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    const finish = () => {
      done = true;
      wake?.();
    };
    const unsubscribe = hub.subscribe({
      tenantId: tenant.id,
      userId: user.id,
      deliver(event) {
        queue.push(event);
        wake?.();
      },
    });
    stream.onAbort(finish);
    // The client's connection closing (node-server aborts the request's signal) ends it as well.
    c.req.raw.signal.addEventListener('abort', finish);
    const heartbeat = setInterval(() => {
      queue.push({ kind: 'heartbeat' } as never);
      wake?.();
    }, HEARTBEAT_MS);
    const lifetime = setTimeout(finish, STREAM_LIFETIME_MS);
    try {
      // Tells the client it is connected (and how soon to come back after the server ends it).
      await stream.writeSSE({ event: 'ready', data: '{}', retry: 2000 });
      while (!done) {
        const next = queue.shift();
        if (!next) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
          continue;
        }
        if ((next as { kind: string }).kind === 'heartbeat') await stream.write(': ping\n\n');
        else {
          const { kind, ...data } = next;
          await stream.writeSSE({ event: kind, data: JSON.stringify(data) });
        }
      }
    } catch (error) {
      // A write to a stream the client already left: nothing to tell anyone.
      if (!stream.aborted) c.get('log').error('live stream failed', { error });
    } finally {
      clearInterval(heartbeat);
      clearTimeout(lifetime);
      unsubscribe();
    }
  });
};
