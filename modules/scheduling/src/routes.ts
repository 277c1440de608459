import type { AppRouter } from '@dualcontrol/platform';
import * as availabilityHandlers from './availability/availability.handlers.ts';
import * as availabilityRoutes from './availability/availability.routes.ts';
import * as bookingHandlers from './bookings/bookings.handlers.ts';
import * as bookingRoutes from './bookings/bookings.routes.ts';

/** Mounts every scheduling operation; the router already puts each behind the module gate. */
export function mountSchedulingRoutes(router: AppRouter): void {
  router
    .openapi(availabilityRoutes.putAvailability, availabilityHandlers.putAvailability)
    .openapi(availabilityRoutes.getAvailability, availabilityHandlers.getAvailability)
    .openapi(availabilityRoutes.getSlots, availabilityHandlers.getSlots)
    .openapi(bookingRoutes.createBooking, bookingHandlers.createBooking)
    .openapi(bookingRoutes.listBookings, bookingHandlers.listBookings)
    .openapi(bookingRoutes.getBooking, bookingHandlers.getBooking)
    .openapi(bookingRoutes.confirmBooking, bookingHandlers.confirmBooking)
    .openapi(bookingRoutes.rejectBooking, bookingHandlers.rejectBooking)
    .openapi(bookingRoutes.cancelBooking, bookingHandlers.cancelBooking);
}
