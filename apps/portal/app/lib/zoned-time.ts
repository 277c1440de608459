/**
 * Wall-clock times typed in a school's zone, turned into the instants the API keeps — by the
 * API's own rule (a skipped time is the first instant after the gap, a repeated one the earlier
 * unless told), from the one implementation both share.
 */
export { localToInstant } from '@dualcontrol/config/zoned-time';

export const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));
export const isTime = (s: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s);
