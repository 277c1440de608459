import type { ModuleRouter } from '@dualcontrol/platform';
import * as assignmentHandlers from './assignments/assignments.handlers.ts';
import * as assignmentRoutes from './assignments/assignments.routes.ts';
import * as availabilityHandlers from './availability/availability.handlers.ts';
import * as availabilityRoutes from './availability/availability.routes.ts';
import * as bookingHandlers from './bookings/bookings.handlers.ts';
import * as bookingRoutes from './bookings/bookings.routes.ts';
import * as calendarHandlers from './calendar/calendar.handlers.ts';
import * as calendarRoutes from './calendar/calendar.routes.ts';
import { lessonTypeHandlers, locationHandlers, vehicleHandlers } from './catalog/catalog.handlers.ts';
import { lessonTypeRoutes, locationRoutes, vehicleRoutes } from './catalog/catalog.routes.ts';
import * as groupSessionHandlers from './group-sessions/group-sessions.handlers.ts';
import * as groupSessionRoutes from './group-sessions/group-sessions.routes.ts';
import * as instructorStudentHandlers from './instructor-students/instructor-students.handlers.ts';
import * as instructorStudentRoutes from './instructor-students/instructor-students.routes.ts';
import * as policiesHandlers from './policies/policies.handlers.ts';
import * as policiesRoutes from './policies/policies.routes.ts';
import * as utilisationHandlers from './reports/utilisation.handlers.ts';
import * as utilisationRoutes from './reports/utilisation.routes.ts';
import * as reviewsHandlers from './reviews/reviews.handlers.ts';
import * as reviewsRoutes from './reviews/reviews.routes.ts';
import * as seriesHandlers from './series/series.handlers.ts';
import * as seriesRoutes from './series/series.routes.ts';
import * as timeOffHandlers from './time-off/time-off.handlers.ts';
import * as timeOffRoutes from './time-off/time-off.routes.ts';
import * as waitingHandlers from './waiting-list/waiting-list.handlers.ts';
import * as waitingRoutes from './waiting-list/waiting-list.routes.ts';

/** Mounts every scheduling operation; the module router puts each behind the module gate. */
export function mountSchedulingRoutes(router: ModuleRouter): void {
  router
    .openapi(availabilityRoutes.putAvailability, availabilityHandlers.putAvailability)
    .openapi(availabilityRoutes.getAvailability, availabilityHandlers.getAvailability)
    .openapi(availabilityRoutes.getSlots, availabilityHandlers.getSlots)
    .openapi(availabilityRoutes.searchSlots, availabilityHandlers.searchSlots)
    .openapi(bookingRoutes.createBooking, bookingHandlers.createBooking)
    .openapi(bookingRoutes.listBookings, bookingHandlers.listBookings)
    .openapi(bookingRoutes.getBooking, bookingHandlers.getBooking)
    .openapi(bookingRoutes.confirmBooking, bookingHandlers.confirmBooking)
    .openapi(bookingRoutes.rejectBooking, bookingHandlers.rejectBooking)
    .openapi(bookingRoutes.cancelBooking, bookingHandlers.cancelBooking)
    .openapi(bookingRoutes.cancellationQuote, bookingHandlers.cancellationQuote)
    .openapi(bookingRoutes.rescheduleBooking, bookingHandlers.rescheduleBooking)
    .openapi(bookingRoutes.completeBooking, bookingHandlers.completeBooking)
    .openapi(bookingRoutes.noShowBooking, bookingHandlers.noShowBooking)
    .openapi(groupSessionRoutes.listGroupSessions, groupSessionHandlers.listGroupSessions)
    .openapi(groupSessionRoutes.takeSeat, groupSessionHandlers.takeSeat)
    .openapi(groupSessionRoutes.releaseSeat, groupSessionHandlers.releaseSeat)
    .openapi(groupSessionRoutes.seatNoShow, groupSessionHandlers.seatNoShow)
    .openapi(calendarRoutes.createFeed, calendarHandlers.createFeed)
    .openapi(calendarRoutes.revokeFeed, calendarHandlers.revokeFeed)
    .openapi(calendarRoutes.readFeed, calendarHandlers.readFeed)
    .openapi(timeOffRoutes.addException, timeOffHandlers.addException)
    .openapi(timeOffRoutes.listExceptions, timeOffHandlers.listExceptions)
    .openapi(timeOffRoutes.removeException, timeOffHandlers.removeException)
    .openapi(timeOffRoutes.addClosure, timeOffHandlers.addClosure)
    .openapi(timeOffRoutes.listClosures, timeOffHandlers.listClosures)
    .openapi(timeOffRoutes.removeClosure, timeOffHandlers.removeClosure)
    .openapi(waitingRoutes.join, waitingHandlers.join)
    .openapi(waitingRoutes.list, waitingHandlers.list)
    .openapi(waitingRoutes.leave, waitingHandlers.leave)
    .openapi(waitingRoutes.accept, waitingHandlers.accept)
    .openapi(seriesRoutes.createSeries, seriesHandlers.createSeries)
    .openapi(seriesRoutes.cancelRest, seriesHandlers.cancelRest)
    .openapi(policiesRoutes.getPolicies, policiesHandlers.getPolicies)
    .openapi(policiesRoutes.updatePolicies, policiesHandlers.updatePolicies)
    .openapi(utilisationRoutes.utilisation, utilisationHandlers.utilisation)
    .openapi(reviewsRoutes.reviewLesson, reviewsHandlers.reviewLesson)
    .openapi(reviewsRoutes.listReviews, reviewsHandlers.listReviews)
    .openapi(assignmentRoutes.getAssignments, assignmentHandlers.getAssignments)
    .openapi(assignmentRoutes.putAssignments, assignmentHandlers.putAssignments)
    .openapi(
      instructorStudentRoutes.listInstructorStudents,
      instructorStudentHandlers.listInstructorStudents,
    );
  router
    .openapi(lessonTypeRoutes.list, lessonTypeHandlers.list)
    .openapi(lessonTypeRoutes.create, lessonTypeHandlers.create)
    .openapi(lessonTypeRoutes.replace, lessonTypeHandlers.replace)
    .openapi(locationRoutes.list, locationHandlers.list)
    .openapi(locationRoutes.create, locationHandlers.create)
    .openapi(locationRoutes.replace, locationHandlers.replace)
    .openapi(vehicleRoutes.list, vehicleHandlers.list)
    .openapi(vehicleRoutes.create, vehicleHandlers.create)
    .openapi(vehicleRoutes.replace, vehicleHandlers.replace);
}
