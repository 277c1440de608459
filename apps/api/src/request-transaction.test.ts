import { AppError, requestTx } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './testing/test-api.ts';

type Probe = { txid: string; userId: string; tenantId: string; readOnly: string };

/**
 * ARCHITECTURE §3, cost rule: one request = one connection and one transaction, in which the
 * session check, the tenant settings and the handler's work all run.
 */
describe('one request, one transaction', () => {
  let api: TestApi;
  let school: Awaited<ReturnType<TestApi['createSchool']>>;
  /** Every statement the app pool sends while `fn` runs. */
  async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    api.deps.db.sql.options.debug = (_connection, query) => {
      seen.push(query.replace(/\s+/g, ' ').trim());
    };
    try {
      await fn();
    } finally {
      api.deps.db.sql.options.debug = false;
    }
    return seen;
  }

  beforeAll(async () => {
    // In-process on purpose: it counts the statements of the app's own pool and mounts probes.
    api = await createTestApi({ processes: 1 });
    // Test-only operations, mounted behind the same middleware as every school route.
    const probe = (c: Parameters<typeof requestTx>[0]) =>
      requestTx(c).execute<Probe>(sql`select txid_current()::text as txid,
          current_setting('app.user_id', true) as "userId",
          current_setting('app.tenant_id', true) as "tenantId",
          current_setting('transaction_read_only') as "readOnly"`);
    api.app.get('/api/v1/test-probe', async (c) => c.json((await probe(c))[0]));
    api.app.post('/api/v1/test-probe', async (c) => c.json((await probe(c))[0]));
    api.app.post('/api/v1/test-write-then-fail', async (c) => {
      await requestTx(c).execute(
        sql`update users set name = 'Changed Then Refused' where email = ${school.owner.email}`,
      );
      throw new AppError('test.refused', { status: 409, title: 'Conflict', detail: 'refused after a write' });
    });
    school = await api.createSchool('onetx');
  });
  afterAll(() => api?.close());

  it('the handler runs in the transaction the session check opened (same txid, caller and school set)', async () => {
    const seen: Probe[] = [];
    const statements = await statementsOf(async () => {
      for (const method of ['GET', 'POST'] as const) {
        const res = await api.call(method, '/api/v1/test-probe', {
          tenant: 'onetx',
          token: school.ownerToken,
        });
        expect(res.status).toBe(200);
        seen.push(res.body);
      }
    });
    const me = await api.call('GET', '/api/v1/auth/me', { tenant: 'onetx', token: school.ownerToken });
    for (const p of seen) {
      expect(p.userId).toBe(me.body.user.id);
      expect(p.tenantId).toBe(school.tenant.id);
    }
    // begin, dc_open_request (tenant, session, settings), the probe, commit — twice.
    expect(statements.filter((s) => s === 'begin')).toHaveLength(2);
    expect(statements.filter((s) => s.startsWith('select dc_open_request'))).toHaveLength(2);
    expect(statements.filter((s) => s === 'commit')).toHaveLength(2);
    expect(statements).toHaveLength(8);
    expect(seen[0]!.txid).not.toBe(seen[1]!.txid);
  });

  it('reads are read-only transactions; writes are not', async () => {
    const get = await api.call('GET', '/api/v1/test-probe', { tenant: 'onetx', token: school.ownerToken });
    const post = await api.call('POST', '/api/v1/test-probe', { tenant: 'onetx', token: school.ownerToken });
    expect(get.body.readOnly).toBe('on');
    expect(post.body.readOnly).toBe('off');
  });

  it('GET /auth/me is three statements: begin, the session check, commit', async () => {
    let res: Awaited<ReturnType<TestApi['call']>> | undefined;
    const statements = await statementsOf(async () => {
      res = await api.call('GET', '/api/v1/auth/me', { tenant: 'onetx', token: school.ownerToken });
    });
    expect(res!.status).toBe(200);
    expect(res!.body.user.email).toBe(school.owner.email);
    expect(statements).toHaveLength(3);
  });

  it('the rate limit costs one statement, on the platform pool, outside the request transaction', async () => {
    const platform: string[] = [];
    api.deps.platformDb.sql.options.debug = (_connection, query) => {
      platform.push(query.replace(/\s+/g, ' ').trim());
    };
    try {
      const statements = await statementsOf(async () => {
        const res = await api.call('GET', '/api/v1/auth/me', { tenant: 'onetx', token: school.ownerToken });
        expect(res.headers.get('ratelimit-remaining')).not.toBeNull();
      });
      expect(statements).toHaveLength(3);
    } finally {
      api.deps.platformDb.sql.options.debug = false;
    }
    // Autocommit (no begin/commit): the count stands even when the request rolls back.
    expect(platform).toHaveLength(1);
    expect(platform[0]).toMatch(/^insert into "rate_limit_counters" .* on conflict .* returning/);
  });

  it('a handler that writes and then refuses leaves nothing behind (the transaction rolls back)', async () => {
    const res = await api.call('POST', '/api/v1/test-write-then-fail', {
      tenant: 'onetx',
      token: school.ownerToken,
    });
    expect(res.status).toBe(409);
    const rows = await api.tdb.owner`select name from users where email = ${school.owner.email}`;
    expect(rows[0]!.name).toBe(school.owner.name);
  });

  it('row-level security still holds: the probe of another school sees its own tenant, not this one', async () => {
    const other = await api.createSchool('onetx-other');
    const res = await api.call('GET', '/api/v1/test-probe', {
      tenant: 'onetx-other',
      token: other.ownerToken,
    });
    expect(res.body.tenantId).toBe(other.tenant.id);
    // This school's token is not a session at the other school: no user is set there.
    const cross = await api.call('GET', '/api/v1/test-probe', {
      tenant: 'onetx-other',
      token: school.ownerToken,
    });
    expect(cross.body.userId).toBe('');
    expect(cross.body.tenantId).toBe(other.tenant.id);
  });
});
