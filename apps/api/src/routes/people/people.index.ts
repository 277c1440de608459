import { createRouter } from '@dualcontrol/platform';
import { inviteStudent, peopleHandlers, updateInstructorProfile } from './people.handlers.ts';
import {
  instructorRoutes,
  inviteStudent as inviteRoute,
  updateInstructorProfile as profileRoute,
  studentRoutes,
} from './people.routes.ts';

const instructors = peopleHandlers('instructor');
const students = peopleHandlers('student');

export const peopleRouter = createRouter()
  .openapi(instructorRoutes.create, instructors.create)
  .openapi(instructorRoutes.list, instructors.list)
  .openapi(studentRoutes.create, students.create)
  .openapi(studentRoutes.list, students.list)
  .openapi(profileRoute, updateInstructorProfile)
  .openapi(inviteRoute, inviteStudent);
