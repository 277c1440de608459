import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPaymentsSchool,
  createTestApi,
  type PaymentsSchool,
  type TestApi,
} from '../payments/payments-fixture.ts';

const figure = (body: { figures: { key: string; value: number }[] }, key: string) =>
  body.figures.find((f) => f.key === key)?.value;

describe('operators suspend schools and read their usage', () => {
  let api: TestApi;
  let operator: string;
  let s: PaymentsSchool;
  let other: PaymentsSchool;
  beforeAll(async () => {
    api = await createTestApi();
    operator = await api.operatorToken();
    s = await createPaymentsSchool(api, 'usageschool');
    other = await createPaymentsSchool(api, 'quietschool');
  });
  afterAll(() => api.close());

  it('counts people, sign-ins, lessons and money for one school only', async () => {
    const kept = await s.book(s.students[0].token, { confirm: true });
    const dropped = await s.book(s.students[1].token);
    expect((await s.call('POST', `/api/v1/bookings/${dropped.id}/cancel`, s.ownerToken, {})).status).toBe(
      200,
    );
    const paid = await s.call('POST', '/api/v1/payments', s.ownerToken, {
      studentId: s.students[0].id,
      method: 'cash',
      purpose: 'booking',
      bookingId: kept.id,
    });
    expect(paid.status).toBe(201);

    const res = await api.call('GET', '/api/v1/platform/tenants/usageschool/usage', { token: operator });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      slug: 'usageschool',
      status: 'active',
      currency: 'GBP',
      people: { students: s.students.length, instructors: 2, staff: 1 },
    });
    expect(res.body.activeUsers).toBeGreaterThanOrEqual(3); // owner, instructor, two students signed in
    expect(figure(res.body, 'scheduling.bookings_made')).toBe(2);
    expect(figure(res.body, 'scheduling.cancellations')).toBe(1);
    expect(figure(res.body, 'payments.money_taken')).toBe(4500);
    expect(res.body.figures.find((f: { key: string }) => f.key === 'payments.money_taken')).toMatchObject({
      module: 'payments',
      unit: 'minor',
    });

    // The other school's figures are its own (RLS scopes every module's query).
    const quiet = await api.call('GET', '/api/v1/platform/tenants/quietschool/usage?days=7', {
      token: operator,
    });
    expect(figure(quiet.body, 'scheduling.bookings_made')).toBe(0);
    expect(figure(quiet.body, 'payments.money_taken')).toBe(0);
    expect(new Date(quiet.body.until).getTime() - new Date(quiet.body.since).getTime()).toBe(7 * 86_400_000);
  });

  it('a module that is off reports nothing', async () => {
    const off = await api.call('PUT', '/api/v1/platform/tenants/quietschool/modules/payments', {
      token: operator,
      body: { enabled: false },
    });
    expect(off.status).toBe(200);
    const res = await api.call('GET', '/api/v1/platform/tenants/quietschool/usage', { token: operator });
    expect(res.body.figures.map((f: { module: string }) => f.module)).not.toContain('payments');
    expect(figure(res.body, 'scheduling.lessons_taught')).toBe(0);
  });

  it('a suspended school refuses everyone until it is resumed, with nothing lost', async () => {
    const before = await s.call('GET', '/api/v1/bookings', s.students[0].token);
    expect(before.status).toBe(200);
    const suspended = await api.call('PUT', '/api/v1/platform/tenants/usageschool/status', {
      token: operator,
      body: { status: 'suspended' },
    });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ slug: 'usageschool', status: 'suspended' });

    for (const token of [s.students[0].token, s.ownerToken]) {
      const refused = await s.call('GET', '/api/v1/bookings', token);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('tenant.suspended');
    }
    const login = await api.call('POST', '/api/v1/auth/login', {
      tenant: 'usageschool',
      body: { email: s.students[0].email, password: s.students[0].password },
    });
    expect(login.status).toBe(403);
    // Other schools carry on.
    expect((await other.call('GET', '/api/v1/bookings', other.students[0].token)).status).toBe(200);

    const resumed = await api.call('PUT', '/api/v1/platform/tenants/usageschool/status', {
      token: operator,
      body: { status: 'active' },
    });
    expect(resumed.body.status).toBe('active');
    const after = await s.call('GET', '/api/v1/bookings', s.students[0].token);
    expect(after.status).toBe(200);
    expect(after.body.data).toEqual(before.body.data);
  });

  it('only operators, only known schools, only valid input', async () => {
    const asOwner = await api.call('PUT', '/api/v1/platform/tenants/usageschool/status', {
      token: s.ownerToken,
      body: { status: 'suspended' },
    });
    expect(asOwner.status).toBe(401);
    expect(
      (await api.call('GET', '/api/v1/platform/tenants/usageschool/usage', { token: s.ownerToken })).status,
    ).toBe(401);
    const unknown = await api.call('PUT', '/api/v1/platform/tenants/nosuchschool/status', {
      token: operator,
      body: { status: 'suspended' },
    });
    expect(unknown.status).toBe(404);
    const bad = await api.call('PUT', '/api/v1/platform/tenants/usageschool/status', {
      token: operator,
      body: { status: 'closed' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.status']);
    const badDays = await api.call('GET', '/api/v1/platform/tenants/usageschool/usage?days=0', {
      token: operator,
    });
    expect(badDays.status).toBe(400);
    expect(badDays.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.days']);
  });
});
