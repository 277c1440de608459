import { IANAZone } from 'luxon';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND } from './time-units.ts';

/**
 * Conversions between real instants (epoch ms) and "local epoch" ms — the wall clock of a zone read
 * as if it were UTC, so local midnight of day number d is exactly d * MS_PER_DAY.
 *
 * Why not DateTime.fromObject: luxon resolves a spring-forward gap by shifting the wall time by the
 * gap length (01:30 becomes 02:30, not the first valid instant 02:00), picks between the two
 * instants of an ambiguous fall-back time by guessing from Date.now(), and costs microseconds per
 * call. Instead we ask luxon's IANAZone for the zone's offset at a few instants, build the list of
 * constant-offset segments covering the query once, and do every conversion with plain arithmetic
 * on that list.
 */

/** A stretch of real time [start, end) during which the zone's UTC offset is constant. */
export type OffsetSegment = { start: number; end: number; offsetMs: number };

/** Which instant to take when a wall time happens twice (fall-back). */
export type AmbiguityPick = 'earlier' | 'later';

export type WallClock = {
  /** Ascending, contiguous, covering the range given to createWallClock. */
  readonly segments: readonly OffsetSegment[];
  offsetAt(instant: number): number;
  toLocal(instant: number): number;
  /**
   * The instant a local wall time denotes. A time skipped by a spring-forward gap moves forward to
   * the first instant after the gap; a time that happens twice yields the earlier or later instant.
   */
  toInstant(local: number, pick: AmbiguityPick): number;
};

// Offsets of real zones stay within UTC-12 and UTC+14; a local time's instants lie within this
// distance of the local epoch value.
const MAX_OFFSET_MS = 15 * MS_PER_HOUR;

// Offsets are sampled once a day and transitions found by bisection between samples. Two
// transitions that cancel out within a day would be missed; the closest pair in tzdb since 1990 is
// a week apart (Brazil, October 2000: 166 hours, found by scanning every zone at 2-hour
// resolution), and daily sampling halves the luxon calls that dominate a query's cost.
const SAMPLE_MS = MS_PER_DAY;

// Checking a zone constructs an Intl.DateTimeFormat, which costs more than the rest of a query;
// names that passed are remembered. Unknown names are not, so junk input cannot grow the set (nor
// luxon's own zone cache, which IANAZone.create fills only after this check).
const knownZones = new Set<string>();

export function isKnownZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  if (!IANAZone.isValidZone(zone)) return false;
  knownZones.add(zone);
  return true;
}

export function createWallClock(zoneName: string, coverStart: number, coverEnd: number): WallClock {
  const zone = IANAZone.create(zoneName);
  const offsetOf = (instant: number) => zone.offset(instant) * MS_PER_MINUTE;
  const segments = buildSegments(offsetOf, coverStart, coverEnd);

  const offsetAt = (instant: number): number => {
    if (instant < coverStart || instant >= coverEnd) return offsetOf(instant);
    for (const segment of segments) {
      if (instant < segment.end) return segment.offsetMs;
    }
    return offsetOf(instant);
  };

  const toInstant = (local: number, pick: AmbiguityPick): number => {
    if (local - MAX_OFFSET_MS < coverStart || local + MAX_OFFSET_MS >= coverEnd) {
      // Rare (a horizon far beyond the queried dates): build a small clock around this time.
      return createWallClock(zoneName, local - 2 * MS_PER_DAY, local + 2 * MS_PER_DAY).toInstant(local, pick);
    }
    let earliest: number | undefined;
    let latest: number | undefined;
    for (const segment of segments) {
      const instant = local - segment.offsetMs;
      if (instant >= segment.start && instant < segment.end) {
        earliest ??= instant;
        latest = instant;
      }
    }
    if (earliest !== undefined && latest !== undefined) return pick === 'earlier' ? earliest : latest;
    return firstInstantAfterGap(segments, local);
  };

  return { segments, offsetAt, toLocal: (instant) => instant + offsetAt(instant), toInstant };
}

function buildSegments(offsetOf: (instant: number) => number, coverStart: number, coverEnd: number) {
  const segments: OffsetSegment[] = [];
  let segmentStart = coverStart;
  let offset = offsetOf(coverStart);
  let sampled = coverStart;
  while (sampled < coverEnd) {
    const next = Math.min(sampled + SAMPLE_MS, coverEnd);
    const nextOffset = offsetOf(next);
    let from = sampled;
    // Normally runs at most once per sample; a loop still handles two transitions in one interval
    // when the second does not return to the first offset.
    while (offset !== nextOffset) {
      const change = findTransition(offsetOf, from, next, offset);
      segments.push({ start: segmentStart, end: change, offsetMs: offset });
      segmentStart = change;
      offset = offsetOf(change);
      from = change;
    }
    sampled = next;
  }
  segments.push({ start: segmentStart, end: coverEnd, offsetMs: offset });
  return segments;
}

/** First instant in (from, to] whose offset differs from `offset` (the offset at `from`). */
function findTransition(offsetOf: (instant: number) => number, from: number, to: number, offset: number) {
  // IANA transitions fall on whole seconds and luxon reads offsets at second resolution.
  let low = Math.floor(from / MS_PER_SECOND);
  let high = Math.floor(to / MS_PER_SECOND);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetOf(middle * MS_PER_SECOND) === offset) low = middle;
    else high = middle;
  }
  return high * MS_PER_SECOND;
}

function firstInstantAfterGap(segments: readonly OffsetSegment[], local: number): number {
  for (let index = 1; index < segments.length; index++) {
    const before = segments[index - 1]!;
    const after = segments[index]!;
    const boundary = after.start;
    if (boundary + before.offsetMs <= local && local < boundary + after.offsetMs) return boundary;
  }
  // Unreachable for a local time inside the covered range: every wall time either exists or is
  // skipped by a forward transition.
  throw new Error(`wall-clock: no instant found for local time ${new Date(local).toISOString()}`);
}
