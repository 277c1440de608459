import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLessonsSchool,
  createTestApi,
  dispatchLessons,
  type LessonsSchool,
  type TestApi,
} from './lessons-fixture.ts';

describe('the lessons module switched off for a school', () => {
  let api: TestApi;
  let s: LessonsSchool;
  let operator: string;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createLessonsSchool(api, 'nolessons');
    operator = await api.operatorToken();
  });
  afterAll(() => api.close());

  const toggle = (enabled: boolean) =>
    api.call('PUT', `/api/v1/platform/tenants/${s.slug}/modules/lessons`, {
      token: operator,
      body: { enabled },
    });

  it('answers 404 naming the module, makes no lessons from completed bookings, and keeps its data', async () => {
    const kept = await s.lesson(s.students[0]!);
    expect((await toggle(false)).status).toBe(200);
    const gated = await s.call('GET', `/api/v1/students/${s.students[0]!.id}/progress`, s.ownerToken);
    expect(gated.status).toBe(404);
    expect(gated.body).toMatchObject({ code: 'modules.disabled', module: 'lessons' });
    expect((await s.call('GET', '/api/v1/syllabus', s.students[0]!.token)).body.code).toBe(
      'modules.disabled',
    );

    const bookingId = await s.teach(s.students[1]!);
    await dispatchLessons(api);
    const made = await api.tdb.owner`select 1 from lessons where booking_id = ${bookingId}`;
    expect(made).toHaveLength(0);

    expect((await toggle(true)).status).toBe(200);
    const back = await s.call('GET', `/api/v1/lessons/${kept}`, s.instructor.token);
    expect(back.status).toBe(200);
  });
});
