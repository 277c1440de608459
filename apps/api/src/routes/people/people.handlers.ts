import {
  createPerson,
  createViewer,
  decodeCursor,
  hasPermission,
  inviteStudent as inviteStudentService,
  listPeople,
  type PersonKind,
  requestDb,
  requireAnyPermission,
  requirePermission,
  requireTenant,
  requireUser,
  updateInstructorProfile as updateProfile,
} from '@dualcontrol/platform';
import type { AppRouteHandler as Handler } from '../handler.ts';
import type {
  instructorRoutes,
  inviteStudent as inviteRoute,
  updateInstructorProfile as profileRoute,
} from './people.routes.ts';

type Routes = typeof instructorRoutes;

export function peopleHandlers(kind: PersonKind) {
  const createPermission = kind === 'instructor' ? 'instructors:create' : 'students:create';

  const create: Handler<Routes['create']> = async (c) => {
    const user = requirePermission(c, createPermission);
    const person = await createPerson(
      requestDb(c),
      requireTenant(c),
      { kind: 'user', id: user.id },
      {
        kind,
        ...c.req.valid('json'),
      },
    );
    return c.json(person, 201);
  };

  const list: Handler<Routes['list']> = async (c) => {
    const tenant = requireTenant(c);
    const { limit, cursor } = c.req.valid('query');
    let onlyUserId: string | undefined;
    if (kind === 'instructor') {
      requirePermission(c, 'instructors:read');
    } else {
      // Students see only themselves; staff see the school's students.
      const user = requireAnyPermission(c, 'students:read:any', 'students:read:own');
      if (!hasPermission(c, user, 'students:read:any')) onlyUserId = user.id;
    }
    const user = c.get('user')!;
    const result = await listPeople(
      requestDb(c),
      tenant.id,
      { kind: 'user', id: user.id },
      {
        kind,
        limit,
        after: decodeCursor(cursor),
        onlyUserId,
      },
    );
    return c.json(result, 200);
  };

  return { create, list };
}

export const updateInstructorProfile: Handler<typeof profileRoute> = async (c) => {
  const { id } = c.req.valid('param');
  // Ownership here is the profile's user, so the viewer needs no profile ids.
  const viewer = createViewer(requireUser(c), {}, c.get('deps').registry);
  const profile = await updateProfile(requestDb(c), requireTenant(c).id, viewer, id, c.req.valid('json'));
  return c.json(profile, 200);
};

export const inviteStudent: Handler<typeof inviteRoute> = async (c) => {
  const user = requirePermission(c, 'students:create');
  const deps = c.get('deps');
  const sent = await inviteStudentService(
    { ...deps, db: requestDb(c), appDomain: deps.env.APP_DOMAIN },
    requireTenant(c),
    { kind: 'user', id: user.id },
    { studentId: c.req.valid('param').id, setPasswordUrl: c.req.valid('json').setPasswordUrl },
  );
  return c.json(sent, 202);
};
