import { createCommitmentCheck } from './instructor-commitments.ts';
import type { NormalizedQuery } from './normalize-query.ts';
import { prepareQuery } from './prepare-query.ts';
import { createSlotGrid } from './slot-grid.ts';
import { createStudentCheck, createStudentRefusal, type StudentRefusal } from './student-limits.ts';
import type { TimeSpan } from './time-span.ts';
import { MS_PER_DAY } from './time-units.ts';
import type { Slot, SlotQuery } from './types.ts';
import type { WallClock } from './wall-clock.ts';

/**
 * The bookable lesson start times for one instructor — a pure function of the query: no I/O, no
 * clock (`now` is an input), same query, same answer.
 *
 * Semantics
 * ---------
 * Zone. Every wall time, date, weekday and grid point is read in `timezone`, the instructor's zone.
 *
 * Availability windows. For each local date from the day before `from` to the day after `to` (so
 * hours crossing midnight join up), the weekly rules valid on that date (validFrom/validTo
 * inclusive; an end before the start runs into the next day) become real-time spans. A start
 * inside a spring-forward gap moves forward to the first instant after the gap; an ambiguous
 * fall-back time resolves to the EARLIER instant for a start and the LATER instant for an end, so
 * 00:00–24:00 lasts 25 hours on a fall-back day and 23 on a spring-forward day. `extra_hours` are
 * added; `time_off` and `closures` are removed; overlapping and touching spans merge.
 *
 * Candidate starts. Grid points on the local wall clock: minutes since local midnight m with
 * (m - grid.offsetMinutes) % grid.stepMinutes === 0 (default step 15, offset 0), so the grid reads
 * 09:00, 09:15… on every day across DST changes. A wall time skipped by spring-forward is no
 * candidate; a wall time that happens twice at fall-back gives two candidates, one per real instant
 * (a 01:30 lesson appears twice inside a 00:00–04:00 window on that night, both are real times).
 *
 * A candidate start s, with end e = s + durationMinutes in real minutes (a 60-minute lesson lasts
 * 60 minutes even when the clocks change during it), is a slot iff:
 *   1. [s, e) lies inside one availability window;
 *   2. the buffered lesson [s - bufferBefore, e + bufferAfter) overlaps no busy booking's buffered
 *      interval [b.start - b.bufferBefore, b.end + b.bufferAfter);
 *   3. travel: for the busy booking(s) ending last at or before s,
 *      s - bufferBefore >= prev.end + prev.bufferAfter + travel(prev.location → pickup); for the
 *      booking(s) starting first at or after e, e + bufferAfter + travel(pickup → next.location)
 *      <= next.start - next.bufferBefore. Travel: none → 0; fixed → its minutes between any two
 *      consecutive lessons; estimate → haversine km / averageKmh in minutes, rounded up, at least
 *      minimumMinutes, and 0 when either point is unknown;
 *   4. s >= now + minimumNotice, and s < local midnight of now's local date + horizonDays;
 *   5. the local date of s is within [from, to];
 *   6. student: [s, e) overlaps none of student.busy, none of them lies within minGapMinutes before
 *      s or after e, and fewer than maxPerDay of them start on s's local date and fewer than
 *      maxPerWeek in s's ISO week (Monday to Sunday, local).
 * Intervals are half-open throughout: back-to-back is allowed, and empty intervals block nothing.
 *
 * Result. Slots sorted by start, each start once.
 *
 * Invalid input (unknown zone, malformed date or time, from after to, a range of more than 93
 * days, a non-positive duration or grid step, negative buffers…) throws a RangeError naming the
 * field.
 *
 * Cost. Offsets come from luxon a few dozen times per query (wall-clock.ts); each window is then
 * walked in epoch milliseconds, one constant-offset segment at a time, and each candidate costs a
 * handful of binary searches over the pre-sorted bookings.
 */
export function computeSlots(query: SlotQuery): Slot[] {
  const { normalized, clock, windows } = prepareQuery(query);
  return collectSlots(normalized, clock, windows);
}

/**
 * Which of the student's own rules (rule 6 above) a lesson starting at `start` breaks, or undefined
 * when it breaks none or the query has no student: why a start missing from computeSlots is
 * missing, when the other rules would allow it.
 */
export function studentRefusalAt(query: SlotQuery, start: Date): StudentRefusal | undefined {
  const { normalized, clock } = prepareQuery(query);
  if (!normalized.student) return undefined;
  const startMs = start.getTime();
  const localDay = Math.floor(clock.toLocal(startMs) / MS_PER_DAY);
  return createStudentRefusal(normalized.student, clock)(startMs, startMs + normalized.durationMs, localDay);
}

function collectSlots(query: NormalizedQuery, clock: WallClock, windows: readonly TimeSpan[]): Slot[] {
  const { durationMs } = query;
  const grid = createSlotGrid(query.gridStepMinutes, query.gridOffsetMinutes);
  const isFree = createCommitmentCheck(query);
  const suitsStudent = query.student && createStudentCheck(query.student, clock);

  const earliestStart = query.now + query.noticeMs;
  const latestStart =
    query.horizonDays === undefined
      ? Number.POSITIVE_INFINITY
      : clock.toInstant(
          (Math.floor(clock.toLocal(query.now) / MS_PER_DAY) + query.horizonDays) * MS_PER_DAY,
          'earlier',
        ) - 1;
  const firstLocal = query.fromDay * MS_PER_DAY;
  const lastLocal = (query.toDay + 1) * MS_PER_DAY - 1;

  const slots: Slot[] = [];
  for (const window of windows) {
    const low = Math.max(window.start, earliestStart);
    const high = Math.min(window.end - durationMs, latestStart);
    if (low > high) continue;
    // Within a segment the offset is constant, so wall-clock grid points map to instants by a
    // subtraction; at fall-back the repeated hour is walked once in each segment.
    for (const segment of clock.segments) {
      if (segment.end <= low) continue;
      if (segment.start > high) break;
      const offset = segment.offsetMs;
      const localLow = Math.max(Math.max(low, segment.start) + offset, firstLocal);
      const localHigh = Math.min(Math.min(high, segment.end - 1) + offset, lastLocal);
      for (let local = grid.firstAtOrAfter(localLow); local <= localHigh; local = grid.after(local)) {
        const start = local - offset;
        const end = start + durationMs;
        if (!isFree(start, end)) continue;
        if (suitsStudent && !suitsStudent(start, end, Math.floor(local / MS_PER_DAY))) continue;
        slots.push({ start: new Date(start), end: new Date(end) });
      }
    }
  }
  return slots;
}
