import { systemActor } from '@dualcontrol/db';
import { freePort } from '@dualcontrol/platform';
import { parsePrometheus, sumSamples as total } from '@dualcontrol/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './testing/test-api.ts';

describe('Prometheus metrics (METRICS_PORT)', () => {
  describe('one process', () => {
    let api: TestApi;
    let school: Awaited<ReturnType<TestApi['createSchool']>>;
    beforeAll(async () => {
      api = await createTestApi({ env: { METRICS_PORT: '9999' }, processes: 1 });
      school = await api.createSchool('metricsone');
    });
    afterAll(() => api?.close());

    it('times requests under their route pattern and counts 429 refusals', async () => {
      for (let i = 0; i < 3; i += 1)
        expect((await api.call('GET', '/api/v1/auth/me', { tenant: 'metricsone' })).status).toBe(401);
      expect((await api.call('GET', '/api/v1/no/such/route')).status).toBe(404);
      const body = { email: 'nobody@metricsone.test', password: 'wrong-password' };
      let refused = 0;
      for (let i = 0; i < 8; i += 1) {
        const res = await api.call('POST', '/api/v1/auth/login', { tenant: 'metricsone', body });
        if (res.status === 429) refused += 1;
      }
      expect(refused).toBeGreaterThan(0);

      const samples = parsePrometheus(await api.deps.metrics!.registry.metrics());
      const me = { route: '/api/v1/auth/me', method: 'GET', status: '401' };
      expect(total(samples, 'dc_http_request_duration_seconds_count', me)).toBe(3);
      // A histogram: the +Inf bucket holds every observation.
      expect(total(samples, 'dc_http_request_duration_seconds_bucket', { ...me, le: '+Inf' })).toBe(3);
      expect(
        total(samples, 'dc_http_request_duration_seconds_count', { route: 'unmatched' }),
      ).toBeGreaterThanOrEqual(1);
      // Ids never become labels: only patterns and the unmatched bucket.
      expect(samples.some((s) => s.labels.route?.includes('no/such'))).toBe(false);
      expect(total(samples, 'dc_rate_limit_refusals_total', { route: '/api/v1/auth/login' })).toBe(refused);
      expect(total(samples, 'dc_outbox_pending_events')).toBeGreaterThanOrEqual(0);
      expect(samples.filter((s) => s.name === 'dc_outbox_dead_letters')).toHaveLength(1);
      expect(total(samples, 'dc_db_connections', { role: 'dualcontrol_app' })).toBeGreaterThan(0);
    });

    it('counts notification deliveries by channel and status', async () => {
      const student = await api.addPerson('metricsone', school.ownerToken, 'students', 'Mo Metrics');
      // Two deliveries of one notification, as messaging's fan-out writes them; one already sent.
      await api.tdb.db.withTenant(school.tenant.id, systemActor, async (tx) => {
        const [n] = await tx.execute<{ id: string }>(sql`
          insert into notifications (tenant_id, event_type, user_id, recipient_role, critical, title, body)
          values (${school.tenant.id}, 'booking.confirmed', ${student.userId}, 'student', false, 'Confirmed', 'Confirmed.')
          returning id`);
        for (const [channel, status] of [
          ['email', 'sent'],
          ['in_app', 'pending'],
        ])
          await tx.execute(sql`
            insert into notification_channels (tenant_id, notification_id, channel, address, status, rendered)
            values (${school.tenant.id}, ${n!.id}, ${channel}, 'mo@metricsone.test', ${status}, '{"text":"x"}'::jsonb)`);
      });
      const samples = parsePrometheus(await api.deps.metrics!.registry.metrics());
      expect(total(samples, 'dc_notification_deliveries', { channel: 'email', status: 'sent' })).toBe(1);
      expect(total(samples, 'dc_notification_deliveries', { channel: 'in_app', status: 'pending' })).toBe(1);
      expect(total(samples, 'dc_notification_deliveries', { channel: 'email', status: 'pending' })).toBe(0);
      // Counts only: no school, person or address becomes a label.
      const labels = samples.filter((s) => s.name === 'dc_notification_deliveries').map((s) => s.labels);
      expect(labels.every((l) => Object.keys(l).sort().join() === 'channel,status')).toBe(true);
    });

    it('the reader refuses what is not Prometheus text (so the checks above can fail)', () => {
      expect(() => parsePrometheus('{"metrics": []}')).toThrow();
      expect(() => parsePrometheus('# TYPE x counter\ny_total 1')).toThrow(/undeclared/);
      expect(() => parsePrometheus('# TYPE x counter\nx{a=b} 1')).toThrow();
    });
  });

  describe('two processes (node:cluster), as npm start runs the API', () => {
    let api: TestApi;
    let port: number;
    let school: Awaited<ReturnType<TestApi['createSchool']>>;
    beforeAll(async () => {
      port = await freePort();
      api = await createTestApi({ processes: 2, env: { METRICS_PORT: String(port) } });
      school = await api.createSchool('metricstwo');
    });
    afterAll(() => api?.close());

    it('serves one merged exposition on the internal port, and nothing else there', async () => {
      const pids = new Set<string>();
      for (let i = 0; i < 6; i += 1) {
        const res = await api.call('GET', '/api/v1/auth/me', {
          tenant: 'metricstwo',
          token: school.ownerToken,
        });
        expect(res.status).toBe(200);
        pids.add(res.headers.get('x-api-pid')!);
      }
      expect(pids.size).toBe(2);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status, res.status === 200 ? '' : await res.clone().text()).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const samples = parsePrometheus(await res.text());
      const me = { route: '/api/v1/auth/me', method: 'GET', status: '200' };
      expect(total(samples, 'dc_http_request_duration_seconds_count', me)).toBe(6); // summed over both
      // Read from PostgreSQL, so taken once rather than added up per process.
      expect(samples.filter((s) => s.name === 'dc_outbox_pending_events')).toHaveLength(1);
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/healthz`)).status).toBe(404);
    });
  });
});
