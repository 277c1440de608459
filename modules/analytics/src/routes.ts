import type { ModuleRouter } from "@dualcontrol/platform";
export function mountAnalyticsRoutes(_router: ModuleRouter): void {}
