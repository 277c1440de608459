import type { SkillFaults } from '../schema.ts';

export type Marking = {
  drivingFaults: number;
  seriousFaults: number;
  dangerousFaults: number;
  /** Serious faults that came from repeated driving faults (already in seriousFaults). */
  upgradedFaults: number;
  result: 'pass' | 'fail';
};

/**
 * Marks a test as an examiner does: it passes with at most `maxDrivingFaults` driving faults and
 * no serious or dangerous fault. With `upgradeRepeated`, `threshold` or more driving faults on one
 * skill are marked as one serious fault instead (the same fault repeated shows a habit).
 */
export function markTest(
  faults: readonly SkillFaults[],
  rules: { maxDrivingFaults: number; upgradeRepeated: boolean; threshold: number },
): Marking {
  let driving = 0;
  let serious = 0;
  let dangerous = 0;
  let upgraded = 0;
  for (const f of faults) {
    if (rules.upgradeRepeated && f.driving >= rules.threshold) upgraded += 1;
    else driving += f.driving;
    serious += f.serious;
    dangerous += f.dangerous;
  }
  serious += upgraded;
  const pass = driving <= rules.maxDrivingFaults && serious === 0 && dangerous === 0;
  return {
    drivingFaults: driving,
    seriousFaults: serious,
    dangerousFaults: dangerous,
    upgradedFaults: upgraded,
    result: pass ? 'pass' : 'fail',
  };
}
