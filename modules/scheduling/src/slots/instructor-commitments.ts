import type { Commitment } from './normalize-query.ts';
import { partitionPoint } from './partition-point.ts';
import { mergeSpans, overlapsAny } from './time-span.ts';
import { MS_PER_MINUTE } from './time-units.ts';
import { travelMinutes } from './travel-time.ts';
import type { GeoPoint, TravelPolicy } from './types.ts';

type Neighbour = Commitment & { travelMs: number };

/**
 * Whether a lesson [start, end) fits between the instructor's existing bookings: the buffered
 * lesson must not touch any buffered booking, and there must be time to drive from the booking
 * that ended last to this pickup and from here to the booking that starts next.
 *
 * Bookings are sorted once; each check is a few binary searches, so the candidates can come in any
 * order.
 */
export function createCommitmentCheck(options: {
  busy: readonly Commitment[];
  bufferBeforeMs: number;
  bufferAfterMs: number;
  travel: TravelPolicy;
  pickup: GeoPoint | null;
}): (start: number, end: number) => boolean {
  const { bufferBeforeMs, bufferAfterMs, travel, pickup } = options;
  const blocked = mergeSpans(
    options.busy.map((busy) => ({
      start: busy.start - busy.bufferBeforeMs,
      end: busy.end + busy.bufferAfterMs,
    })),
  );
  const fitsBetweenBuffers = (start: number, end: number) =>
    !overlapsAny(blocked, start - bufferBeforeMs, end + bufferAfterMs);
  // Without travel the neighbour rule is implied by the buffer rule.
  if (travel.mode === 'none') return fitsBetweenBuffers;

  const byEnd: Neighbour[] = options.busy
    .map((busy) => ({ ...busy, travelMs: travelMinutes(travel, busy.location, pickup) * MS_PER_MINUTE }))
    .sort((a, b) => a.end - b.end);
  const byStart: Neighbour[] = options.busy
    .map((busy) => ({ ...busy, travelMs: travelMinutes(travel, pickup, busy.location) * MS_PER_MINUTE }))
    .sort((a, b) => a.start - b.start);

  return (start, end) => {
    if (!fitsBetweenBuffers(start, end)) return false;

    // The booking(s) that ended last at or before the start: all of them when several end together.
    let index = partitionPoint(byEnd, (busy) => busy.end <= start) - 1;
    const previousEnd = byEnd[index]?.end;
    for (let previous = byEnd[index]; previous && previous.end === previousEnd; previous = byEnd[--index]) {
      if (start - bufferBeforeMs < previous.end + previous.bufferAfterMs + previous.travelMs) return false;
    }

    index = partitionPoint(byStart, (busy) => busy.start < end);
    const nextStart = byStart[index]?.start;
    for (let next = byStart[index]; next && next.start === nextStart; next = byStart[++index]) {
      if (end + bufferAfterMs + next.travelMs > next.start - next.bufferBeforeMs) return false;
    }
    return true;
  };
}
