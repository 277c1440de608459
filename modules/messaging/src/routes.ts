import type { ModuleRouter } from '@dualcontrol/platform';
import { mountChannelRoutes } from './channels/routes.ts';

/** Mounts every messaging operation; the module router puts each behind the module gate. */
export function mountMessagingRoutes(router: ModuleRouter): void {
  mountChannelRoutes(router);
}
