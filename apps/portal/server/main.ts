import { loadEnv } from '@dualcontrol/config';
import { startTracing } from '@dualcontrol/platform/telemetry';
import { portalBuilt, startPortalServer } from './portal-server.ts';

// `npm start` runs this as a child process once the API is up (scripts/launch-stack.ts).
const env = loadEnv();
if (!portalBuilt()) {
  console.error('The portal is not built: run `npm run build --workspace @dualcontrol/portal`.');
  process.exit(1);
}
// OTEL_EXPORTER_OTLP_ENDPOINT unset: nothing is started and no request is traced.
const tracing = await startTracing('dualcontrol-portal', env);
const server = await startPortalServer({
  traced: tracing.enabled,
  port: env.PORTAL_PORT,
  host: env.LISTEN_HOST,
  apiBase: env.PORTAL_API_URL ?? `http://127.0.0.1:${env.API_PORT}`,
  appDomain: env.APP_DOMAIN,
  sessionSecret: env.PORTAL_SESSION_SECRET,
  secureCookies: env.NODE_ENV === 'production',
  stripeJsUrl: env.STRIPE_JS_URL,
  apiSecret: env.PORTAL_API_SECRET,
  trustProxy: env.TRUST_PROXY,
});
console.log(
  JSON.stringify({ level: 'info', msg: 'portal running', service: 'portal', port: env.PORTAL_PORT }),
);
const stop = () => server.close(() => void tracing.shutdown().finally(() => process.exit(0)));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
