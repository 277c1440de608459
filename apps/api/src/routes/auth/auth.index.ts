import { createRouter } from '@dualcontrol/platform';
import * as handlers from './auth.handlers.ts';
import * as routes from './auth.routes.ts';

export const authRouter = createRouter()
  .openapi(routes.login, handlers.login)
  .openapi(routes.me, handlers.me)
  .openapi(routes.renameMe, handlers.renameMe)
  .openapi(routes.savePreferences, handlers.savePreferences)
  .openapi(routes.logout, handlers.logout)
  .openapi(routes.changePassword, handlers.changePassword)
  .openapi(routes.signup, handlers.signup)
  .openapi(routes.verifyEmail, handlers.verifyEmail)
  .openapi(routes.requestPasswordReset, handlers.requestPasswordReset)
  .openapi(routes.resetPassword, handlers.resetPassword);
