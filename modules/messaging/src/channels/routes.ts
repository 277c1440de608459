import type { ModuleRouter } from '@dualcontrol/platform';
import * as deviceHandlers from '../devices/devices.handlers.ts';
import * as deviceRoutes from '../devices/devices.routes.ts';
import * as callbackHandlers from './callbacks/callbacks.handlers.ts';
import * as callbackRoutes from './callbacks/callbacks.routes.ts';

/** Channel callbacks from providers and the push devices API. */
export function mountChannelRoutes(router: ModuleRouter): void {
  router
    // Twilio posts form-encoded bodies: exempt from the API's JSON-only rule (64 KB is plenty).
    .upload(callbackRoutes.twilioStatus, callbackHandlers.twilioStatus, { maxBytes: 64 * 1024 })
    .openapi(callbackRoutes.emailReport, callbackHandlers.emailReport)
    .openapi(deviceRoutes.vapidPublicKey, deviceHandlers.vapidPublicKey)
    .openapi(deviceRoutes.listDevices, deviceHandlers.listDevices)
    .openapi(deviceRoutes.subscribeDevice, deviceHandlers.subscribeDevice)
    .openapi(deviceRoutes.updateDevice, deviceHandlers.updateDevice)
    .openapi(deviceRoutes.removeDevice, deviceHandlers.removeDevice);
}
