import type { tenants } from '@dualcontrol/db';
import { publicBranding } from '@dualcontrol/platform';

// On unless the school turned it off (the same rule sign-up itself applies).
const selfSignupOn = (policies: Record<string, unknown>) => policies.selfSignup !== false;

/** The school's public profile as GET /school answers it (no storage keys, no policies). */
export function schoolView(row: typeof tenants.$inferSelect, modules: readonly string[]) {
  return {
    slug: row.slug,
    name: row.name,
    timezone: row.timezone,
    currency: row.currency,
    locale: row.locale,
    branding: publicBranding(row.branding),
    modules: [...modules],
    selfSignup: selfSignupOn(row.policies),
  };
}
