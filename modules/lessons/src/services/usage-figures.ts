import type { Tx } from '@dualcontrol/db';
import type { UsageFigure } from '@dualcontrol/platform';
import { type SQLWrapper, sql } from 'drizzle-orm';
import { lessons, studentEvaluations, testRecords } from '../schema.ts';

/** For operators: lessons recorded, mock tests marked and tests passed in the window (RLS: one school). */
export async function lessonsUsage(tx: Tx, window: { since: Date; until: Date }): Promise<UsageFigure[]> {
  const within = (column: SQLWrapper) =>
    sql`${column} >= ${window.since.toISOString()} and ${column} < ${window.until.toISOString()}`;
  const [row] = await tx.execute<{ recorded: number; mocks: number; passed: number }>(sql`select
      (select count(*)::int from ${lessons} where ${within(lessons.recordedAt)}) as recorded,
      (select count(*)::int from ${studentEvaluations}
        where ${studentEvaluations.kind} = 'mock_test' and ${within(studentEvaluations.createdAt)}) as mocks,
      (select count(*)::int from ${testRecords}
        where ${testRecords.status} = 'passed' and ${within(testRecords.resultRecordedAt)}) as passed`);
  return [
    { key: 'lessons.lessons_recorded', value: row?.recorded ?? 0, unit: 'count' },
    { key: 'lessons.mock_tests', value: row?.mocks ?? 0, unit: 'count' },
    { key: 'lessons.tests_passed', value: row?.passed ?? 0, unit: 'count' },
  ];
}
