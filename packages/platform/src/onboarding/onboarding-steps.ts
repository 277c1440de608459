import type { ModuleId } from '../modules/contract.ts';

/**
 * The setup checklist a new school's owner sees, in the order worth doing it. Each step is owned
 * by whoever holds the state that proves it done: core for branding and students, a module for its
 * own tables (its manifest's `onboarding` lookup). A step whose module is off is left out.
 */
export const ONBOARDING_STEPS = [
  { id: 'branding', owner: 'core', path: '/admin/branding' },
  { id: 'instructor_hours', owner: 'scheduling', path: '/admin/instructors' },
  { id: 'lesson_types', owner: 'scheduling', path: '/admin/lesson-types' },
  { id: 'locations', owner: 'scheduling', path: '/admin/locations' },
  { id: 'payments', owner: 'payments', path: '/admin/packages' },
  { id: 'students', owner: 'core', path: '/admin/students' },
] as const satisfies readonly { id: string; owner: 'core' | ModuleId; path: string }[];

export type OnboardingStepId = (typeof ONBOARDING_STEPS)[number]['id'];

/** What a module's `onboarding` lookup answers: which of its steps are done, from its own tables. */
export type OnboardingFacts = Partial<Record<OnboardingStepId, boolean>>;
