/**
 * Sunrise and sunset, for the logbook's night hours: the Australian states define night driving
 * as driving between sunset and sunrise, so it is computed, not guessed from a clock.
 *
 * The algorithm is the standard "sunrise equation" (as in the NOAA/USNO approximations: mean
 * anomaly, equation of the centre, ecliptic longitude, declination, hour angle for the Sun's
 * upper limb at −0.833° with refraction), accurate to a minute or two away from the poles —
 * well inside what a logbook records. No elevation or horizon correction.
 */

export type Coordinates = { lat: number; lng: number };

/** One solar day's daylight: an interval, or the whole day lit (midnight sun) or dark (polar night). */
export type Daylight =
  | { kind: 'interval'; rise: Date; set: Date }
  | { kind: 'polar-day'; from: Date; to: Date }
  | { kind: 'polar-night' };

const DAY_MS = 86_400_000;
const J2000 = 2451545.0;
const UNIX_EPOCH_JD = 2440587.5;
const rad = Math.PI / 180;
const deg = 180 / Math.PI;

const toDate = (julian: number) => new Date(Math.round((julian - UNIX_EPOCH_JD) * DAY_MS));

/**
 * Daylight on the solar day whose noon falls nearest `date`'s 12:00 − longitude/15 h UTC, i.e.
 * the local day of `date` (a UTC calendar date, 'YYYY-MM-DD') at those coordinates.
 */
export function daylightOn(date: string, at: Coordinates): Daylight {
  const noonUtc = Date.parse(`${date}T12:00:00Z`);
  if (Number.isNaN(noonUtc)) throw new RangeError(`not a date: ${date}`);
  // Days since J2000 at this date's UTC noon, then the mean solar noon at this longitude.
  const n = Math.round(noonUtc / DAY_MS + UNIX_EPOCH_JD - J2000);
  const meanNoon = n - at.lng / 360;
  const m = (357.5291 + 0.98560028 * meanNoon) % 360;
  const centre = 1.9148 * Math.sin(m * rad) + 0.02 * Math.sin(2 * m * rad) + 0.0003 * Math.sin(3 * m * rad);
  const lambda = (m + centre + 180 + 102.9372) % 360;
  const transit = J2000 + meanNoon + 0.0053 * Math.sin(m * rad) - 0.0069 * Math.sin(2 * lambda * rad);
  const sinDecl = Math.sin(lambda * rad) * Math.sin(23.4397 * rad);
  const cosDecl = Math.cos(Math.asin(sinDecl));
  const cosHourAngle =
    (Math.sin(-0.833 * rad) - Math.sin(at.lat * rad) * sinDecl) / (Math.cos(at.lat * rad) * cosDecl);
  if (cosHourAngle > 1) return { kind: 'polar-night' };
  if (cosHourAngle < -1) return { kind: 'polar-day', from: toDate(transit - 0.5), to: toDate(transit + 0.5) };
  const half = (Math.acos(cosHourAngle) * deg) / 360;
  return { kind: 'interval', rise: toDate(transit - half), set: toDate(transit + half) };
}

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Whole minutes of [start, end) that fall between sunset and sunrise at `at`. Daylight is summed
 * over the solar days around the interval (the day before the start to the day after the end, so
 * an evening lesson east or west of Greenwich finds its own day), and night is the rest.
 */
export function nightMinutesBetween(start: Date, end: Date, at: Coordinates): number {
  const from = start.getTime();
  const to = end.getTime();
  if (!(to > from)) return 0;
  let daylightMs = 0;
  for (let day = from - DAY_MS; day <= to + DAY_MS; day += DAY_MS) {
    const light = daylightOn(utcDate(day), at);
    if (light.kind === 'polar-night') continue;
    const [a, b] =
      light.kind === 'interval'
        ? [light.rise.getTime(), light.set.getTime()]
        : [light.from.getTime(), light.to.getTime()];
    daylightMs += Math.max(0, Math.min(b, to) - Math.max(a, from));
  }
  const total = Math.round((to - from) / 60_000);
  return Math.max(0, Math.min(total, total - Math.round(daylightMs / 60_000)));
}
