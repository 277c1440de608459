/** Calendar arithmetic on local days (YYYY-MM-DD): pure date maths, so no time zone can shift it. */
const DAY_MS = 86_400_000;

const toUtc = (day: string) => Date.parse(`${day}T00:00:00Z`);

export const addDays = (day: string, days: number): string =>
  new Date(toUtc(day) + days * DAY_MS).toISOString().slice(0, 10);

export const daysBetween = (from: string, to: string): number =>
  Math.round((toUtc(to) - toUtc(from)) / DAY_MS);

/** Monday = 0 … Sunday = 6. */
export const weekdayIndex = (day: string): number => (new Date(toUtc(day)).getUTCDay() + 6) % 7;

/** The Monday of the day's week. */
export const mondayOf = (day: string): string => addDays(day, -weekdayIndex(day));

/** The local date of an instant in a zone. */
export function localDay(at: Date, timezone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The instant a local wall-clock time happens in a zone (the earlier one when a clock change repeats it). */
export function localInstant(day: string, time: string, timezone: string): Date {
  const naive = Date.parse(`${day}T${time}:00Z`);
  // Two passes of "what does the zone show at this guess?" settle on the right offset, DST included.
  let guess = naive;
  for (let i = 0; i < 2; i += 1) {
    const shown = Date.parse(
      `${new Intl.DateTimeFormat('sv-SE', {
        timeZone: timezone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      })
        .format(new Date(guess))
        .replace(' ', 'T')}Z`,
    );
    guess += naive - shown;
  }
  return new Date(guess);
}
