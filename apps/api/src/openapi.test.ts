import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './testing/test-api.ts';

/** The contract of API-CONTRACT.md for this step, checked against the generated document. */
const CONTRACT: Record<string, number[]> = {
  'post /api/v1/platform/login': [200, 401],
  'post /api/v1/platform/tenants': [201, 409],
  'get /api/v1/platform/tenants': [200],
  'put /api/v1/platform/tenants/{slug}/modules/{module}': [200, 409],
  'post /api/v1/auth/login': [200, 401],
  'get /api/v1/auth/me': [200, 401],
  'post /api/v1/auth/logout': [204],
  'post /api/v1/instructors': [201],
  'post /api/v1/students': [201],
  'get /api/v1/instructors': [200],
  'get /api/v1/students': [200],
  'put /api/v1/instructors/{id}/availability': [200, 403, 404],
  'get /api/v1/instructors/{id}/slots': [200, 400],
  'post /api/v1/bookings': [201, 409, 422],
  'get /api/v1/bookings/{id}': [200, 404],
  'get /api/v1/bookings': [200],
  'post /api/v1/bookings/{id}/confirm': [200, 403, 404, 409],
  'post /api/v1/bookings/{id}/cancel': [200, 404, 409],
  'get /api/healthz': [200],
  'get /api/readyz': [200, 503],
};

describe('OpenAPI document', () => {
  let api: TestApi;
  let doc: any;
  beforeAll(async () => {
    api = await createTestApi();
    doc = (await api.call('GET', '/api/openapi.json')).body;
  });
  afterAll(() => api.close());

  it('is OpenAPI 3.1 with every contract operation and its statuses', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const [op, statuses] of Object.entries(CONTRACT)) {
      const [method, path] = op.split(' ') as [string, string];
      const operation = doc.paths[path]?.[method];
      expect(operation, op).toBeDefined();
      for (const s of statuses) expect(Object.keys(operation.responses), op).toContain(String(s));
    }
  });

  it('is the reviewed document: any change to an operation or schema shows up as a diff of the snapshot', async () => {
    // Refactors of the wiring must leave it byte for byte; a deliberate API change updates it (vitest -u).
    await expect(`${JSON.stringify(doc, null, 2)}\n`).toMatchFileSnapshot(
      './__snapshots__/openapi-document.snap',
    );
  });

  it('declares problem+json for every error status of every operation', () => {
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        const errors = Object.entries<any>(operation.responses).filter(([s]) => Number(s) >= 400);
        expect(errors.length, `${method} ${path}`).toBeGreaterThan(0);
        for (const [status, response] of errors) {
          expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual([
            'application/problem+json',
          ]);
        }
      }
    }
  });

  it('declares 400/413/415 on every operation that takes a body', () => {
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        if (!operation.requestBody) continue;
        for (const s of ['400', '413', '415'])
          expect(Object.keys(operation.responses), `${method} ${path}`).toContain(s);
      }
    }
  });

  it('serves the interactive docs and their assets locally', async () => {
    const page = await api.call('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('/api/openapi.json');
    const js = await api.call('GET', '/api/docs/assets/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
    expect(js.body.length).toBeGreaterThan(100_000);
  });
});
