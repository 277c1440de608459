import type { Viewer } from '@dualcontrol/platform';
import type { AnalyticsSettings } from '../settings.ts';
import type { Period } from './report-shape.ts';

/** What every report reads: the school, the caller, and the validated range. */
export type ReportContext = {
  tenantId: string;
  timezone: string;
  currency: string;
  settings: AnalyticsSettings;
  viewer: Viewer;
  from: string;
  to: string;
  period: Period;
  /** The caller's instructor profile when they see only their own figures (not the office). */
  ownInstructorId: string | null;
};
