import { createTestApi, type TestApi } from '@dualcontrol/api/testing';
import type { Pgbouncer } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPooler } from './pooler-fixture.ts';
import { type LoadSchool, leaks, runLoad, type Send } from './two-school-load.ts';

/**
 * The API as `npm start` and the containers run it — main.ts, two processes behind one port,
 * reading DATABASE_POOLER_URL from their environment — over loopback HTTP through PgBouncer.
 */
describe('the API processes with DATABASE_POOLER_URL in their environment', () => {
  let pooler: Pgbouncer;
  let api: TestApi;
  const schools: LoadSchool[] = [];

  beforeAll(async () => {
    pooler = await startPooler(3);
    api = await createTestApi({
      processes: 2,
      env: { DATABASE_POOLER_URL: `postgres://127.0.0.1:${pooler.port}`, RATE_LIMIT_SCALE: '1000000' },
    });
    for (const [slug, timezone, currency] of [
      ['eastpool', 'Europe/London', 'GBP'],
      ['westpool', 'America/Chicago', 'USD'],
    ] as const) {
      const made = await api.createSchool(slug, { timezone, currency });
      const me = await api.call('GET', '/api/v1/auth/me', { tenant: slug, token: made.ownerToken });
      const school: LoadSchool = {
        slug,
        tenantId: made.tenant.id,
        currency,
        timezone,
        preferences: { locale: currency === 'GBP' ? 'en-GB' : 'en-US', timezone },
        palette: currency === 'GBP' ? ['#8b0000'] : ['#005a00'],
        actors: [{ role: 'owner', userId: me.body.user.id, token: made.ownerToken }],
        marks: new Set([slug, made.tenant.id, me.body.user.id]),
      };
      for (let i = 1; i <= 2; i++) {
        const p = await api.addPerson(slug, made.ownerToken, 'students', `${slug} student ${i}`);
        school.actors.push({ role: 'student', userId: p.userId, token: p.token });
        for (const mark of [p.id, p.userId, p.email]) school.marks.add(mark);
      }
      const t = await api.addPerson(slug, made.ownerToken, 'instructors', `${slug} instructor`);
      school.actors.push({ role: 'instructor', userId: t.userId, token: t.token });
      for (const mark of [t.id, t.userId, t.email]) school.marks.add(mark);
      schools.push(school);
    }
  });
  afterAll(async () => {
    await api?.close();
    await pooler?.stop();
  });

  it('serve two schools at once through the pooler without mixing them up', async () => {
    expect(api.processes).toBe(2);
    const send: Send = async (method, path, token, tenant, body) => {
      const res = await api.call(method, path, { token, tenant, ...(body !== undefined ? { body } : {}) });
      return { status: res.status, text: typeof res.body === 'string' ? res.body : JSON.stringify(res.body) };
    };
    // The probe exists only in-process, so this load is the public operations alone.
    const { outcomes, failures } = await runLoad(send, schools, {
      total: 240,
      concurrency: 16,
      seed: 42,
      kinds: (k) => k !== 'probe',
    });
    expect(failures).toEqual([]);
    expect(leaks(outcomes, schools)).toEqual([]);
    // The processes' connections are PgBouncer's clients (the in-process app beside them sent nothing).
    const clients = await pooler.show('CLIENTS');
    const processes = clients.filter(
      (c) => c.user === 'dualcontrol_app' && c.application_name === 'dualcontrol-api',
    );
    expect(processes.length).toBeGreaterThan(0);
  });
});
