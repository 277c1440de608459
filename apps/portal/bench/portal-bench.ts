/**
 * `npm run bench` (portal): the server render of a student's home against the real API on an
 * embedded PostgreSQL, beside two baselines from the same run — the API call it is built on
 * (GET /auth/me) and a static file from the same server — then Lighthouse (Debian Chromium) on
 * the booking page. Budgets: render ≤ 100 ms; Lighthouse accessibility ≥ 95, performance ≥ 90.
 */

import { request } from 'node:http';
import { createApp } from '@dualcontrol/api';
import { startBenchDatabase } from '@dualcontrol/api/bench-database';
import { buildDeps } from '@dualcontrol/api/deps';
import { systemActor } from '@dualcontrol/db';
import { createPerson, createTenant, freePort, loginUser } from '@dualcontrol/platform';
import { createProductRegistry } from '@dualcontrol/product';
import { serve } from '@hono/node-server';
import { ensurePortalBuild } from '../server/ensure-build.ts';
import { startPortalServer } from '../server/portal-server.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (process.env.BENCH_QUICK === '1' ? 20 : 60));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** One GET with a chosen Host (Node's fetch would not send it); resolves with ms and status. */
function timedGet(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ ms: number; status: number }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: performance.now() - t, status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function series(name: string, once: () => Promise<{ ms: number; status: number }>) {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const { ms, status } = await once();
    if (status !== 200) throw new Error(`${name}: HTTP ${status}`);
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { name, p50: at(0.5), p95: at(0.95) };
}

console.log('bench (portal): starting embedded PostgreSQL, API and portal…');
ensurePortalBuild((line) => console.log(`bench (portal): ${line}`));
const bench = await startBenchDatabase({ prefix: 'dualcontrol-portal-bench-' });
let failed = false;
try {
  const deps = buildDeps(bench.env);
  const tenant = await createTenant(deps.platformDb, createProductRegistry(), systemActor, {
    slug: 'benchschool',
    name: 'Bench School',
    timezone: 'Europe/London',
    currency: 'GBP',
    owner: { email: 'owner@bench.test', name: 'Owner', password: 'bench-owner-password' },
  });
  const resolved = { ...tenant, modules: tenant.modules as string[], policies: {}, moduleSettings: {} };
  await createPerson(deps.db, resolved, systemActor, {
    kind: 'student',
    name: 'Bench Student',
    email: 'student@bench.test',
    password: 'bench-student-password',
  });
  const apiPort = await freePort();
  const apiServer = serve({ fetch: createApp(deps).fetch, port: apiPort, hostname: '127.0.0.1' });
  const portalPort = await freePort();
  const portal = await startPortalServer({
    port: portalPort,
    apiBase: `http://127.0.0.1:${apiPort}`,
    appDomain: 'localhost',
    sessionSecret: 'bench-portal-session-secret-0123456789',
    secureCookies: false,
  });
  const host = `benchschool.localhost:${portalPort}`;
  // Sign in through the portal itself to get its session cookie.
  const cookie = await new Promise<string>((resolve, reject) => {
    const body = 'email=student%40bench.test&password=bench-student-password';
    const req = request(
      {
        host: '127.0.0.1',
        port: portalPort,
        path: '/sign-in',
        method: 'POST',
        headers: { host, 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length },
      },
      (res) => {
        res.resume();
        const set = res.headers['set-cookie']?.[0];
        if (res.statusCode === 302 && set) resolve(set.split(';')[0]!);
        else reject(new Error(`portal sign-in: HTTP ${res.statusCode}`));
      },
    );
    req.end(body);
  });
  const { token } = await loginUser(deps, resolved, {
    email: 'student@bench.test',
    password: 'bench-student-password',
    ip: '127.0.0.1',
  });

  for (let i = 0; i < 20; i += 1) await timedGet(portalPort, '/home', { host, cookie }); // warm-up
  const results = [
    await series('baseline: static file from the portal server', () =>
      timedGet(portalPort, '/sw.js', { host }),
    ),
    await series('baseline: API GET /auth/me (the floor of any page)', () =>
      timedGet(apiPort, '/api/v1/auth/me', { 'x-tenant': 'benchschool', authorization: `Bearer ${token}` }),
    ),
    await series('server render of the student home (/home)', () =>
      timedGet(portalPort, '/home', { host, cookie }),
    ),
  ];
  console.log(`\nbench (portal): ${ROUNDS} sequential requests each\n`);
  console.log(`${'case'.padEnd(52)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`);
  for (const r of results)
    console.log(`${r.name.padEnd(52)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)}`);
  const render = results[2]!;
  console.log(
    `student home render p50 ${render.p50.toFixed(1)} ms — budget 100 ms: ${render.p50 <= 100 ? 'PASS' : 'MISS'}`,
  );

  // Lighthouse on the booking page, signed in (the cookie is passed as an extra header).
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const run = await lighthouse(`http://${host}/book`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      extraHeaders: { cookie },
    });
    const categories = run?.lhr.categories;
    const perf = Math.round((categories?.performance?.score ?? 0) * 100);
    const a11y = Math.round((categories?.accessibility?.score ?? 0) * 100);
    console.log(
      `Lighthouse /book: performance ${perf} (budget ≥ 90: ${perf >= 90 ? 'PASS' : 'MISS'}), accessibility ${a11y} (budget ≥ 95: ${a11y >= 95 ? 'PASS' : 'MISS'})`,
    );
    // The metrics behind the score (simulated slow 4G and a 4× slower CPU), to see where it is lost.
    const audits = run?.lhr.audits ?? {};
    const metric = (id: string) => `${id} ${audits[id]?.displayValue ?? '?'}`;
    console.log(
      `  ${['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'].map(metric).join(' · ')}`,
    );
  } finally {
    await chrome.kill();
  }
  apiServer.close();
  portal.close();
  await deps.close();
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await bench.stop();
}
process.exit(failed ? 1 : 0);
