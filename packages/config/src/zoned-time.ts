/**
 * A wall-clock time in a zone turned into the instant it denotes — the one rule the portal (which
 * turns what people type into instants for the API) and the API's slot engine
 * (modules/scheduling/src/slots/wall-clock.ts, which precomputes offsets for speed) both follow:
 *
 * - A time that does not exist (skipped by a spring-forward) is the first instant after the gap:
 *   02:30 on Chicago's spring-forward day is 03:00 CDT; midnight on Santiago's is 01:00.
 *   (luxon's default instead moves the time on by the gap's length: 02:30 would be 03:30.)
 * - A time that happens twice (fall-back) is the earlier of the two unless `later` is asked for.
 *
 * Browser-safe on purpose (Intl only, no luxon, nothing from Node): the portal's pages import it.
 */

export type AmbiguityPick = 'earlier' | 'later';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/**
 * The UTC instant (ISO 8601) of `date` (YYYY-MM-DD) at `time` (HH:MM; "24:00" is the next
 * midnight) in the IANA zone `timeZone`, by the rule above.
 */
export function localToInstant(
  date: string,
  time: string,
  timeZone: string,
  pick: AmbiguityPick = 'earlier',
): string {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  // The wall-clock time read as if it were UTC ("local epoch"): offsets are then plain subtraction.
  const local = Date.UTC(year!, month! - 1, day!, hour!, minute!);
  const offsets = zoneOffsets(timeZone);
  // A day either side of any instant this time could be lies outside a transition around it.
  const before = offsets(local - MS_PER_DAY);
  const after = offsets(local + MS_PER_DAY);
  const candidates = [...new Set([local - before, local - after])]
    .filter((instant) => instant + offsets(instant) === local)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return iso(pick === 'earlier' ? candidates[0]! : candidates.at(-1)!);
  // In a gap (only a forward change makes one: `after` > `before`): the change's own instant,
  // which lies in (local - after, local - before]. Changes fall on whole minutes.
  let low = Math.floor((local - after) / MS_PER_MINUTE);
  let high = Math.floor((local - before) / MS_PER_MINUTE);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsets(middle * MS_PER_MINUTE) === before) low = middle;
    else high = middle;
  }
  return iso(high * MS_PER_MINUTE);
}

const iso = (instant: number) => new Date(instant).toISOString();

// Building an Intl.DateTimeFormat costs far more than using one: one per zone.
const formats = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone` is ahead of UTC at an instant, in milliseconds (whole minutes). */
function zoneOffsets(timeZone: string) {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const read = format;
  return (instant: number): number => {
    const parts: Record<string, number> = {};
    for (const part of read.formatToParts(new Date(instant))) parts[part.type] = Number(part.value);
    const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
    return wall - Math.floor(instant / MS_PER_MINUTE) * MS_PER_MINUTE;
  };
}
