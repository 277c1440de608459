import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './testing/test-api.ts';

/**
 * Every school-scoped operation in the OpenAPI document, tried without a session and with a
 * session of another school: each must refuse (401) — discovered from the document, so a new
 * route is covered the day it is added.
 */
// The Stripe webhook has no session: its Stripe-Signature is the credential (tested in tests/payments).
// Nor has an attachment download: its signed, expiring link is (tested in tests/lessons/attachments*).
const PUBLIC = new Set([
  'get /api/v1/lessons/{id}/attachments/{attachmentId}/content',
  'get /api/v1/messaging/attachments/{id}/content',
  'post /api/v1/auth/login',
  'get /api/v1/calendar-feeds/{token}/lessons.ics',
  'post /api/v1/webhooks/stripe',
  'get /api/v1/school',
  // The school's logo shows on the sign-in page (school-logo.test.ts: anyone reads it, no one else changes it).
  'get /api/v1/school/logo',
  'post /api/v1/auth/signup',
  'post /api/v1/auth/verify-email',
  'post /api/v1/auth/password-reset',
  'post /api/v1/auth/password-reset/confirm',
  // A guardian invitation's token is the credential (tested in tests/lessons/guardian-invitations).
  'post /api/v1/guardian-invitations/preview',
  'post /api/v1/guardian-invitations/accept',
  // A school's public enquiry form: anyone may send it (honeypot and rate limit in tests/crm/enquiries).
  'post /api/v1/enquiries',
  // Provider callbacks: X-Twilio-Signature and X-Dualcontrol-Signature are the credentials
  // (tested in tests/messaging/channels-twilio and channels-email).
  'post /api/v1/messaging/callbacks/twilio',
  'post /api/v1/messaging/callbacks/email',
]);

describe('unauthorized access to every school operation', () => {
  let api: TestApi;
  let operations: { method: string; path: string }[];
  let otherSchoolToken: string;
  beforeAll(async () => {
    api = await createTestApi();
    await api.createSchool('victim');
    otherSchoolToken = (await api.createSchool('intruder')).ownerToken;
    const doc = (await api.call('GET', '/api/openapi.json')).body;
    operations = Object.entries<Record<string, unknown>>(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/') && !path.startsWith('/api/v1/platform/'))
      .flatMap(([path, item]) => Object.keys(item).map((method) => ({ method, path })))
      .filter((op) => !PUBLIC.has(`${op.method} ${op.path}`));
  });
  afterAll(() => api.close());

  // The session is checked before the request is validated: an anonymous caller learns nothing.
  const allowed = (_method: string) => [401];
  const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '01a20000-0000-7000-8000-000000000000');

  it('covers the operations of every mounted module', () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.some((o) => o.path === '/api/v1/bookings')).toBe(true);
  });

  it('no session → 401 problem on every operation', async () => {
    for (const op of operations) {
      const res = await api.call(op.method.toUpperCase(), concrete(op.path), {
        tenant: 'victim',
        ...(['post', 'put', 'patch'].includes(op.method) ? { body: {} } : {}),
      });
      expect(allowed(op.method), `${op.method} ${op.path} → ${res.status}`).toContain(res.status);
      expect(res.contentType, `${op.method} ${op.path}`).toContain('application/problem+json');
    }
  });

  it('another school’s session → 401 on every operation', async () => {
    for (const op of operations) {
      const res = await api.call(op.method.toUpperCase(), concrete(op.path), {
        tenant: 'victim',
        token: otherSchoolToken,
        ...(['post', 'put', 'patch'].includes(op.method) ? { body: {} } : {}),
      });
      expect(allowed(op.method), `${op.method} ${op.path} → ${res.status}`).toContain(res.status);
    }
  });
});
