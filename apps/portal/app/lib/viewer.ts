import type { School } from './types.ts';

/** The language and time zone a person sees the portal in. */
export type Viewer = { locale: string; zone: string };

/**
 * A person's own choices (profile page) where they made them, else their school's. A student
 * who lives across a border sees lesson times in their own zone; the school's calendar pages
 * (weekly hours, reports by month) stay in the school's.
 */
export function viewerOf(school: School, own: { locale: string | null; zone: string | null }): Viewer {
  return { locale: own.locale ?? school.locale, zone: own.zone ?? school.timezone };
}
