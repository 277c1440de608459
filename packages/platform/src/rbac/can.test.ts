import { describe, expect, it } from 'vitest';
import type { ModuleManifest } from '../modules/contract.ts';
import { createModuleRegistry } from '../modules/registry.ts';
import { can, requireCan } from './can.ts';
import type { ModulePermission } from './permissions.ts';
import { ROLE_PERMISSIONS } from './role-permissions.ts';
import { createViewer, SYSTEM_VIEWER } from './viewer.ts';

// Stubs declaring exactly the permissions the real table grants for these two modules.
const declared = (id: 'scheduling' | 'payments'): ModuleManifest => ({
  id,
  title: id,
  version: '0',
  dependsOn: [],
  permissions: [
    ...new Set(
      Object.values(ROLE_PERMISSIONS)
        .flat()
        .filter((p): p is ModulePermission => p.startsWith(`${id}:`)),
    ),
  ],
});
const registry = createModuleRegistry([declared('scheduling'), declared('payments')]);

const owner = createViewer({ id: 'u-owner', roles: ['owner'] }, {}, registry);
const instructor = createViewer({ id: 'u-ins', roles: ['instructor'] }, { instructorId: 'i-1' }, registry);
const student = createViewer(
  { id: 'u-stu', roles: ['student'] },
  { studentId: 's-1', instructorId: null },
  registry,
);
const guardian = createViewer({ id: 'u-guard', roles: ['guardian'] }, {}, registry);

const booking = (instructorId: string, studentId: string) => ({ instructorId, studentId });

describe('can', () => {
  it('`:any` reaches every row; `:own` only the viewer’s own', () => {
    expect(can(owner, 'scheduling:booking:read:own', booking('i-9', 's-9'))).toBe(true);
    expect(can(owner, 'scheduling:booking:read:any')).toBe(true);

    expect(can(instructor, 'scheduling:booking:read:own', booking('i-1', 's-9'))).toBe(true);
    expect(can(instructor, 'scheduling:booking:read:own', booking('i-2', 's-9'))).toBe(false);
    expect(can(instructor, 'scheduling:booking:read:any')).toBe(false);

    expect(can(student, 'scheduling:booking:read:own', booking('i-1', 's-1'))).toBe(true);
    expect(can(student, 'scheduling:booking:read:own', booking('i-1', 's-2'))).toBe(false);
    // Without a row there is nothing to own.
    expect(can(student, 'scheduling:booking:read:own')).toBe(false);
  });

  it('absent ids never match each other (no profile owns an unassigned row)', () => {
    expect(can(student, 'payments:payment:read:own', { studentId: undefined })).toBe(false);
    expect(can(guardian, 'payments:payment:read:own', { studentId: null })).toBe(false);
    expect(can(instructor, 'payments:payment:read:own', { studentId: undefined })).toBe(false);
  });

  it('ownership by user id (an instructor’s own profile, a guardian’s own calendar feed)', () => {
    expect(can(instructor, 'instructors:update:own', { userId: 'u-ins' })).toBe(true);
    expect(can(instructor, 'instructors:update:own', { userId: 'u-other' })).toBe(false);
    expect(can(guardian, 'scheduling:calendar-feeds:revoke:own', { userId: 'u-guard' })).toBe(true);
    expect(can(guardian, 'scheduling:calendar-feeds:revoke:own', { userId: 'u-other' })).toBe(false);
  });

  it('a permission without scope is held or not; office-only ones are refused to others', () => {
    expect(can(owner, 'scheduling:policies:manage')).toBe(true);
    expect(can(instructor, 'scheduling:policies:manage')).toBe(false);
    expect(can(student, 'payments:reports:read')).toBe(false);
  });

  it('an unknown permission is held by nobody, the system included', () => {
    expect(can(owner, 'scheduling:spaceship:launch')).toBe(false);
    expect(can(owner, 'scheduling:spaceship:launch:own', { userId: 'u-owner' })).toBe(false);
    expect(can(SYSTEM_VIEWER, 'scheduling:spaceship:launch')).toBe(false);
  });

  it('the system viewer may do what the office may, and owns nothing', () => {
    expect(can(SYSTEM_VIEWER, 'scheduling:booking:transition:any')).toBe(true);
    expect(can(SYSTEM_VIEWER, 'payments:refunds:create')).toBe(true);
    expect(can(SYSTEM_VIEWER, 'instructors:update:own', { userId: '' })).toBe(true); // through :any
    const stripped = { ...SYSTEM_VIEWER, permissions: new Set(['instructors:update:own'] as const) };
    expect(can(stripped, 'instructors:update:own', { userId: '' })).toBe(false);
  });

  it('requireCan throws the 403 problem with the caller’s words, or the caller’s own refusal', () => {
    expect(() => requireCan(student, 'scheduling:closures:manage', { detail: 'Office only.' })).toThrow(
      expect.objectContaining({ code: 'auth.forbidden', status: 403, detail: 'Office only.' }),
    );
    expect(() => requireCan(student, 'scheduling:closures:manage')).toThrow(
      expect.objectContaining({ status: 403, detail: 'You do not have permission to do this.' }),
    );
    const gone = new Error('not found');
    expect(() =>
      requireCan(student, 'payments:credit:read:own', { resource: { studentId: 's-2' }, refuse: () => gone }),
    ).toThrow(gone);
    expect(() =>
      requireCan(student, 'payments:credit:read:own', { resource: { studentId: 's-1' } }),
    ).not.toThrow();
  });
});
