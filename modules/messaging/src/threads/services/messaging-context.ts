import type { Keyring, Tx } from '@dualcontrol/db';
import type { Viewer } from '@dualcontrol/platform';

/** What every threads service takes: the school, the caller, the clock. */
export type MessagingContext = {
  tenantId: string;
  viewer: Viewer;
  now: Date;
  keyring: Keyring;
};

export type WithTx = { tx: Tx; ctx: MessagingContext };

/** Whether the caller counts as the school's office (owners and admins). */
export const isOffice = (ctx: MessagingContext) =>
  ctx.viewer.roles.includes('owner') || ctx.viewer.roles.includes('admin');
