import { describe, expect, it } from 'vitest';
import { mergeSpans, overlapsAny, subtractSpans } from './time-span.ts';

const spans = (...pairs: [number, number][]) => pairs.map(([start, end]) => ({ start, end }));

describe('time spans', () => {
  it('merges overlapping and touching spans and drops empty ones', () => {
    expect(mergeSpans(spans([5, 8], [0, 2], [2, 3], [7, 10], [12, 12]))).toEqual(spans([0, 3], [5, 10]));
  });

  it('subtracts cuts that straddle, split and swallow spans', () => {
    const base = spans([0, 10], [20, 30], [40, 50]);
    const cuts = spans([-5, 2], [4, 6], [8, 22], [45, 60]);
    expect(subtractSpans(base, cuts)).toEqual(spans([2, 4], [6, 8], [22, 30], [40, 45]));
  });

  it('treats spans as half-open when testing overlap', () => {
    const merged = spans([10, 20], [30, 40]);
    expect(overlapsAny(merged, 0, 10)).toBe(false);
    expect(overlapsAny(merged, 20, 30)).toBe(false);
    expect(overlapsAny(merged, 19, 21)).toBe(true);
    expect(overlapsAny(merged, 25, 31)).toBe(true);
    expect(overlapsAny(merged, 40, 50)).toBe(false);
  });
});
