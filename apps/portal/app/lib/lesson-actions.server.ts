import { type ApiClient, ApiProblem } from './api.server.ts';
import type { Booking, Page } from './types.ts';

/** What staff and instructors may do to a lesson, as the API names it in `/api/v1/bookings/{id}/…`. */
export const LESSON_ACTIONS = ['confirm', 'reject', 'cancel', 'complete', 'no-show'] as const;
export type LessonAction = (typeof LESSON_ACTIONS)[number];
export const isLessonAction = (v: unknown): v is LessonAction => LESSON_ACTIONS.includes(v as LessonAction);

/** Why the API refused: its words, and for "too early" the instant from which it will allow it. */
export type LessonRefusal = {
  booking: string;
  action: LessonAction;
  detail: string;
  earliest: string | null;
};

/**
 * Moves a lesson along; a refusal (4xx: too early, already taught, not yours) comes back to be
 * shown beside the lesson, anything else goes to the error page.
 */
export async function actOnLesson(
  api: ApiClient,
  booking: string,
  action: LessonAction,
  reason?: string,
): Promise<LessonRefusal | null> {
  try {
    await api.post(`/api/v1/bookings/${encodeURIComponent(booking)}/${action}`, reason ? { reason } : {});
    return null;
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
    const earliest = error.code === 'scheduling/too_early' ? error.body.earliest : null;
    return {
      booking,
      action,
      detail: error.detail,
      earliest: typeof earliest === 'string' ? earliest : null,
    };
  }
}

/** Every booking the query matches, page after page (a busy school's week is more than one page). */
export async function allBookings(api: ApiClient, query: URLSearchParams, maxPages = 10): Promise<Booking[]> {
  const found: Booking[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < maxPages; n += 1) {
    const q = new URLSearchParams(query);
    q.set('limit', '100');
    if (cursor) q.set('cursor', cursor);
    const page: Page<Booking> = await api.get<Page<Booking>>(`/api/v1/bookings?${q}`);
    found.push(...page.data);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return found;
}
