import { expect } from 'vitest';
import { dispatchLessons } from '../lessons/lessons-fixture.ts';
import type { E2eStack } from './e2e-stack.ts';

export type Skill = { id: string; name: string };

/** What these helpers need of an e2e school (any instructors and students). */
type School = {
  ok: (method: string, path: string, token: string, body?: unknown) => Promise<unknown>;
  owner: { token: string };
};

/**
 * The lesson the lessons module made of a taught booking: its events are delivered as the worker
 * would, then the lesson is looked for (the subscription runs after the outbox dispatch).
 */
export async function lessonOf(
  stack: E2eStack,
  s: School,
  bookingId: string,
  studentId: string,
): Promise<string> {
  let id = '';
  for (let tries = 0; !id && tries < 40; tries++) {
    await dispatchLessons(stack.api);
    const lessons = (await s.ok('GET', `/api/v1/lessons?studentId=${studentId}&limit=50`, s.owner.token)) as {
      data: { id: string; bookingId: string }[];
    };
    id = lessons.data.find((l) => l.bookingId === bookingId)?.id ?? '';
    if (!id) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(id).not.toBe('');
  return id;
}

/** The school's syllabus skills that are not retired, in syllabus order. */
export async function activeSkills(s: School): Promise<Skill[]> {
  const syllabus = (await s.ok('GET', '/api/v1/syllabus', s.owner.token)) as {
    categories: { skills: (Skill & { retiredAt: string | null })[] }[];
  };
  return syllabus.categories.flatMap((c) => c.skills).filter((k) => !k.retiredAt);
}
