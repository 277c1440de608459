import { subscribe } from '@dualcontrol/platform';
import { schedulingEvents } from '../events.ts';
import { offerFreedSlot } from '../services/waiting-list.ts';

/** When time frees up, the waiting list hears of it (once per event, in the handler's transaction). */
export const offerFreedSlotSubscription = subscribe({
  id: 'scheduling.offer-freed-slot',
  events: [
    schedulingEvents['booking.cancelled'],
    schedulingEvents['booking.rejected'],
    schedulingEvents['booking.expired'],
  ],
  async handle({ tenantId, payload }, { tx }) {
    await offerFreedSlot(tx, tenantId, {
      instructorId: payload.instructorId,
      start: new Date(payload.start),
      end: new Date(payload.end),
    });
  },
});
