import { loadEnv } from '@dualcontrol/config';
import { serve } from '@hono/node-server';
import { createApp } from './create-app.ts';
import { buildDeps } from './deps.ts';

const env = loadEnv();
const deps = buildDeps(env);
const app = createApp(deps);

const server = serve({ fetch: app.fetch, port: env.API_PORT, hostname: '127.0.0.1' }, (info) => {
  deps.log.info('api listening', { url: `http://127.0.0.1:${info.port}` });
});

function shutdown(signal: string) {
  deps.log.info('api stopping', { signal });
  server.close(() => {
    void deps.close().finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
