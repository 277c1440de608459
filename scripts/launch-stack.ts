/**
 * What `npm start` runs after the bootstrap: embedded PostgreSQL and Temporal (unless
 * DATABASE_URL / TEMPORAL_ADDRESS point elsewhere), migrations, the first operator, the demo
 * schools, then the worker, the API and the portal (built first when stale) as child processes. Ctrl-C stops everything, once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { loadEnv } from '@dualcontrol/config';
import {
  connectDatabase,
  type EmbeddedPostgresHandle,
  ensureDatabase,
  provisionRoleLogins,
  roleUrls,
  runMigrations,
  startEmbeddedPostgres,
} from '@dualcontrol/db';
import {
  ensureOperator,
  findTemporalCli,
  freePort,
  startTemporalDevServer,
  type TemporalDevServer,
  type TenantDefinition,
} from '@dualcontrol/platform';
import { ensurePortalBuild } from '@dualcontrol/portal/build';
import { createProductRegistry } from '@dualcontrol/product';
import postgres from 'postgres';
import { applyDemoSchools } from './demo-schools.ts';

const root = resolve(import.meta.dirname, '..');
const started = performance.now();
const step = (message: string) =>
  console.log(`[start] ${message} (${Math.round(performance.now() - started)} ms)`);

const env = loadEnv();
const dataDir = resolve(root, env.DATA_DIR);
let pg: EmbeddedPostgresHandle | undefined;
let temporal: TemporalDevServer | undefined;
const children: ChildProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => {});
  stopping = true;
  console.log('\n[start] stopping…');
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
          child.once('exit', () => {
            clearTimeout(timer);
            done();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  await temporal?.stop().catch(() => {});
  await pg?.stop().catch(() => {});
  console.log('[start] stopped');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

function runChild(name: string, entry: string, childEnv: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: childEnv,
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[start] ${name} exited (${signal ?? code}); stopping the rest`);
    void stopAll(1);
  });
  children.push(child);
  return child;
}

async function waitForReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not become ready: ${last}`);
}

function loginLines(def: TenantDefinition, apiBase: string): string[] {
  const lines = [
    `  ${def.name} — portal http://${def.slug}.${env.APP_DOMAIN}:${env.PORTAL_PORT}  (API: X-Tenant: ${def.slug})`,
  ];
  for (const role of ['owner', 'admin', 'instructor', 'student'] as const) {
    const people = def.users.filter((u) => u.roles.includes(role));
    if (!people.length) continue;
    const more = people.length > 1 ? `  (+${people.length - 1} more ${role}s, same password)` : '';
    lines.push(`    ${role.padEnd(10)} ${people[0]!.email} / ${people[0]!.password}${more}`);
  }
  lines.push(
    `    try: curl -s -H 'X-Tenant: ${def.slug}' -H 'content-type: application/json' ${apiBase}/api/v1/auth/login -d '{"email":"${def.users[0]!.email}","password":"${def.users[0]!.password}"}'`,
  );
  return lines;
}

try {
  let ownerUrl = env.DATABASE_URL;
  if (!ownerUrl) {
    step(`starting embedded PostgreSQL (data in ${join(dataDir, 'postgres')})`);
    pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: await freePort() });
    await ensureDatabase(pg.url, 'dualcontrol');
    ownerUrl = pg.urlFor('dualcontrol');
    step(`PostgreSQL ready on 127.0.0.1:${pg.port}`);
  } else {
    step('using external PostgreSQL from DATABASE_URL');
  }

  await runMigrations(ownerUrl);
  step('migrations applied');
  if (pg) {
    const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
    await provisionRoleLogins(owner, env.DATABASE_ROLE_PASSWORD);
    await owner.end();
  }

  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: ownerUrl };
  const urls = roleUrls({ ...env, DATABASE_URL: ownerUrl });
  const platformDb = connectDatabase(urls.platform, { max: 2, pooler: urls.pooler?.platform });
  const operator = await ensureOperator(platformDb, {
    email: env.PLATFORM_OPERATOR_EMAIL,
    password: env.PLATFORM_OPERATOR_PASSWORD,
  });
  step(operator.created ? 'platform operator created' : 'platform operator present');

  let demo: TenantDefinition[] = [];
  if (env.DEMO_TENANTS) {
    // The schools, their seeds and their simulated history (once; see scripts/demo-schools.ts).
    const appDb = connectDatabase(urls.app, { max: 2, pooler: urls.pooler?.app });
    try {
      demo = await applyDemoSchools({
        root,
        env,
        platformDb,
        appDb,
        registry: createProductRegistry(),
        step,
      });
    } finally {
      await appDb.close();
    }
  }
  await platformDb.close();

  if (!env.TEMPORAL_ADDRESS) {
    step('starting Temporal dev server');
    temporal = await startTemporalDevServer({
      cli: findTemporalCli(env.TEMPORAL_CLI),
      port: await freePort(),
      uiPort: await freePort(),
      dbFile: join(dataDir, 'temporal.db'),
      namespace: env.TEMPORAL_NAMESPACE,
    });
    childEnv.TEMPORAL_ADDRESS = temporal.address;
    step(`Temporal ready on ${temporal.address}`);
  } else {
    step(`using external Temporal at ${env.TEMPORAL_ADDRESS}`);
  }

  ensurePortalBuild((line) => step(line));
  runChild('worker', 'apps/worker/src/main.ts', childEnv);
  runChild('api', 'apps/api/src/main.ts', childEnv);
  const apiBase = `http://127.0.0.1:${env.API_PORT}`;
  await waitForReady(`${apiBase}/api/readyz`, 90_000);
  step('API ready');
  runChild('portal', 'apps/portal/server/main.ts', childEnv);
  const portalBase = `http://${env.APP_DOMAIN}:${env.PORTAL_PORT}`;
  await waitForReady(`http://127.0.0.1:${env.PORTAL_PORT}/`, 30_000);
  step('portal ready');

  const lines = [
    '',
    'Dualcontrol is running.',
    `  API            ${apiBase}/api/v1   (readiness: ${apiBase}/api/readyz)`,
    `  API docs       ${apiBase}/api/docs   (OpenAPI: ${apiBase}/api/openapi.json)`,
    `  Schools        http://<slug>.${env.APP_DOMAIN}:${env.API_PORT}/api/v1 or the X-Tenant header`,
    `  Portal         ${portalBase}  (a school: http://<slug>.${env.APP_DOMAIN}:${env.PORTAL_PORT})`,
    temporal
      ? `  Temporal UI    http://127.0.0.1:${temporal.uiPort}`
      : `  Temporal       ${env.TEMPORAL_ADDRESS}`,
    pg ? `  PostgreSQL     ${ownerUrl}` : '  PostgreSQL     external (DATABASE_URL)',
    '',
    'Platform operator',
    `  ${env.PLATFORM_OPERATOR_EMAIL} / ${env.PLATFORM_OPERATOR_PASSWORD}   (POST ${apiBase}/api/v1/platform/login)`,
    ...(demo.length ? ['', 'Demo logins', ...demo.flatMap((d) => loginLines(d, apiBase))] : []),
    '',
    'Press Ctrl-C to stop everything.',
  ];
  console.log(lines.join('\n'));
} catch (error) {
  console.error(`[start] failed: ${(error as Error).message}`);
  await stopAll(1);
}
