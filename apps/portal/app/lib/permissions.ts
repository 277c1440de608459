/**
 * What the API says the signed-in person may do (`permissions` on GET /api/v1/auth/me, kept in the
 * session). The portal asks this list; it never works out "staff" from roles itself.
 */
export const may = (me: { permissions: readonly string[] }, permission: string) =>
  me.permissions.includes(permission);

/** The school's office pages (the admin area) are for those who may manage the school. */
export const OFFICE_PERMISSION = 'tenant:manage';

export const isOffice = (me: { permissions: readonly string[] }) => may(me, OFFICE_PERMISSION);
