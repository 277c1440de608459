import { describe, expect, it } from 'vitest';
import { computeReadiness, READINESS_WEIGHTS, recommendNext } from './readiness.ts';

const base = {
  levels: [null, null, null, null],
  mockResults: [] as ('pass' | 'fail')[],
  minutesTaught: 0,
  targetHours: 45,
  theoryValidUntil: null,
  judgedOn: '2027-01-10',
  practicalBookedOn: null,
};

describe('computeReadiness', () => {
  it('weights add up to 100 and an untaught student scores 0', () => {
    expect(Object.values(READINESS_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
    expect(computeReadiness(base).score).toBe(0);
  });

  it('gives full marks for everything independent, recent passes, the target hours and a valid theory pass', () => {
    const r = computeReadiness({
      ...base,
      levels: [4, 5, 4, 4],
      mockResults: ['pass', 'pass'],
      minutesTaught: 50 * 60,
      theoryValidUntil: '2028-01-01',
    });
    expect(r.score).toBe(100);
    expect(r.summary).toMatch(/^Ready/);
  });

  it('weights the newest mock test most (3:2:1) and judges the theory pass on the booked test date', () => {
    const failedLast = computeReadiness({ ...base, mockResults: ['fail', 'pass', 'pass'] });
    expect(failedLast.components.find((c) => c.key === 'mockTests')!.points).toBe(15);
    const passedLast = computeReadiness({ ...base, mockResults: ['pass', 'fail', 'fail'] });
    expect(passedLast.components.find((c) => c.key === 'mockTests')!.points).toBe(15);
    const lapses = computeReadiness({
      ...base,
      theoryValidUntil: '2027-02-01',
      judgedOn: '2027-03-01',
      practicalBookedOn: '2027-03-01',
    });
    const theory = lapses.components.find((c) => c.key === 'theory')!;
    expect(theory.points).toBe(0);
    expect(theory.detail).toBe('Theory pass expired 2027-02-01: not valid on the test date 2027-03-01');
  });
});

describe('recommendNext', () => {
  const now = new Date('2027-01-10T12:00:00Z');
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
  it('puts weak, stale and slipping skills first, with reasons; mastered fresh skills are left out', () => {
    const recs = recommendNext(
      [
        {
          skillId: 'fresh-master',
          name: 'A',
          order: 0,
          level: 5,
          previousLevel: 5,
          lastPractisedAt: daysAgo(1),
        },
        { skillId: 'weak', name: 'B', order: 1, level: 1, previousLevel: null, lastPractisedAt: daysAgo(2) },
        { skillId: 'slipped', name: 'C', order: 2, level: 3, previousLevel: 4, lastPractisedAt: daysAgo(3) },
        { skillId: 'stale', name: 'D', order: 3, level: 4, previousLevel: 4, lastPractisedAt: daysAgo(40) },
        { skillId: 'never', name: 'E', order: 4, level: null, previousLevel: null, lastPractisedAt: null },
      ],
      now,
    );
    // never 6 · weak 4 + 2/14 · stale 1 + 40/14 · slipped 2 + 3/14 + 1.5 · mastered 0 + 1/14 (left out)
    expect(recs.map((r) => r.skillId)).toEqual(['never', 'weak', 'stale', 'slipped']);
    expect(recs.find((r) => r.skillId === 'slipped')!.reasons).toContain('Went down from 4 to 3 last time');
    expect(recs.find((r) => r.skillId === 'stale')!.reasons).toEqual(['Last practised 40 days ago']);
  });
});
