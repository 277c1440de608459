import { INDEPENDENT_LEVEL, SKILL_LEVELS } from '../schema.ts';

/**
 * Test readiness, 0–100, and why. Four components, weighted by how well each predicts a pass
 * (the weights are this comment; change them here and in the tests):
 *
 *   skills       40  share of the syllabus's active skills at Independent (4) or above
 *   mock tests   30  the last three mock tests, newest weighing most (3 : 2 : 1), pass = 1, fail = 0;
 *                    no mock test yet scores 0
 *   hours        20  hours taught against the school's target (default 45 h, DVSA's average), capped
 *   theory       10  a theory certificate valid on the booked practical test's date (today if none is
 *                    booked) — without one the practical test cannot be taken at all
 */
export const READINESS_WEIGHTS = { skills: 40, mockTests: 30, hours: 20, theory: 10 } as const;

export type ReadinessInput = {
  /** The current level of every active skill of the syllabus (null: never practised). */
  levels: (number | null)[];
  /** The most recent mock tests, newest first. */
  mockResults: ('pass' | 'fail')[];
  minutesTaught: number;
  targetHours: number;
  /** Last day the theory pass is valid (YYYY-MM-DD), or null if none is on record. */
  theoryValidUntil: string | null;
  /** The day readiness is judged for: the booked practical test, or today. */
  judgedOn: string;
  practicalBookedOn: string | null;
};

export type ReadinessComponent = {
  key: keyof typeof READINESS_WEIGHTS;
  weight: number;
  points: number;
  detail: string;
};

export type Readiness = { score: number; components: ReadinessComponent[]; summary: string };

const MOCK_RECENCY = [3, 2, 1];
const round1 = (n: number) => Math.round(n * 10) / 10;

export function computeReadiness(input: ReadinessInput): Readiness {
  const W = READINESS_WEIGHTS;
  const total = input.levels.length;
  const independent = input.levels.filter((l) => l !== null && l >= INDEPENDENT_LEVEL).length;
  const skills: ReadinessComponent = {
    key: 'skills',
    weight: W.skills,
    points: total ? round1((W.skills * independent) / total) : 0,
    detail: total
      ? `${independent} of ${total} skills at ${SKILL_LEVELS[INDEPENDENT_LEVEL - 1]} or above`
      : 'The school has no syllabus yet',
  };

  const recent = input.mockResults.slice(0, MOCK_RECENCY.length);
  const weightSum = recent.reduce((s, _, i) => s + MOCK_RECENCY[i]!, 0);
  const passWeight = recent.reduce((s, r, i) => s + (r === 'pass' ? MOCK_RECENCY[i]! : 0), 0);
  const passes = recent.filter((r) => r === 'pass').length;
  const mockTests: ReadinessComponent = {
    key: 'mockTests',
    weight: W.mockTests,
    points: weightSum ? round1((W.mockTests * passWeight) / weightSum) : 0,
    detail: recent.length
      ? `${passes} of the last ${recent.length} mock test${recent.length > 1 ? 's' : ''} passed (latest: ${recent[0]})`
      : 'No mock test yet',
  };

  const hoursTaught = input.minutesTaught / 60;
  const hours: ReadinessComponent = {
    key: 'hours',
    weight: W.hours,
    points: round1(W.hours * Math.min(1, hoursTaught / input.targetHours)),
    detail: `${round1(hoursTaught)} of ${input.targetHours} hours taught`,
  };

  const valid = input.theoryValidUntil !== null && input.theoryValidUntil >= input.judgedOn;
  const on = input.practicalBookedOn ? `on the test date ${input.judgedOn}` : `today (${input.judgedOn})`;
  const theory: ReadinessComponent = {
    key: 'theory',
    weight: W.theory,
    points: valid ? W.theory : 0,
    detail:
      input.theoryValidUntil === null
        ? 'No theory test pass on record'
        : valid
          ? `Theory pass valid until ${input.theoryValidUntil}, so valid ${on}`
          : `Theory pass expired ${input.theoryValidUntil}: not valid ${on}`,
  };

  const components = [skills, mockTests, hours, theory];
  const score = Math.round(components.reduce((s, c) => s + c.points, 0));
  const weakest = [...components].sort((a, b) => a.points / a.weight - b.points / b.weight)[0]!;
  const summary =
    score >= 80
      ? `Ready for the test (${score}/100).`
      : `${score}/100: most to gain from ${weakest.key === 'mockTests' ? 'mock tests' : weakest.key} — ${weakest.detail.toLowerCase()}.`;
  return { score, components, summary };
}

export type SkillState = {
  skillId: string;
  name: string;
  /** Order in the syllabus (group, then skill): ties go to the earlier skill. */
  order: number;
  level: number | null;
  previousLevel: number | null;
  lastPractisedAt: Date | null;
};

export type Recommendation = {
  skillId: string;
  name: string;
  level: number | null;
  score: number;
  reasons: string[];
};

/**
 * What to practise next: the weakest and least recently practised skills. Each skill scores
 * weakness (5 − level: 0–4) + staleness (days since practised / 14, at most 4) + 1.5 when its
 * level went down last time. A skill never practised counts as weakness 4, staleness 2, so the
 * syllabus is worked through in order beside the skills that need going over again.
 */
export function recommendNext(skills: SkillState[], now: Date, count = 5): Recommendation[] {
  const scored = skills.map((s) => {
    const reasons: string[] = [];
    if (s.level === null) {
      reasons.push('Not practised yet');
      return { s, score: 6, reasons };
    }
    const days = s.lastPractisedAt
      ? Math.floor((now.getTime() - s.lastPractisedAt.getTime()) / 86_400_000)
      : 56;
    const weakness = 5 - s.level;
    const staleness = Math.min(days, 56) / 14;
    const dropped = s.previousLevel !== null && s.level < s.previousLevel;
    if (weakness >= 2) reasons.push(`At level ${s.level} (${SKILL_LEVELS[s.level - 1]})`);
    if (dropped) reasons.push(`Went down from ${s.previousLevel} to ${s.level} last time`);
    if (days >= 14) reasons.push(`Last practised ${days} days ago`);
    if (!reasons.length)
      reasons.push(`At level ${s.level} (${SKILL_LEVELS[s.level - 1]}), practised ${days} days ago`);
    return { s, score: weakness + staleness + (dropped ? 1.5 : 0), reasons };
  });
  return scored
    .filter((x) => x.score >= 1)
    .sort((a, b) => b.score - a.score || a.s.order - b.s.order)
    .slice(0, count)
    .map(({ s, score, reasons }) => ({
      skillId: s.skillId,
      name: s.name,
      level: s.level,
      score: round1(score),
      reasons,
    }));
}
