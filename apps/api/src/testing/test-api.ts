import { ensureOperator, type ModuleRegistry } from '@dualcontrol/platform';
import { createTestDatabase, type TestDatabase } from '@dualcontrol/testing';
import { createApp } from '../create-app.ts';
import { buildDeps } from '../deps.ts';
import { startApiProcesses } from './api-processes.ts';

export type CallOptions = {
  body?: unknown;
  /** Sent as-is (for malformed JSON tests); wins over `body`. */
  rawBody?: string;
  tenant?: string;
  token?: string;
  headers?: Record<string, string>;
};

export type CallResult = { status: number; body: any; headers: Headers; contentType: string };

export const OPERATOR = { email: 'ops@dualcontrol.test', password: 'operator-test-password' };

/**
 * The real API (createApp) on a fresh cloned database, called in-process through app.request:
 * every middleware, validator and query runs as in production; only the TCP socket is skipped.
 */
export async function createTestApi(
  options: {
    env?: Record<string, string>;
    registry?: ModuleRegistry;
    processes?: number;
    /** An already migrated database to run on (a fault drill's own server) instead of a fresh clone. */
    database?: TestDatabase;
  } = {},
) {
  // A suite's few users make many calls from one address; rate limits get their own tests
  // (rate-limit.test.ts sets RATE_LIMIT_SCALE=1), so everywhere else they are raised out of the way.
  const env = { RATE_LIMIT_SCALE: '1000', ...options.env };
  const tdb: TestDatabase = options.database ?? (await createTestDatabase(env));
  const deps = buildDeps(tdb.env, options.registry ? { registry: options.registry } : {});
  const app = createApp(deps);
  await ensureOperator(tdb.platformDb, OPERATOR);
  // DC_TEST_API_PROCESSES=N: the same suite against N real API processes (main.ts, node:cluster)
  // over loopback HTTP, instead of the in-process app. A custom registry needs the in-process app.
  const processes = options.registry
    ? 1
    : (options.processes ?? Number(process.env.DC_TEST_API_PROCESSES ?? '1'));
  const remote =
    processes > 1
      ? await startApiProcesses(
          {
            ...env,
            NODE_ENV: 'test',
            DATABASE_URL: tdb.ownerUrl,
            DATABASE_APP_URL: tdb.appUrl,
            DATABASE_PLATFORM_URL: tdb.platformUrl,
            DATABASE_ROLE_PASSWORD: tdb.env.DATABASE_ROLE_PASSWORD,
          },
          processes,
        )
      : undefined;

  async function call(method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.tenant) headers['x-tenant'] = opts.tenant;
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.rawBody;
    if (body === undefined && opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    let res: { status: number; headers: Headers; text: string };
    if (remote) res = await remote.send(method, path, headers, body);
    else {
      const answer = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
      res = { status: answer.status, headers: answer.headers, text: await answer.text() };
    }
    const contentType = res.headers.get('content-type') ?? '';
    const { text } = res;
    return {
      status: res.status,
      body: text && contentType.includes('json') ? JSON.parse(text) : text,
      headers: res.headers,
      contentType,
    };
  }

  async function operatorToken(): Promise<string> {
    const res = await call('POST', '/api/v1/platform/login', { body: OPERATOR });
    if (res.status !== 200)
      throw new Error(`operator login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  /** A school made through the public API, with its owner signed in. */
  async function createSchool(
    slug: string,
    extra: { modules?: string[]; timezone?: string; currency?: string } = {},
  ) {
    const owner = { email: `owner@${slug}.test`, name: `${slug} owner`, password: `${slug}-owner-password` };
    const res = await call('POST', '/api/v1/platform/tenants', {
      token: await operatorToken(),
      body: {
        slug,
        name: `${slug} Driving School`,
        timezone: extra.timezone ?? 'Europe/London',
        currency: extra.currency ?? 'GBP',
        ...(extra.modules ? { modules: extra.modules } : {}),
        owner,
      },
    });
    if (res.status !== 201) throw new Error(`createSchool failed: ${res.status} ${JSON.stringify(res.body)}`);
    const ownerToken = await login(slug, owner.email, owner.password);
    return { tenant: res.body, owner, ownerToken };
  }

  async function login(tenant: string, email: string, password: string): Promise<string> {
    const res = await call('POST', '/api/v1/auth/login', { tenant, body: { email, password } });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  /** Adds a student or instructor through the API and signs them in. */
  async function addPerson(
    tenant: string,
    ownerToken: string,
    kind: 'students' | 'instructors',
    name: string,
  ) {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}@${tenant}.test`;
    const password = `${name}-password-123`;
    const res = await call('POST', `/api/v1/${kind}`, {
      tenant,
      token: ownerToken,
      body: { name, email, password },
    });
    if (res.status !== 201) throw new Error(`addPerson failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { ...res.body, password, token: await login(tenant, email, password) };
  }

  return {
    app,
    deps,
    tdb,
    /** How many API processes answer `call` (1: the in-process app). */
    processes,
    call,
    operatorToken,
    createSchool,
    login,
    addPerson,
    async close() {
      await remote?.stop();
      await deps.close();
      await tdb.drop();
    },
  };
}

export type TestApi = Awaited<ReturnType<typeof createTestApi>>;
