import { ensurePortalBuild } from '@dualcontrol/portal/build';

/**
 * Builds the portal once, before any test file starts: e2e files run two at a time, and two
 * builds writing the same output folder at once could serve a half-written bundle.
 */
export default function setup() {
  ensurePortalBuild((line) => console.log(`[e2e] ${line}`));
}
