import type { MessageKey } from './i18n.ts';

/**
 * The header's navigation, worked out on the server from what the signed-in person may do (the
 * permission list the API gave at sign-in), which profile they have (a student's or an
 * instructor's pages are about that profile) and which modules the school has switched on. No
 * role names are read here except `guardian`, which has no profile and no permission of its own
 * that marks "has learners" (lessons decides per linked learner).
 *
 * Only the resulting links reach the browser: the permission list stays on the server.
 */

export type NavItem = {
  to: string;
  label: MessageKey;
  /** Further path prefixes that count as this item (for aria-current): the settings pages under /admin. */
  also?: readonly string[];
};

export type NavViewer = {
  permissions: readonly string[];
  roles: readonly string[];
  studentId: string | null;
  instructorId: string | null;
};

/** Pages under /admin that are the school's settings rather than a nav item of their own. */
const SETTINGS_PAGES = [
  '/admin/branding',
  '/admin/lesson-types',
  '/admin/locations',
  '/admin/vehicles',
  '/admin/policies',
  '/admin/packages',
  '/admin/syllabus',
  '/admin/documents',
  '/admin/modules',
];

type Rule = NavItem & { when: (v: NavViewer, on: (module: string) => boolean) => boolean };

const may = (v: NavViewer, p: string) => v.permissions.includes(p);

/** In the order they show; a person with two roles (an owner who also teaches) sees both sets. */
const RULES: readonly Rule[] = [
  // The office: everything that manages the school.
  { to: '/admin', label: 'nav.dashboard', when: (v) => may(v, 'tenant:manage') },
  {
    to: '/admin/bookings',
    label: 'nav.officeBookings',
    when: (v, on) => on('scheduling') && may(v, 'scheduling:booking:read:any'),
  },
  {
    to: '/admin/students',
    label: 'nav.officeStudents',
    when: (v) => may(v, 'students:create'),
  },
  {
    to: '/admin/instructors',
    label: 'nav.officeInstructors',
    when: (v) => may(v, 'instructors:create'),
  },
  { to: '/crm', label: 'nav.crm', when: (v, on) => on('crm') && may(v, 'crm:contacts:read') },
  {
    to: '/admin/finances',
    label: 'nav.finances',
    when: (v, on) => on('payments') && may(v, 'payments:reports:read'),
  },
  {
    to: '/admin/reports',
    label: 'nav.reports',
    when: (v, on) => on('analytics') && may(v, 'analytics:reports:read:any'),
  },

  // A student's own pages.
  { to: '/home', label: 'nav.home', when: (v) => Boolean(v.studentId) },
  {
    to: '/book',
    label: 'nav.book',
    when: (v) => Boolean(v.studentId) && may(v, 'scheduling:booking:create:own'),
  },
  {
    to: '/bookings',
    label: 'nav.bookings',
    when: (v) => Boolean(v.studentId) && may(v, 'scheduling:booking:read:own'),
  },
  {
    to: '/progress',
    label: 'nav.progress',
    when: (v, on) => Boolean(v.studentId) && on('lessons') && may(v, 'lessons:progress:read:own'),
  },
  {
    to: '/logbook',
    label: 'nav.logbook',
    when: (v, on) => Boolean(v.studentId) && on('lessons') && may(v, 'lessons:progress:read:own'),
  },
  {
    to: '/packages',
    label: 'nav.packages',
    when: (v, on) => Boolean(v.studentId) && on('payments') && may(v, 'payments:plans:read:own'),
  },
  {
    to: '/invoices',
    label: 'nav.invoices',
    when: (v, on) => Boolean(v.studentId) && on('payments') && may(v, 'payments:invoices:read:own'),
  },

  // A guardian's learners.
  { to: '/guardian', label: 'nav.learners', when: (v, on) => v.roles.includes('guardian') && on('lessons') },

  // An instructor's own pages.
  {
    to: '/diary',
    label: 'nav.diary',
    when: (v) => Boolean(v.instructorId) && may(v, 'scheduling:diary:manage:own'),
  },
  {
    to: '/availability',
    label: 'nav.hours',
    when: (v) => Boolean(v.instructorId) && may(v, 'scheduling:diary:manage:own'),
  },
  {
    to: '/students',
    label: 'nav.students',
    when: (v) => Boolean(v.instructorId) && may(v, 'students:read:any'),
  },
  {
    to: '/lessons',
    label: 'nav.lessons',
    when: (v, on) => Boolean(v.instructorId) && on('lessons') && may(v, 'lessons:lesson:record:own'),
  },
  { to: '/vehicles', label: 'nav.vehicles', when: (v) => Boolean(v.instructorId) },
  {
    to: '/earnings',
    label: 'nav.earnings',
    when: (v, on) => Boolean(v.instructorId) && on('payments') && may(v, 'payments:earnings:read:own'),
  },

  // Shared by students and instructors.
  {
    to: '/documents',
    label: 'nav.documents',
    when: (v, on) =>
      Boolean(v.studentId || v.instructorId) && on('lessons') && may(v, 'lessons:documents:create:own'),
  },
  {
    to: '/messages',
    label: 'nav.messages',
    when: (v, on) => on('messaging') && may(v, 'messaging:threads:use'),
  },
  {
    to: '/admin/branding',
    label: 'nav.settings',
    also: SETTINGS_PAGES,
    when: (v) => may(v, 'tenant:manage'),
  },
];

/** The links this person sees, in order. */
export function navigationFor(viewer: NavViewer, modules: readonly string[]): NavItem[] {
  const on = (m: string) => modules.includes(m);
  return RULES.filter((r) => r.when(viewer, on)).map(({ when: _when, ...item }) => item);
}

/** The operator's links, on the platform's own host. */
export const OPERATOR_NAVIGATION: readonly NavItem[] = [
  { to: '/operator', label: 'nav.schools', also: ['/operator/schools'] },
  { to: '/operator/mailbox', label: 'nav.mailbox' },
];

/**
 * The item the page at `path` belongs to: the longest `to` (or `also`) that is the path or a
 * folder of it, so /admin/finances/invoices marks Finances and not Dashboard.
 */
export function currentItem(items: readonly NavItem[], path: string): NavItem | null {
  let best: { item: NavItem; length: number } | null = null;
  for (const item of items) {
    for (const prefix of [item.to, ...(item.also ?? [])]) {
      const hit = path === prefix || path.startsWith(`${prefix}/`);
      if (hit && (!best || prefix.length > best.length)) best = { item, length: prefix.length };
    }
  }
  return best?.item ?? null;
}
