import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApi, type TestApi } from '../../testing/test-api.ts';

describe('health', () => {
  let api: TestApi;
  let noTemporal: TestApi;
  beforeAll(async () => {
    api = await createTestApi({ env: { TEMPORAL_ADDRESS: inject('dcTemporal').address } });
    // A port nothing listens on: Temporal is "down" for this one.
    noTemporal = await createTestApi({ env: { TEMPORAL_ADDRESS: '127.0.0.1:9' } });
  });
  afterAll(async () => {
    await api.close();
    await noTemporal.close();
  });

  it('healthz answers ok', async () => {
    const res = await api.call('GET', '/api/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('readyz is 200 when PostgreSQL and Temporal answer', async () => {
    const res = await api.call('GET', '/api/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('readyz is 503 problem+json naming what is down', async () => {
    const res = await noTemporal.call('GET', '/api/readyz');
    expect(res.status).toBe(503);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      status: 503,
      code: 'health.not_ready',
      checks: { postgres: true, temporal: false },
    });
    expect(res.body.detail).toContain('Temporal');
  });
});
