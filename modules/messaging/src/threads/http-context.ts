import type { Tx } from '@dualcontrol/db';
import {
  type AppEnv,
  createViewer,
  requestTx,
  requireCan,
  requireTenant,
  requireUser,
} from '@dualcontrol/platform';
import type { Context } from 'hono';
import type { MessagingContext } from './services/messaging-context.ts';

/** The caller and school of a request, as threads services take them (conversations need `use`). */
export function messagingContext(c: Context<AppEnv>): MessagingContext {
  const tenant = requireTenant(c);
  const user = requireUser(c);
  const viewer = createViewer(
    user,
    { instructorId: user.instructorId, studentId: user.studentId },
    c.get('deps').registry,
  );
  requireCan(viewer, 'messaging:threads:use', {
    detail: 'Conversations are for students, instructors and the office.',
  });
  return { tenantId: tenant.id, viewer, now: new Date(), keyring: c.get('deps').keyring };
}

/** Runs `fn` in the request's one transaction. */
export function withMessaging<T>(c: Context<AppEnv>, fn: (tx: Tx, ctx: MessagingContext) => Promise<T>) {
  return fn(requestTx(c), messagingContext(c));
}
