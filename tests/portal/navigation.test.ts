import { ROLE_PERMISSIONS } from '@dualcontrol/platform';
import {
  currentItem,
  type NavViewer,
  navigationFor,
  OPERATOR_NAVIGATION,
} from '@dualcontrol/portal/navigation';
import { describe, expect, it } from 'vitest';

const ALL = ['scheduling', 'lessons', 'payments', 'messaging', 'crm', 'analytics'];

/** A person as the session holds them: the real permission table of their roles (the API's answer). */
function viewer(roles: (keyof typeof ROLE_PERMISSIONS)[], profile: Partial<NavViewer> = {}): NavViewer {
  return {
    permissions: [...new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r]))],
    roles,
    studentId: null,
    instructorId: null,
    ...profile,
  };
}
const links = (v: NavViewer, modules = ALL) => navigationFor(v, modules).map((i) => i.to);

describe('role-aware navigation', () => {
  it('the office reaches the whole school', () => {
    for (const role of ['owner', 'admin'] as const)
      expect(links(viewer([role]))).toEqual([
        '/admin',
        '/admin/bookings',
        '/admin/students',
        '/admin/instructors',
        '/crm',
        '/admin/finances',
        '/admin/reports',
        '/messages',
        '/admin/branding',
      ]);
  });

  it('an instructor sees their diary, students, messages and earnings, and nothing of the office', () => {
    const got = links(viewer(['instructor'], { instructorId: 'i1' }));
    expect(got).toEqual([
      '/diary',
      '/availability',
      '/students',
      '/lessons',
      '/vehicles',
      '/earnings',
      '/documents',
      '/messages',
    ]);
  });

  it('a student books, sees their lessons, progress, messages and payments', () => {
    expect(links(viewer(['student'], { studentId: 's1' }))).toEqual([
      '/home',
      '/book',
      '/bookings',
      '/progress',
      '/logbook',
      '/packages',
      '/invoices',
      '/documents',
      '/messages',
    ]);
  });

  it('a guardian sees their learners only', () => {
    expect(links(viewer(['guardian']))).toEqual(['/guardian']);
  });

  it('modules that are off take their links away', () => {
    const owner = links(viewer(['owner']), ['scheduling']);
    expect(owner).toEqual([
      '/admin',
      '/admin/bookings',
      '/admin/students',
      '/admin/instructors',
      '/admin/branding',
    ]);
    const student = links(viewer(['student'], { studentId: 's1' }), ['scheduling']);
    expect(student).toEqual(['/home', '/book', '/bookings']);
    expect(links(viewer(['guardian']), ['scheduling'])).toEqual([]);
  });

  it('follows the permissions, not the role name: a role without them sees nothing', () => {
    expect(links({ permissions: [], roles: ['owner'], studentId: null, instructorId: null })).toEqual([]);
    // A profile alone is not enough either: the pages need the permission too.
    expect(links({ permissions: [], roles: ['student'], studentId: 's1', instructorId: null })).toEqual([
      '/home',
    ]);
  });

  it('an owner who also teaches sees both sets once each', () => {
    const got = links(viewer(['owner', 'instructor'], { instructorId: 'i1' }));
    expect(got).toContain('/admin');
    expect(got).toContain('/diary');
    expect(new Set(got).size).toBe(got.length);
  });

  it('marks the item a page belongs to: the longest matching prefix, settings pages under School settings', () => {
    const items = navigationFor(viewer(['owner']), ALL);
    const at = (path: string) => currentItem(items, path)?.to ?? null;
    expect(at('/admin')).toBe('/admin');
    expect(at('/admin/finances/invoices')).toBe('/admin/finances');
    expect(at('/admin/locations')).toBe('/admin/branding');
    expect(at('/crm/contacts/abc')).toBe('/crm');
    expect(at('/administrator')).toBeNull();
    expect(at('/profile')).toBeNull();
    expect(currentItem(OPERATOR_NAVIGATION, '/operator/schools/northside')?.to).toBe('/operator');
    expect(currentItem(OPERATOR_NAVIGATION, '/operator/mailbox')?.to).toBe('/operator/mailbox');
  });
});
