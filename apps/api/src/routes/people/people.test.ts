import { oneRow } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../testing/test-api.ts';

describe('people', () => {
  let api: TestApi;
  let a: Awaited<ReturnType<TestApi['createSchool']>>;
  let b: Awaited<ReturnType<TestApi['createSchool']>>;
  beforeAll(async () => {
    api = await createTestApi();
    a = await api.createSchool('aschool');
    b = await api.createSchool('bschool');
  });
  afterAll(() => api.close());

  for (const kind of ['instructors', 'students'] as const) {
    it(`POST /${kind} creates the person (201 {id,userId,name,email}) who can then sign in`, async () => {
      const res = await api.call('POST', `/api/v1/${kind}`, {
        tenant: 'aschool',
        token: a.ownerToken,
        body: { name: `New ${kind}`, email: `New.${kind}@ASchool.test`, password: 'a-good-password' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        userId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: `New ${kind}`,
        email: `new.${kind}@aschool.test`,
      });
      expect(res.body.id).not.toBe(res.body.userId);
      const login = await api.call('POST', '/api/v1/auth/login', {
        tenant: 'aschool',
        body: { email: `new.${kind}@aschool.test`, password: 'a-good-password' },
      });
      expect(login.body.user.roles).toEqual([kind === 'students' ? 'student' : 'instructor']);
    });

    it(`POST /${kind} without a password creates an invited person who cannot sign in yet`, async () => {
      const res = await api.call('POST', `/api/v1/${kind}`, {
        tenant: 'aschool',
        token: a.ownerToken,
        body: { name: 'Invited', email: `invited.${kind}@aschool.test` },
      });
      expect(res.status).toBe(201);
      const login = await api.call('POST', '/api/v1/auth/login', {
        tenant: 'aschool',
        body: { email: `invited.${kind}@aschool.test`, password: 'anything-at-all' },
      });
      expect(login.status).toBe(401);
    });

    it(`POST /${kind} with an email already used at the school is 409 naming the field`, async () => {
      const res = await api.call('POST', `/api/v1/${kind}`, {
        tenant: 'aschool',
        token: a.ownerToken,
        body: { name: 'Dup', email: a.owner.email.toUpperCase() },
      });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'people.email_taken', errors: [{ path: 'body.email' }] });
    });
  }

  it('the same email may exist at two schools (two accounts)', async () => {
    const body = { name: 'Twin', email: 'twin@example.test', password: 'twin-password-1' };
    expect(
      (await api.call('POST', '/api/v1/students', { tenant: 'aschool', token: a.ownerToken, body })).status,
    ).toBe(201);
    expect(
      (await api.call('POST', '/api/v1/students', { tenant: 'bschool', token: b.ownerToken, body })).status,
    ).toBe(201);
  });

  it('students and instructors may not add people (403)', async () => {
    const student = await api.addPerson('aschool', a.ownerToken, 'students', 'Sid Student');
    const instructor = await api.addPerson('aschool', a.ownerToken, 'instructors', 'Ivy Instructor');
    for (const token of [student.token, instructor.token]) {
      for (const kind of ['students', 'instructors']) {
        const res = await api.call('POST', `/api/v1/${kind}`, {
          tenant: 'aschool',
          token,
          body: { name: 'X', email: `x${Math.random()}@aschool.test` },
        });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('auth.forbidden');
      }
    }
  });

  it('lists are paginated; a student sees only themselves; staff see everyone', async () => {
    const s1 = await api.addPerson('aschool', a.ownerToken, 'students', 'Lia List');
    await api.addPerson('aschool', a.ownerToken, 'students', 'Lou List');
    const own = await api.call('GET', '/api/v1/students', { tenant: 'aschool', token: s1.token });
    expect(own.status).toBe(200);
    expect(own.body).toEqual({
      data: [{ id: s1.id, userId: s1.userId, name: 'Lia List', email: 'lia.list@aschool.test' }],
      nextCursor: null,
    });

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/v1/students?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.call('GET', q, { tenant: 'aschool', token: a.ownerToken });
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      all.push(...page.body.data.map((p: { email: string }) => p.email));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toContain('lia.list@aschool.test');
    expect(all).toContain('lou.list@aschool.test');
    expect(new Set(all).size).toBe(all.length);

    const instructors = await api.call('GET', '/api/v1/instructors', { tenant: 'aschool', token: s1.token });
    expect(instructors.status).toBe(200);
    expect(instructors.body.data.length).toBeGreaterThan(0);
  });

  it('tenant A versus tenant B: B never sees or reaches A’s people', async () => {
    const listB = await api.call('GET', '/api/v1/students', { tenant: 'bschool', token: b.ownerToken });
    const emails = listB.body.data.map((p: { email: string }) => p.email);
    expect(emails.every((e: string) => !e.endsWith('@aschool.test'))).toBe(true);
    // A's owner token at B: refused outright.
    expect(
      (await api.call('GET', '/api/v1/students', { tenant: 'bschool', token: a.ownerToken })).status,
    ).toBe(401);
    expect(
      (
        await api.call('POST', '/api/v1/students', {
          tenant: 'bschool',
          token: a.ownerToken,
          body: { name: 'N', email: 'n@n.test' },
        })
      ).status,
    ).toBe(401);
  });

  it('honours Idempotency-Key: replays the first answer, refuses a different body', async () => {
    const headers = { 'idempotency-key': 'create-student-0001' };
    const body = { name: 'Ida Empotent', email: 'ida@aschool.test' };
    const first = await api.call('POST', '/api/v1/students', {
      tenant: 'aschool',
      token: a.ownerToken,
      body,
      headers,
    });
    const again = await api.call('POST', '/api/v1/students', {
      tenant: 'aschool',
      token: a.ownerToken,
      body,
      headers,
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const { n } = await oneRow(
      api.tdb.owner`select count(*)::int as n from users where email = 'ida@aschool.test'`,
    );
    expect(n).toBe(1);
    const other = await api.call('POST', '/api/v1/students', {
      tenant: 'aschool',
      token: a.ownerToken,
      body: { ...body, email: 'other@aschool.test' },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('request.idempotency_key_reused');
    // Keys are per user: another user's same key is independent.
    const bOwn = await api.call('POST', '/api/v1/students', {
      tenant: 'bschool',
      token: b.ownerToken,
      body,
      headers,
    });
    expect(bOwn.status).toBe(201);
    expect(bOwn.body.id).not.toBe(first.body.id);
  });

  it('concurrent requests with one Idempotency-Key create exactly one person', async () => {
    const headers = { 'idempotency-key': 'race-key-000001' };
    const body = { name: 'Rae Race', email: 'rae@aschool.test' };
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        api.call('POST', '/api/v1/students', { tenant: 'aschool', token: a.ownerToken, body, headers }),
      ),
    );
    for (const r of results) expect([201, 409]).toContain(r.status);
    expect(results.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    const { n } = await oneRow(
      api.tdb.owner`select count(*)::int as n from users where email = 'rae@aschool.test'`,
    );
    expect(n).toBe(1);
  });
});

describe('instructor profiles', () => {
  let api: TestApi;
  let a: Awaited<ReturnType<TestApi['createSchool']>>;
  let b: Awaited<ReturnType<TestApi['createSchool']>>;
  beforeAll(async () => {
    api = await createTestApi();
    a = await api.createSchool('profilea');
    b = await api.createSchool('profileb');
  });
  afterAll(() => api.close());

  it('an instructor edits their own profile; others are refused; another school cannot reach it', async () => {
    const ian = await api.addPerson('profilea', a.ownerToken, 'instructors', 'Ian Profile');
    const olga = await api.addPerson('profilea', a.ownerToken, 'instructors', 'Olga Profile');
    const sam = await api.addPerson('profilea', a.ownerToken, 'students', 'Sam Profile');
    const body = {
      bio: 'Patient, 12 years on the road',
      transmissions: ['manual', 'automatic'],
      languages: ['en', 'pl'],
      workingArea: { lat: 53.8, lng: -1.55, radiusKm: 10 },
      hourlyRateMinor: 4200,
    };
    const own = await api.call('PATCH', `/api/v1/instructors/${ian.id}`, {
      tenant: 'profilea',
      token: ian.token,
      body,
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ ...body, id: ian.id, name: 'Ian Profile' });
    for (const token of [olga.token, sam.token]) {
      expect(
        (
          await api.call('PATCH', `/api/v1/instructors/${ian.id}`, {
            tenant: 'profilea',
            token,
            body: { bio: 'x' },
          })
        ).status,
      ).toBe(403);
    }
    expect(
      (
        await api.call('PATCH', `/api/v1/instructors/${ian.id}`, {
          tenant: 'profileb',
          token: b.ownerToken,
          body: { bio: 'x' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.call('PATCH', `/api/v1/instructors/${ian.id}`, {
          tenant: 'profilea',
          token: a.ownerToken,
          body: { transmissions: [] },
        })
      ).status,
    ).toBe(400);
    const staff = await api.call('PATCH', `/api/v1/instructors/${ian.id}`, {
      tenant: 'profilea',
      token: a.ownerToken,
      body: { hourlyRateMinor: 4500 },
    });
    expect(staff.body).toMatchObject({ hourlyRateMinor: 4500, bio: body.bio });
  });
});
