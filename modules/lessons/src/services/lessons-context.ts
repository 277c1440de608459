import type { Actor, Keyring } from '@dualcontrol/db';
import type { Viewer } from '@dualcontrol/platform';
import type { LessonSettings } from '../settings.ts';

/** Who is asking, at which school, under which rules: what every lessons service takes. */
export type LessonsContext = {
  tenantId: string;
  school: { timezone: string; currency: string; locale: string };
  actor: Actor;
  viewer: Viewer;
  settings: LessonSettings;
  now: Date;
  /** Seals and opens the sensitive fields (document references). */
  keyring: Keyring;
};
