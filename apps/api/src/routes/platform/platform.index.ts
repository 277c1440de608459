import { createRouter } from '@dualcontrol/platform';
import * as handlers from './platform.handlers.ts';
import * as routes from './platform.routes.ts';

export const platformRouter = createRouter()
  .openapi(routes.login, handlers.login)
  .openapi(routes.logout, handlers.logout)
  .openapi(routes.createTenant, handlers.createTenant)
  .openapi(routes.listTenants, handlers.listTenants)
  .openapi(routes.setModule, handlers.setModule)
  .openapi(routes.setStatus, handlers.setStatus)
  .openapi(routes.usage, handlers.usage)
  .openapi(routes.platformUsage, handlers.platformUsage)
  .openapi(routes.setApplicationFee, handlers.setApplicationFee)
  .openapi(routes.mailbox, handlers.mailbox)
  .openapi(routes.outboxHealth, handlers.outboxHealth)
  .openapi(routes.retryDeadLetter, handlers.retryDeadLetter);
