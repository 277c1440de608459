import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addGuardian } from './guardian-fixture.ts';
import { createLessonsSchool, createTestApi, type LessonsSchool, type TestApi } from './lessons-fixture.ts';

type Guardian = Awaited<ReturnType<typeof addGuardian>>;

/** A date in the school's zone, `days` from today (negative: in the past). */
function schoolDay(timezone: string, days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

/**
 * The logbook against real PostgreSQL: taught hours split day/night from sunset and sunrise at the
 * lesson's place, private practice that counts once its supervising guardian confirms it, and the
 * school's Australian rules (NSW, QLD) with what is still missing.
 */
describe('the learner logbook', () => {
  let api: TestApi;
  let s: LessonsSchool;
  let b: LessonsSchool;
  let greg: Guardian; // Sam's guardian, who supervises
  let gail: Guardian; // Sam's other guardian
  let gus: Guardian; // Sue's guardian
  const lessonIds: string[] = [];
  beforeAll(async () => {
    api = await createTestApi();
    s = await createLessonsSchool(api, 'logbooka', { timezone: 'Australia/Sydney' });
    b = await createLessonsSchool(api, 'logbookb');
    const [sam, sue] = s.students;
    greg = await addGuardian(api, s, sam!, 'Greg Logbook');
    gail = await addGuardian(api, s, sam!, 'Gail Logbook');
    gus = await addGuardian(api, s, sue!, 'Gus Logbook');
  });
  afterAll(() => api.close());

  const sam = () => s.students[0]!;
  const sue = () => s.students[1]!;
  const logbook = async (token = sam().token, studentId = sam().id) =>
    s.expectOk(s.call('GET', `/api/v1/students/${studentId}/logbook`, token), 200, 'logbook');
  const setRules = (logbookRules: string) =>
    s.expectOk(s.call('PATCH', '/api/v1/lessons/settings', s.ownerToken, { logbookRules }), 200, 'settings');
  /** Moves a lesson to a known instant and length (the fixture teaches relative to now). */
  const place = (lessonId: string, taughtAt: string, minutes: number) =>
    api.tdb.owner`update lessons set taught_at = ${taughtAt}, minutes = ${minutes},
      night_minutes = least(night_minutes, ${minutes}) where id = ${lessonId}`;
  const location = async (kind: string, lat: number, lng: number) => {
    const [row] = await api.tdb.owner<
      { id: string }[]
    >`insert into locations (tenant_id, kind, name, address, lat, lng)
      values (${s.tenant.id}, ${kind}, ${`${kind} ${lat}`}, 'Somewhere', ${lat}, ${lng}) returning id`;
    return row!.id;
  };
  const submit = (body: Record<string, unknown>, token = sam().token, studentId = sam().id) =>
    s.call('POST', `/api/v1/students/${studentId}/practice-entries`, token, {
      date: schoolDay(s.timezone, -1),
      start: '18:00',
      minutes: 60,
      supervisorUserId: greg.userId,
      ...body,
    });

  it('taught hours: night from sunset and sunrise at the pickup or the office, else what the instructor recorded', async () => {
    for (let i = 0; i < 3; i++) lessonIds.push(await s.lesson(sam()));
    const [skill] = await s.skills();
    await place(lessonIds[0]!, '2026-06-22T07:00:00Z', 120); // 17:00–19:00 AEST in June
    await place(lessonIds[1]!, '2026-12-22T07:00:00Z', 60); // 18:00–19:00 AEDT in December
    await place(lessonIds[2]!, '2026-06-22T08:00:00Z', 60); // 18:00 in Sydney, 16:00 in Perth
    await s.expectOk(
      s.call('PUT', `/api/v1/lessons/${lessonIds[0]}/record`, s.instructor.token, {
        entries: [{ skillId: skill!.id, level: 2 }],
        nightMinutes: 20,
      }),
      200,
      'record',
    );
    // No coordinates anywhere: the instructor's figure (20 minutes on the first, none on the others).
    let book = await logbook();
    expect(
      book.lessons.map((l: { nightSource: string; nightMinutes: number }) => [l.nightSource, l.nightMinutes]),
    ).toEqual([
      ['instructor', 20],
      ['instructor', 0],
      ['instructor', 0],
    ]);
    expect(book.taught).toEqual({ lessons: 3, minutes: 240, dayMinutes: 220, nightMinutes: 20 });

    // The school's office in Sydney: computed from the sun there.
    await location('office', -33.8688, 151.2093);
    book = await logbook();
    const byId = new Map(book.lessons.map((l: { id: string }) => [l.id, l]));
    const june = byId.get(lessonIds[0]!) as { nightMinutes: number; dayMinutes: number; nightSource: string };
    // Sunset in Sydney on 22 June ≈ 16:54 AEST: the whole lesson is after it.
    expect(june.nightSource).toBe('sun');
    expect(june.nightMinutes).toBeGreaterThanOrEqual(115);
    expect(june.dayMinutes).toBe(120 - june.nightMinutes);
    expect(byId.get(lessonIds[1]!)).toMatchObject({ nightSource: 'sun', nightMinutes: 0 });
    expect(byId.get(lessonIds[2]!)).toMatchObject({ nightSource: 'sun', nightMinutes: 60 });

    // A pickup in Perth wins over the office: 16:00–17:00 AWST, before Perth's sunset (≈ 17:20).
    const perth = await location('pickup', -31.9505, 115.8605);
    await api.tdb.owner`update bookings set pickup_location_id = ${perth}
      where id = (select booking_id from lessons where id = ${lessonIds[2]!})`;
    book = await logbook();
    expect(book.lessons.find((l: { id: string }) => l.id === lessonIds[2])).toMatchObject({
      nightSource: 'sun',
      nightMinutes: 0,
      dayMinutes: 60,
    });
    expect(book.taught.minutes).toBe(240);
    expect(book.taught.nightMinutes).toBe(june.nightMinutes);
  });

  it('no rule by default: totals as driven, no requirement; a rule the API does not know is refused', async () => {
    const book = await logbook();
    expect(book.rules).toBe('none');
    expect(book.requirement).toBeNull();
    expect(book.missing).toBeNull();
    expect(book.credited.totalMinutes).toBe(240);
    const bad = await s.call('PATCH', '/api/v1/lessons/settings', s.ownerToken, { logbookRules: 'au-vic' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toContain('logbookRules');
  });

  it('private practice: the learner submits, only the named guardian (or the office) confirms, and only confirmed counts', async () => {
    const entry = await submit({ start: '17:30', minutes: 90, nightMinutes: 30, notes: 'Motorway merge' });
    expect(entry.status, JSON.stringify(entry.body)).toBe(201);
    expect(entry.body).toMatchObject({
      status: 'pending',
      minutes: 90,
      nightMinutes: 30,
      supervisorUserId: greg.userId,
      supervisorName: 'Greg Logbook',
    });
    const id = entry.body.id as string;
    let book = await logbook();
    expect(book.practice.pending).toEqual({ entries: 1, minutes: 90 });
    expect(book.credited.practiceMinutes).toBe(0);
    expect(book.explanation.at(-1)).toContain('waits for the supervisor to confirm');
    const learners = await s.call('GET', '/api/v1/guardian/learners', greg.token);
    expect(learners.body.data).toMatchObject([{ studentId: sam().id, pendingPracticeEntries: 1 }]);
    expect(
      (await s.call('GET', '/api/v1/guardian/learners', gail.token)).body.data[0].pendingPracticeEntries,
    ).toBe(0);

    const confirm = (token: string) => s.call('POST', `/api/v1/practice-entries/${id}/confirm`, token);
    // May read it but not decide it: Sam's other guardian, Sam, the instructor who taught him.
    for (const token of [gail.token, sam().token, s.instructor.token])
      expect((await confirm(token)).status).toBe(403);
    // May not even see it: another learner, another learner's guardian, an instructor who never
    // taught Sam, another school's office.
    for (const token of [sue().token, gus.token, s.otherInstructor.token])
      expect((await confirm(token)).status).toBe(404);
    expect((await b.call('POST', `/api/v1/practice-entries/${id}/confirm`, b.ownerToken)).status).toBe(404);
    expect((await logbook()).practice.pending.entries).toBe(1);

    const ok = await confirm(greg.token);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('confirmed');
    book = await logbook();
    expect(book.practice.confirmed).toEqual({ entries: 1, minutes: 90, dayMinutes: 60, nightMinutes: 30 });
    expect(book.credited.practiceMinutes).toBe(90);
    expect(book.credited.totalMinutes).toBe(240 + 90);
    // A decision is final.
    const again = await confirm(greg.token);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('lessons.practice_entry_decided');
    expect((await s.call('POST', `/api/v1/practice-entries/${id}/reject`, s.ownerToken)).status).toBe(409);

    // The office may decide any entry; a rejected one never counts.
    const second = await submit({ start: '08:00', minutes: 45 });
    const rejected = await s.call('POST', `/api/v1/practice-entries/${second.body.id}/reject`, s.ownerToken);
    expect(rejected.body.status).toBe('rejected');
    book = await logbook();
    expect(book.practice.rejected.entries).toBe(1);
    expect(book.credited.practiceMinutes).toBe(90);
    const listed = await s.call(
      'GET',
      `/api/v1/students/${sam().id}/practice-entries?status=confirmed`,
      greg.token,
    );
    expect(listed.body.data.map((e: { id: string }) => e.id)).toEqual([id]);
    expect(
      (await s.call('GET', `/api/v1/students/${sam().id}/practice-entries`, sam().token)).body.data,
    ).toHaveLength(2);
  });

  it('NSW: professional hours ×3 up to 10 h, 120 h with 20 at night; QLD: 100 h with 10 at night', async () => {
    // 240 taught minutes (4 h) and 90 confirmed practice minutes so far, 30 of them at night.
    const night = (await logbook()).taught.nightMinutes as number;
    await setRules('au-nsw');
    let book = await logbook(greg.token);
    expect(book.rules).toBe('au-nsw');
    expect(book.requirement).toMatchObject({
      totalMinutes: 7200,
      nightMinutes: 1200,
      professionalMultiplier: 3,
    });
    expect(book.credited).toEqual({
      professionalMinutes: 720,
      bonusMinutes: 480,
      practiceMinutes: 90,
      totalMinutes: 810,
      nightMinutes: night + 30,
    });
    expect(book.missing).toEqual({ totalMinutes: 7200 - 810, nightMinutes: 1200 - night - 30 });
    expect(book.complete).toBe(false);
    expect(book.explanation[0]).toBe(
      '4 h with instructors counts as 12 h: each hour of professional lessons counts 3 times, for up to 10 hours of lessons.',
    );
    expect(book.explanation.join(' ')).toContain('New South Wales learner logbook needs: ');

    // Twelve professional hours: only ten get the bonus.
    await api.tdb.owner`update lessons set minutes = 240 where id = ${lessonIds[1]!}`;
    await api.tdb.owner`update lessons set minutes = 360 where id = ${lessonIds[2]!}`;
    book = await logbook();
    expect(book.taught.minutes).toBe(720);
    expect(book.credited.professionalMinutes).toBe(600 * 3 + 120);

    await setRules('au-qld');
    book = await logbook();
    expect(book.requirement).toMatchObject({ totalMinutes: 6000, nightMinutes: 600 });
    expect(book.missing.totalMinutes).toBe(6000 - (1920 + 90));

    // Enough confirmed practice finishes the QLD logbook, night included.
    for (let day = 2; day <= 13; day++) {
      const e = await submit({
        date: schoolDay(s.timezone, -day),
        start: '19:00',
        minutes: 360,
        nightMinutes: 60,
      });
      expect(e.status, JSON.stringify(e.body)).toBe(201);
      await s.expectOk(
        s.call('POST', `/api/v1/practice-entries/${e.body.id}/confirm`, greg.token),
        200,
        'confirm',
      );
    }
    book = await logbook();
    expect(book.missing).toEqual({ totalMinutes: 0, nightMinutes: 0 });
    expect(book.complete).toBe(true);
    await setRules('none');
  });

  it('refuses bad entries with the field at fault, and entries by anyone but the learner or the office', async () => {
    const expectField = async (body: Record<string, unknown>, status: number, path: string) => {
      const res = await submit(body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.errors[0].path).toBe(path);
    };
    await expectField({ minutes: 30, nightMinutes: 31 }, 400, 'body.nightMinutes');
    await expectField({ date: schoolDay(s.timezone, 2) }, 400, 'body.date');
    await expectField({ supervisorUserId: gus.userId }, 400, 'body.supervisorUserId');
    await expectField({ supervisorUserId: sue().userId }, 400, 'body.supervisorUserId');
    await expectField({ start: '25:00' }, 400, 'body.start');
    await expectField({ minutes: 0 }, 400, 'body.minutes');
    await expectField({ date: '2026-02-30' }, 400, 'body.date');
    const first = await submit({ date: schoolDay(s.timezone, -20), start: '07:15' });
    expect(first.status).toBe(201);
    await expectField({ date: schoolDay(s.timezone, -20), start: '07:15' }, 409, 'body.start');
    // Overlapping drives are one drive logged twice: refused. Back to back is fine.
    await expectField({ date: schoolDay(s.timezone, -20), start: '07:45', minutes: 30 }, 409, 'body.start');
    await expectField({ date: schoolDay(s.timezone, -20), start: '06:30', minutes: 50 }, 409, 'body.start');
    expect((await submit({ date: schoolDay(s.timezone, -20), start: '08:15', minutes: 30 })).status).toBe(
      201,
    );
    expect((await submit({ date: schoolDay(s.timezone, -20), start: '06:30', minutes: 45 })).status).toBe(
      201,
    );

    const before = await api.tdb.owner<{ n: number }[]>`select count(*)::int as n from practice_entries`;
    const day = schoolDay(s.timezone, -30);
    expect((await submit({ date: day }, greg.token)).status).toBe(403);
    expect((await submit({ date: day }, s.instructor.token)).status).toBe(403);
    expect((await submit({ date: day }, sue().token)).status).toBe(404);
    expect((await submit({ date: day }, gus.token)).status).toBe(404);
    expect(
      (
        await b.call('POST', `/api/v1/students/${sam().id}/practice-entries`, b.ownerToken, {
          date: day,
          start: '18:00',
          minutes: 60,
          supervisorUserId: greg.userId,
        })
      ).status,
    ).toBe(404);
    expect(await api.tdb.owner`select count(*)::int as n from practice_entries`).toEqual(before);
    expect((await submit({ date: day }, s.ownerToken)).status).toBe(201);
  });

  it('a guardian reads their learner’s lessons, read-only, and nobody else’s', async () => {
    const sueLesson = await s.lesson(sue());
    const list = await s.call('GET', '/api/v1/lessons?limit=100', greg.token);
    expect(list.status).toBe(200);
    expect(new Set(list.body.data.map((l: { studentId: string }) => l.studentId))).toEqual(
      new Set([sam().id]),
    );
    expect(list.body.data).toHaveLength(3);
    expect((await s.call('GET', `/api/v1/lessons?studentId=${sue().id}`, greg.token)).body.data).toEqual([]);
    expect((await s.call('GET', `/api/v1/lessons/${lessonIds[0]}`, greg.token)).status).toBe(200);
    expect((await s.call('GET', `/api/v1/lessons/${sueLesson}`, greg.token)).status).toBe(404);
    const [skill] = await s.skills();
    const write = await s.call('PUT', `/api/v1/lessons/${lessonIds[0]}/record`, greg.token, {
      entries: [{ skillId: skill!.id, level: 5 }],
    });
    expect([403, 404]).toContain(write.status);
    // Sue's guardian sees Sue's lesson and logbook, not Sam's.
    expect((await s.call('GET', `/api/v1/lessons/${sueLesson}`, gus.token)).status).toBe(200);
    expect((await s.call('GET', `/api/v1/students/${sam().id}/logbook`, gus.token)).status).toBe(404);
    expect((await s.call('GET', `/api/v1/students/${sue().id}/logbook`, gus.token)).status).toBe(200);
  });
});
