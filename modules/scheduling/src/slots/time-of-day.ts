import { MINUTES_PER_DAY } from './time-units.ts';

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Minutes since local midnight for an 'HH:MM' wall time, or undefined when malformed. '24:00' is
 * accepted only where the caller allows an end of day (a rule's end).
 */
export function parseTimeOfDay(text: string, options: { allowEndOfDay: boolean }): number | undefined {
  if (text === '24:00') return options.allowEndOfDay ? MINUTES_PER_DAY : undefined;
  const match = TIME_PATTERN.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}
