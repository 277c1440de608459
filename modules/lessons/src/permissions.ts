import type { ModulePermission } from '@dualcontrol/platform';

/** Every permission lessons checks; the platform's role table says who holds them. */
export const LESSONS_PERMISSIONS = [
  // The school's syllabus: everyone reads it; the office edits it.
  'lessons:syllabus:read',
  'lessons:syllabus:manage',
  // Lesson records: an instructor their own lessons, a student the lessons they took.
  'lessons:lesson:read:any',
  'lessons:lesson:read:own',
  'lessons:lesson:record:any',
  'lessons:lesson:record:own',
  // A student's progress, readiness, mock tests and test history: the student, the instructors
  // who taught them, a linked guardian; the office for everyone.
  'lessons:progress:read:any',
  'lessons:progress:read:own',
  // Mock tests and test records, for students the instructor teaches.
  'lessons:assessments:record:any',
  'lessons:assessments:record:own',
  // Goals: the student sets their own; their instructors and the office set them too.
  'lessons:goals:manage:any',
  'lessons:goals:manage:own',
  // Links, files and reading for a student (the instructors who taught them, the office).
  'lessons:materials:assign:any',
  'lessons:materials:assign:own',
  // Photos and videos of a lesson. Seen by whoever may see the lesson (its instructor, its
  // student, the student's guardian, the office); added and removed by its instructor and the office.
  'lessons:attachments:read:any',
  'lessons:attachments:read:own',
  'lessons:attachments:manage:any',
  'lessons:attachments:manage:own',
  // Linking a guardian's account to a learner.
  'lessons:guardians:manage',
  // Inviting a guardian by email: the learner for themself, the office for anyone.
  'lessons:guardians:invite:any',
  'lessons:guardians:invite:own',
  // Private practice for the logbook: the learner submits their own (the office anyone's); the
  // supervising guardian confirms what names them (the office anything).
  'lessons:practice:submit:any',
  'lessons:practice:submit:own',
  'lessons:practice:confirm:any',
  'lessons:practice:confirm:own',
  'lessons:documents:read:any',
  'lessons:documents:read:own',
  'lessons:documents:create:any',
  'lessons:documents:create:own',
  'lessons:documents:verify',
  'lessons:settings:manage',
] as const satisfies readonly ModulePermission[];
