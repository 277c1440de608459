import type { ModuleRouter } from '@dualcontrol/platform';
import * as reportHandlers from './reports/reports.handlers.ts';
import * as reportRoutes from './reports/reports.routes.ts';
import * as settingsHandlers from './settings/settings.handlers.ts';
import * as settingsRoutes from './settings/settings.routes.ts';

/** Mounts every analytics operation; the module router puts each behind the module gate. */
export function mountAnalyticsRoutes(router: ModuleRouter): void {
  router
    .openapi(reportRoutes.getReport, reportHandlers.getReport)
    .openapi(settingsRoutes.getSettings, settingsHandlers.getSettings)
    .openapi(settingsRoutes.updateSettings, settingsHandlers.updateSettings);
}
