import { fileURLToPath } from 'node:url';
import type { ModuleManifest } from '@dualcontrol/platform';
import { createAnalyticsActivities } from './activities.ts';
import { analyticsDemo } from './demo/fill-facts.ts';
import { ensureRebuildSchedule } from './facts/analytics-schedule.ts';
import { ANALYTICS_PERMISSIONS } from './permissions.ts';
import { mountAnalyticsRoutes } from './routes.ts';
import { analyticsUsage } from './services/usage-figures.ts';
import { AnalyticsSettingsSchema } from './settings.ts';
import { analyticsSubscriptions } from './subscriptions.ts';

/**
 * Analytics: every domain event of every module as an analytics event without personal data
 * (analytics_events), forwarded to PostHog when a key is set; daily facts per school and
 * instructor kept up to date from those events and rebuilt nightly by a Temporal schedule; and the
 * office's reports over them (API, portal pages with SVG charts, CSV).
 */
export const analyticsModule: ModuleManifest = {
  id: 'analytics',
  title: 'Analytics',
  version: '0.2.0',
  // Utilisation divides taught hours by the instructors' available hours, which scheduling knows.
  dependsOn: ['scheduling'],
  routes: mountAnalyticsRoutes,
  workflowsPath: fileURLToPath(new URL('./workflows/index.ts', import.meta.url)),
  activities: createAnalyticsActivities,
  subscriptions: (deps) => analyticsSubscriptions(deps),
  onWorkerStart: ensureRebuildSchedule,
  demo: analyticsDemo,
  settings: AnalyticsSettingsSchema,
  permissions: ANALYTICS_PERMISSIONS,
  usage: analyticsUsage,
  navigation: [{ audience: 'admin', label: 'Reports', path: '/admin/reports' }],
};

export { stripPersonalData } from './events/strip-personal-data.ts';
export { type AnalyticsEvent, toAnalyticsEvent } from './events/to-analytics-event.ts';
export { rebuildSchoolFacts } from './facts/rebuild-school-facts.ts';
export { ANALYTICS_PERMISSIONS } from './permissions.ts';
export { createPostHogForwarder } from './posthog/posthog-forwarder.ts';
export { AnalyticsSettingsSchema, readAnalyticsSettings } from './settings.ts';
export { analyticsSubscriptions } from './subscriptions.ts';
export { analyticsRebuildScheduleId } from './workflows/rebuild-facts-workflow.ts';
