import type { EventSubscription } from '@dualcontrol/platform';
import { offerFreedSlot } from '../services/waiting-list.ts';

/** When time frees up, the waiting list hears of it (once per event, in the handler's transaction). */
export const offerFreedSlotSubscription: EventSubscription = {
  id: 'scheduling.offer-freed-slot',
  events: ['booking.cancelled', 'booking.rejected', 'booking.expired'],
  async handle(event, { tx }) {
    const p = event.payload as { instructorId: string; start: string; end: string };
    await offerFreedSlot(tx, event.tenantId, {
      instructorId: p.instructorId,
      start: new Date(p.start),
      end: new Date(p.end),
    });
  },
};
