import { type EventSubscription, subscribe } from '@dualcontrol/platform';
import { schedulingEvents } from '@dualcontrol/scheduling';
import { createLessonsForBooking } from './services/create-lessons.ts';

/**
 * Lessons reacts to scheduling: a completed booking becomes a lesson to record. Safe to run twice
 * (the dispatcher dedupes per event, and the lesson's (booking, student) key dedupes across events).
 */
export const lessonsSubscriptions = (): EventSubscription[] => [
  subscribe({
    id: 'lessons.create-from-booking',
    events: [schedulingEvents['booking.completed']],
    async handle({ tenantId, payload }, { tx, log }) {
      const created = await createLessonsForBooking(tx, tenantId, payload.bookingId);
      if (created) log.info('lesson created from booking', { bookingId: payload.bookingId, created });
    },
  }),
];
