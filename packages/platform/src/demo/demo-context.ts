import type { Actor, Keyring, Role, Tx } from '@dualcontrol/db';
import type { ModuleId } from '../modules/contract.ts';
import type { Viewer } from '../rbac/viewer.ts';
import type { DemoClock } from './demo-clock.ts';
import type { Random } from './random.ts';

/** Where a demo student is on the road to a licence. */
export const DEMO_STAGES = ['started', 'early', 'nearly_ready', 'passed'] as const;
export type DemoStage = (typeof DEMO_STAGES)[number];

/** A person of the demo school, ready to act through the services (as a user, with their viewer). */
export type DemoPerson = {
  userId: string;
  name: string;
  email: string;
  roles: readonly Role[];
  instructorId?: string | undefined;
  studentId?: string | undefined;
  actor: Actor;
  viewer: Viewer;
};

/**
 * One student's journey, decided once for every layer so they agree: scheduling books the lessons
 * it implies, lessons records their progress and tests, later layers (payments, messaging, CRM)
 * bill and talk about the same story. Dates are the school's local days (YYYY-MM-DD).
 */
export type DemoLearner = {
  student: DemoPerson & { studentId: string };
  stage: DemoStage;
  /** Their usual instructor. */
  instructor: DemoPerson & { instructorId: string };
  /** Local day of the week their first lesson falls in (its exact day and time is scheduling's). */
  firstLessonOn: string;
  /** Lessons stop after this day: the day before a passed practical test, or some weeks ahead. */
  lessonsUntil: string;
  /** From this day on they take two lessons a week (test preparation); null: one a week. */
  twiceWeeklyFrom: string | null;
  /** Weeks (0 = the week of the first lesson) whose lesson is a mock test. */
  mockTestWeeks: number[];
  /** The theory test, sat (passed) on this day; null: not yet. */
  theoryPassedOn: string | null;
  /** Practical tests: past ones with their result, and at most one booked ahead. */
  practicalTests: { on: string; result: 'passed' | 'failed' | 'booked' }[];
};

/** What one layer leaves for the layers after it (scheduling's bookings for lessons, and so on). */
export type DemoStory = {
  publish(moduleId: ModuleId, facts: unknown): void;
  read(moduleId: ModuleId): unknown;
};

/**
 * What a module's demo layer gets: the school's transaction (the whole demo of a school is one
 * transaction with its marker, so it exists completely or not at all), the cast, a clock, its own
 * random stream and the story so far. Layers write only through their module's services, passing
 * the simulated time as the services' `now`, so every rule and event holds as it would have then.
 */
export type DemoContext = {
  tx: Tx;
  school: {
    tenantId: string;
    slug: string;
    name: string;
    timezone: string;
    currency: string;
    locale: string;
  };
  /** Modules switched on for the school. */
  modules: readonly string[];
  seed: string;
  /** The school's local date the history ends on. */
  today: string;
  /**
   * The school's local midnight at the start of `today`. Everything the demo does happens before
   * it (past lessons, and the booking of the coming weeks' lessons), so the history depends on the
   * date and the seed only, never on the time of day it was generated.
   */
  startOfToday: Date;
  /** This layer's own stream (seed + module id). */
  random: Random;
  keyring: Keyring;
  people: {
    owners: DemoPerson[];
    admins: DemoPerson[];
    instructors: (DemoPerson & { instructorId: string })[];
    students: (DemoPerson & { studentId: string })[];
  };
  /** Who does the office's part (an admin, else the owner). */
  office: DemoPerson;
  learners: DemoLearner[];
  story: DemoStory;
  /** When the layers' events happened in the story (see DemoClock and readHistoryEvents). */
  clock: DemoClock;
  /**
   * Work to do once every layer has run, in the order registered (with its own progress line):
   * what must see the whole history's events — the notifications that are history, analytics.
   */
  afterAll(label: string, work: () => Promise<Record<string, number>>): void;
  /** Progress lines (the launcher's `step`). */
  step(message: string): void;
};

/** A module's part of the demo; returns what it made, by name, for the summary line. */
export type DemoLayer = (ctx: DemoContext) => Promise<Record<string, number>>;
