import { fileURLToPath } from 'node:url';
import type { ModuleManifest } from '@dualcontrol/platform';
import { createLessonsActivities } from './activities.ts';
import { lessonsDemo } from './demo/simulate-lessons.ts';
import { lessonsEvents } from './events.ts';
import { LESSONS_PERMISSIONS } from './permissions.ts';
import { mountLessonsRoutes } from './routes.ts';
import { seedLessons } from './seed.ts';
import { lessonsUsage } from './services/usage-figures.ts';
import { LessonSettingsSchema } from './settings.ts';
import { lessonsSubscriptions } from './subscriptions.ts';

/**
 * Lessons: a school's syllabus (from a UK, US or Australian template), lesson records made from
 * completed bookings and recorded skill by skill, each student's progress with a test readiness
 * score and next-lesson recommendations, mock tests marked like the real test, test records with
 * the theory-pass rule, documents with expiry, guardians (invited by email) and the learner's
 * logbook (day/night hours, confirmed private practice, Australian state rules).
 */
export const lessonsModule: ModuleManifest = {
  id: 'lessons',
  title: 'Lessons',
  version: '0.2.0',
  dependsOn: ['scheduling'],
  routes: mountLessonsRoutes,
  // Each document's expiry timers (document.expiring 30 and 7 days before, document.expired).
  workflowsPath: fileURLToPath(new URL('./workflows/index.ts', import.meta.url)),
  activities: createLessonsActivities,
  events: lessonsEvents,
  subscriptions: lessonsSubscriptions,
  seed: seedLessons,
  demo: lessonsDemo,
  settings: LessonSettingsSchema,
  permissions: LESSONS_PERMISSIONS,
  usage: lessonsUsage,
  navigation: [
    { audience: 'student', label: 'My progress', path: '/progress' },
    { audience: 'student', label: 'Documents', path: '/documents' },
    { audience: 'instructor', label: 'Lesson records', path: '/lessons' },
    { audience: 'instructor', label: 'Documents', path: '/documents' },
    { audience: 'admin', label: 'Syllabus', path: '/admin/syllabus' },
    { audience: 'admin', label: 'Documents expiring', path: '/admin/documents' },
  ],
};

// What lessons emits, for the modules that react to it (messaging, crm, analytics).
export { type LessonsEvents, lessonsEvents } from './events.ts';
// The permission strings the module declares (stub manifests in tests reuse them).
export { LESSONS_PERMISSIONS } from './permissions.ts';
export { LessonSettingsSchema, readLessonSettings } from './settings.ts';
export { SYLLABUS_TEMPLATES, type TemplateId, templateForSchool } from './syllabus/index.ts';
