import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  type TestApi,
} from './scheduling-fixture.ts';

describe('student ↔ instructor assignments', () => {
  let api: TestApi;
  let s: SchedulingSchool;
  let other: SchedulingSchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createSchedulingSchool(api, 'assignschool');
    other = await createSchedulingSchool(api, 'assignother');
  });
  afterAll(() => api.close());

  it('staff give a student several instructors with one primary; the student can see them', async () => {
    const path = `/api/v1/students/${s.students[0].id}/instructors`;
    const body = {
      instructorIds: [s.instructor.id, s.otherInstructor.id],
      primaryInstructorId: s.otherInstructor.id,
    };
    const set = await api.call('PUT', path, { tenant: 'assignschool', token: s.ownerToken, body });
    expect(set.status).toBe(200);
    expect(set.body.data).toEqual(
      expect.arrayContaining([
        { instructorId: s.instructor.id, isPrimary: false },
        { instructorId: s.otherInstructor.id, isPrimary: true },
      ]),
    );
    expect(
      (await api.call('GET', path, { tenant: 'assignschool', token: s.students[0].token })).body.data,
    ).toHaveLength(2);
    expect((await api.call('GET', path, { tenant: 'assignschool', token: s.students[1].token })).status).toBe(
      403,
    );
    expect(
      (await api.call('PUT', path, { tenant: 'assignschool', token: s.students[0].token, body })).status,
    ).toBe(403);
    const notAssigned = await api.call('PUT', path, {
      tenant: 'assignschool',
      token: s.ownerToken,
      body: { instructorIds: [s.instructor.id], primaryInstructorId: s.otherInstructor.id },
    });
    expect(notAssigned.status).toBe(400);
  });

  it('tenant A versus B: no cross-school assignment or read', async () => {
    const cross = await api.call('PUT', `/api/v1/students/${s.students[0].id}/instructors`, {
      tenant: 'assignother',
      token: other.ownerToken,
      body: { instructorIds: [other.instructor.id] },
    });
    expect(cross.status).toBe(404);
    const foreignInstructor = await api.call('PUT', `/api/v1/students/${s.students[1].id}/instructors`, {
      tenant: 'assignschool',
      token: s.ownerToken,
      body: { instructorIds: [other.instructor.id] },
    });
    expect(foreignInstructor.status).toBe(404);
  });
});
