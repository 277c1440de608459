import { partitionPoint } from './partition-point.ts';

/** A half-open stretch of real time [start, end) in epoch ms — the engine's internal Interval. */
export type TimeSpan = { start: number; end: number };

/**
 * Sorted, disjoint spans covering the same time as the input. Touching spans are joined, so a
 * lesson may run from one rule's hours straight into the next; empty spans cover nothing and vanish.
 */
export function mergeSpans(spans: readonly TimeSpan[]): TimeSpan[] {
  const sorted = spans.filter((span) => span.end > span.start).sort((a, b) => a.start - b.start);
  const merged: TimeSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) {
      if (span.end > last.end) last.end = span.end;
    } else {
      merged.push({ start: span.start, end: span.end });
    }
  }
  return merged;
}

/** The parts of `base` not covered by `cuts`; both must be merged (sorted, disjoint). */
export function subtractSpans(base: readonly TimeSpan[], cuts: readonly TimeSpan[]): TimeSpan[] {
  const result: TimeSpan[] = [];
  let cutIndex = 0;
  for (const span of base) {
    let start = span.start;
    while (cutIndex < cuts.length && cuts[cutIndex]!.end <= start) cutIndex++;
    let index = cutIndex;
    while (index < cuts.length && cuts[index]!.start < span.end) {
      const cut = cuts[index]!;
      if (cut.start > start) result.push({ start, end: cut.start });
      if (cut.end > start) start = cut.end;
      index++;
    }
    if (start < span.end) result.push({ start, end: span.end });
  }
  return result;
}

/** Whether [start, end) shares any time with the merged spans. */
export function overlapsAny(spans: readonly TimeSpan[], start: number, end: number): boolean {
  const candidate = spans[partitionPoint(spans, (span) => span.end <= start)];
  return candidate !== undefined && candidate.start < end;
}
