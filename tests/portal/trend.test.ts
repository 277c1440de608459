import { trendDirection, trendWindows } from '@dualcontrol/portal/trend';
import { describe, expect, it } from 'vitest';

describe('dashboard trends', () => {
  it('compares 30 days ending today with the 30 days just before, without overlap', () => {
    expect(trendWindows('2026-03-31', 30)).toEqual({
      current: { from: '2026-03-02', to: '2026-03-31' },
      previous: { from: '2026-01-31', to: '2026-03-01' },
    });
  });

  it('says up, down, same, or new when there was nothing before', () => {
    expect(trendDirection({ current: 12, previous: 10, kind: 'count' })).toBe('up');
    expect(trendDirection({ current: 8, previous: 10, kind: 'count' })).toBe('down');
    expect(trendDirection({ current: 0, previous: 0, kind: 'count' })).toBe('same');
    expect(trendDirection({ current: 3, previous: 0, kind: 'count' })).toBe('new');
    // Percentages change in points, so from 0 % is still "up".
    expect(trendDirection({ current: 40, previous: 0, kind: 'points' })).toBe('up');
  });
});
