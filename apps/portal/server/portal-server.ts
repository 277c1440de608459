import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import type { PortalConfig } from '../app/lib/portal-config.ts';
import { refuseCrossSiteForms } from './refuse-cross-site-forms.ts';
import { securityHeaders } from './security-headers.ts';
import { traceRequests } from './trace-requests.ts';

export const portalRoot = fileURLToPath(new URL('..', import.meta.url));
const buildDir = join(portalRoot, 'build');

/** Whether `npm run build` has produced the server bundle this server serves. */
export const portalBuilt = () => existsSync(join(buildDir, 'server', 'index.js'));

/**
 * The portal as an HTTP server (on loopback unless `host` says otherwise): security headers on every answer, responses
 * compressed, fingerprinted assets cached for a year, the service worker and manifest never
 * cached, forms from other sites refused, everything else rendered by Remix with the portal's
 * config (where the API is, which domain schools live under) in the load context.
 */
export async function startPortalServer(
  config: PortalConfig & { port: number; host?: string; trustProxy?: boolean; traced?: boolean },
): Promise<Server> {
  const build = (await import(join(buildDir, 'server', 'index.js'))) as ServerBuild;
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);
  // Behind a proxy (TRUST_PROXY) the browser's address is the first X-Forwarded-For entry.
  if (config.trustProxy) app.set('trust proxy', true);
  // Pages and bundles gzipped: the shared React chunk drops from ~260 KB to ~85 KB on a phone's link.
  app.use(compression());
  app.use('/assets', express.static(join(buildDir, 'client', 'assets'), { immutable: true, maxAge: '1y' }));
  app.use(express.static(join(buildDir, 'client'), { maxAge: 0 }));
  app.use(refuseCrossSiteForms);
  // Pages and forms only (not the static files above): each is a span whose API calls join it.
  if (config.traced) app.use(traceRequests);
  // Each request's config names its browser's address, which the API client passes on.
  app.all(
    '*',
    createRequestHandler({
      build,
      getLoadContext: (req) => ({ config: { ...config, clientAddress: req.ip } }),
    }),
  );
  return new Promise((resolve) => {
    const server = app.listen(config.port, config.host ?? '127.0.0.1', () => resolve(server));
  });
}
