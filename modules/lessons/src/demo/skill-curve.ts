import type { DemoStage, Random } from '@dualcontrol/platform';

/** How far along the whole syllabus a learner is at the end of the simulated history, by stage. */
const PROGRESS_AT_END: Record<DemoStage, number> = {
  started: 0.1,
  early: 0.4,
  nearly_ready: 0.88,
  passed: 1,
};

/**
 * A learner's skills over their lessons: skill k of K is introduced once their overall progress
 * passes 0.75·k/K (syllabus order: controls before junctions before manoeuvres) and rises to
 * reflection (5) as progress goes on, faster or slower with the learner's aptitude; each skill has
 * its own knack, and about one entry in ten is a bad day (a level below the last).
 */
export function skillCurve(input: { stage: DemoStage; lessons: number; skillCount: number; random: Random }) {
  const { stage, lessons, skillCount, random } = input;
  const aptitude = 0.85 + random.next() * 0.3;
  const knack = Array.from({ length: skillCount }, () => random.next() - 0.5);
  const introducedAt = (k: number) => (0.75 * k) / skillCount;
  const progressAt = (i: number) => PROGRESS_AT_END[stage] * ((i + 1) / Math.max(lessons, 1)) ** 0.9;
  const levelAt = (k: number, p: number) => {
    const mastery = Math.min(
      1,
      Math.max(0, ((p - introducedAt(k)) / (1 - introducedAt(k))) * aptitude * 1.15),
    );
    return Math.min(5, Math.max(1, Math.round(1 + 4 * mastery + knack[k]!)));
  };
  /** The lesson each skill was last practised in (-1: never). */
  const lastPractised = Array.from({ length: skillCount }, () => -1);
  return {
    progressAt,
    /**
     * The entries of lesson i (0-based, called in order): the newest skills reached, plus revision
     * of those least recently practised (as the next-lesson recommendations suggest) and one at
     * random, each with its level.
     */
    entries(i: number): { skill: number; level: number }[] {
      const p = progressAt(i);
      const reached = Array.from({ length: skillCount }, (_, k) => k).filter((k) => introducedAt(k) <= p);
      const newest = reached.slice(-3);
      const older = reached.slice(0, -3);
      const stalest = [...older]
        .sort((a, b) => lastPractised[a]! - lastPractised[b]! || a - b)
        .slice(0, random.int(2, 3));
      const extra = random.shuffle(older.filter((k) => !stalest.includes(k))).slice(0, 1);
      const revision = [...stalest, ...extra];
      for (const k of [...revision, ...newest]) lastPractised[k] = i;
      return [...revision, ...newest]
        .sort((a, b) => a - b)
        .map((k) => {
          const level = levelAt(k, p);
          return { skill: k, level: level > 1 && random.chance(0.1) ? level - 1 : level };
        });
    },
    /** The current level of skill k after lesson i (no bad day): what a mock test examines. */
    levelAt: (k: number, i: number) => levelAt(k, progressAt(i)),
  };
}
