import { describe, expect, it } from 'vitest';
import { markTest } from './mark-test.ts';

const rules = { maxDrivingFaults: 15, upgradeRepeated: false, threshold: 3 };
const f = (skillId: string, driving: number, serious = 0, dangerous = 0) => ({
  skillId,
  driving,
  serious,
  dangerous,
});

describe('markTest', () => {
  it('passes with up to 15 driving faults and nothing serious or dangerous', () => {
    expect(markTest([f('a', 8), f('b', 7)], rules)).toEqual({
      drivingFaults: 15,
      seriousFaults: 0,
      dangerousFaults: 0,
      upgradedFaults: 0,
      result: 'pass',
    });
    expect(markTest([f('a', 8), f('b', 8)], rules).result).toBe('fail');
    expect(markTest([f('a', 0, 1)], rules).result).toBe('fail');
    expect(markTest([f('a', 0, 0, 1)], rules).result).toBe('fail');
    expect(markTest([], rules).result).toBe('pass');
  });

  it('upgrades a repeated driving fault to one serious fault when the school says so', () => {
    const upgrading = { ...rules, upgradeRepeated: true };
    expect(markTest([f('a', 3), f('b', 2)], upgrading)).toMatchObject({
      drivingFaults: 2,
      seriousFaults: 1,
      upgradedFaults: 1,
      result: 'fail',
    });
    expect(markTest([f('a', 2), f('b', 2)], upgrading)).toMatchObject({ drivingFaults: 4, result: 'pass' });
    expect(markTest([f('a', 3)], rules)).toMatchObject({
      drivingFaults: 3,
      seriousFaults: 0,
      result: 'pass',
    });
  });
});
