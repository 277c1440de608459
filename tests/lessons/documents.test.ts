import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLessonsSchool, createTestApi, type LessonsSchool, type TestApi } from './lessons-fixture.ts';

// Dates in the school's zone, as the product counts days left: a UTC date is a day behind London's
// from 23:00 to midnight UTC in summer time (days left then came out -4 and 19, not -3 and 20).
const day = (offsetDays: number) =>
  DateTime.now().setZone('Europe/London').plus({ days: offsetDays }).toISODate()!;

describe('documents', () => {
  let api: TestApi;
  let s: LessonsSchool;
  let other: LessonsSchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createLessonsSchool(api, 'papers');
    other = await createLessonsSchool(api, 'papersb');
  });
  afterAll(() => api.close());

  it('people add their own; the office adds anyone’s; nobody adds another person’s', async () => {
    const sam = s.students[0]!;
    const mine = await s.call('POST', '/api/v1/documents', sam.token, {
      category: 'licence',
      reference: 'SMITH901015J99AB',
      expiresOn: day(400),
    });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({
      userId: sam.userId,
      category: 'licence',
      reference: 'SMITH901015J99AB',
      verifiedAt: null,
    });
    // The licence number is sealed at rest (AES-256-GCM, bound to the document).
    const [stored] = await api.tdb.owner<
      { reference_enc: string }[]
    >`select reference_enc from documents where id = ${mine.body.id}`;
    expect(stored!.reference_enc).toMatch(/^v1\./);
    expect(stored!.reference_enc).not.toContain('SMITH');
    const badge = await s.call('POST', '/api/v1/documents', s.instructor.token, {
      category: 'instructor_badge',
      expiresOn: day(20),
    });
    expect(badge.status).toBe(201);
    const forSue = await s.call('POST', '/api/v1/documents', sam.token, {
      userId: s.students[1]!.userId,
      category: 'licence',
    });
    expect(forSue.status).toBe(403);
    // Issued on the 15th eleven months ago (relative, so that it never enters the 30-day list below).
    const issued = DateTime.now().setZone('Europe/London').minus({ months: 11 }).set({ day: 15 });
    const byOffice = await s.call('POST', '/api/v1/documents', s.ownerToken, {
      userId: s.students[1]!.userId,
      category: 'theory_certificate',
      issuedOn: issued.toISODate(),
    });
    expect(byOffice.status).toBe(201);
    // No expiry given: the UK's two years from the issue date (issued 2026-01-15: expires 2028-01-14).
    expect(byOffice.body.expiresOn).toBe(issued.plus({ years: 2 }).minus({ days: 1 }).toISODate());
    // Another school's user is not a person here.
    const foreign = await other.call('POST', '/api/v1/documents', other.ownerToken, {
      userId: sam.userId,
      category: 'licence',
    });
    expect(foreign.status).toBe(404);
    const badDates = await s.call('POST', '/api/v1/documents', sam.token, {
      category: 'eyesight',
      issuedOn: '2026-02-01',
      expiresOn: '2026-01-01',
    });
    expect(badDates.status).toBe(400);
  });

  it('lists: one’s own documents; the office everyone’s; another school none', async () => {
    const sam = s.students[0]!;
    const own = await s.call('GET', '/api/v1/documents', sam.token);
    expect(own.status).toBe(200);
    expect(own.body.data.map((d: { userId: string }) => d.userId)).toEqual([sam.userId]);
    expect((await s.call('GET', `/api/v1/documents?userId=${s.students[1]!.userId}`, sam.token)).status).toBe(
      403,
    );
    const sue = await s.call('GET', '/api/v1/documents', s.students[1]!.token);
    expect(sue.body.data.every((d: { userId: string }) => d.userId === s.students[1]!.userId)).toBe(true);
    const office = await s.call('GET', '/api/v1/documents', s.ownerToken);
    expect(office.body.data).toHaveLength(3);
    const byCategory = await s.call('GET', '/api/v1/documents?category=theory_certificate', s.ownerToken);
    expect(byCategory.body.data).toHaveLength(1);
    const foreign = await other.call('GET', `/api/v1/documents?userId=${sam.userId}`, other.ownerToken);
    expect(foreign.body.data).toEqual([]);
  });

  it('the office verifies; the owner of a document cannot; a stranger is told it does not exist', async () => {
    const [doc] = (await s.call('GET', '/api/v1/documents', s.students[0]!.token)).body.data;
    const verify = (token: string) => s.call('POST', `/api/v1/documents/${doc.id}/verify`, token);
    expect((await verify(s.students[0]!.token)).status).toBe(403);
    expect((await verify(s.students[1]!.token)).status).toBe(404);
    expect((await verify(s.instructor.token)).status).toBe(404);
    expect((await other.call('POST', `/api/v1/documents/${doc.id}/verify`, other.ownerToken)).status).toBe(
      404,
    );
    const ok = await verify(s.ownerToken);
    expect(ok.status).toBe(200);
    expect(ok.body.verifiedBy).toBe(
      (await s.call('GET', '/api/v1/auth/me', s.ownerToken)).body.id ?? ok.body.verifiedBy,
    );
    expect(ok.body.verifiedAt).not.toBeNull();
  });

  it('the office lists what expires within N days (and what has expired), soonest first', async () => {
    await s.call('POST', '/api/v1/documents', s.ownerToken, { category: 'insurance', expiresOn: day(-3) });
    const soon = await s.call('GET', '/api/v1/documents/expiring?days=30', s.ownerToken);
    expect(soon.status).toBe(200);
    expect(
      soon.body.data.map((d: { category: string; daysLeft: number; expired: boolean }) => [
        d.category,
        d.daysLeft,
        d.expired,
      ]),
    ).toEqual([
      ['insurance', -3, true],
      ['instructor_badge', 20, false],
    ]);
    expect(soon.body.data[1].personName).toBe(`Ian ${s.slug}`);
    const wide = await s.call('GET', '/api/v1/documents/expiring?days=500', s.ownerToken);
    expect(wide.body.data).toHaveLength(4);
    expect((await s.call('GET', '/api/v1/documents/expiring', s.instructor.token)).status).toBe(403);
    expect((await s.call('GET', '/api/v1/documents/expiring', s.students[0]!.token)).status).toBe(403);
    expect(
      (await other.call('GET', '/api/v1/documents/expiring?days=500', other.ownerToken)).body.data,
    ).toEqual([]);
  });
});
