import { analyticsModule } from '@dualcontrol/analytics';
import { crmModule } from '@dualcontrol/crm';
import { lessonsModule } from '@dualcontrol/lessons';
import { messagingModule } from '@dualcontrol/messaging';
import { paymentsModule } from '@dualcontrol/payments';
import { createModuleRegistry, type ModuleManifest } from '@dualcontrol/platform';
import { schedulingModule } from '@dualcontrol/scheduling';

/**
 * Every module the product ships, composed once for every process that runs them (api, worker,
 * launcher, tenants:apply, cross-app tests): packages may not import modules, and one list keeps
 * the api and the worker from disagreeing (docs/decisions/0009-product-module-list.md). The
 * registry validates their dependency graph at boot.
 */
export const productModules: ModuleManifest[] = [
  schedulingModule,
  lessonsModule,
  paymentsModule,
  messagingModule,
  crmModule,
  analyticsModule,
];

export const createProductRegistry = () => createModuleRegistry(productModules);
