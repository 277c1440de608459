import type { ModuleRouter } from '@dualcontrol/platform';
import { mountChannelRoutes } from './channels/routes.ts';
import * as streamHandlers from './live/stream.handlers.ts';
import * as streamRoutes from './live/stream.routes.ts';
import * as centreHandlers from './notifications/centre.handlers.ts';
import * as centreRoutes from './notifications/centre.routes.ts';
import * as preferenceHandlers from './preferences/preferences.handlers.ts';
import * as preferenceRoutes from './preferences/preferences.routes.ts';
import * as templateHandlers from './templates/templates.handlers.ts';
import * as templateRoutes from './templates/templates.routes.ts';
import { MESSAGE_UPLOAD_BODY_MAX_BYTES } from './threads/services/message-attachments.ts';
import * as threadHandlers from './threads/threads.handlers.ts';
import * as threadRoutes from './threads/threads.routes.ts';

/** Mounts every messaging operation; the module router puts each behind the module gate. */
export function mountMessagingRoutes(router: ModuleRouter): void {
  router
    // Fixed segments (/unread-count, /read-all) before /notifications/{id}/read.
    .openapi(centreRoutes.listNotifications, centreHandlers.listNotifications)
    .openapi(centreRoutes.unreadCount, centreHandlers.unreadCount)
    .openapi(centreRoutes.markAllRead, centreHandlers.markAllRead)
    .openapi(centreRoutes.markRead, centreHandlers.markRead)
    .openapi(preferenceRoutes.getPreferences, preferenceHandlers.getPreferences)
    .openapi(preferenceRoutes.putPreferences, preferenceHandlers.putPreferences)
    .openapi(templateRoutes.listTemplateEvents, templateHandlers.listTemplateEvents)
    .openapi(templateRoutes.getTemplate, templateHandlers.getTemplate)
    .openapi(templateRoutes.saveTemplate, templateHandlers.saveTemplate)
    .openapi(templateRoutes.activateTemplate, templateHandlers.activateTemplate)
    .openapi(templateRoutes.revertTemplate, templateHandlers.revertTemplate)
    .openapi(templateRoutes.previewTemplate, templateHandlers.previewTemplate)
    .openapi(threadRoutes.listThreads, threadHandlers.listThreads)
    .openapi(threadRoutes.startThread, threadHandlers.startThread)
    .openapi(threadRoutes.getThread, threadHandlers.getThread)
    .openapi(threadRoutes.listMessages, threadHandlers.listMessages)
    .openapi(threadRoutes.postMessage, threadHandlers.postMessage)
    .openapi(threadRoutes.editMessage, threadHandlers.editMessage)
    .openapi(threadRoutes.deleteMessage, threadHandlers.deleteMessage)
    .openapi(threadRoutes.markRead, threadHandlers.markRead)
    .openapi(threadRoutes.muteThread, threadHandlers.muteThread)
    .upload(threadRoutes.uploadAttachment, threadHandlers.uploadAttachment, {
      maxBytes: MESSAGE_UPLOAD_BODY_MAX_BYTES,
    })
    .openapi(threadRoutes.downloadAttachment, threadHandlers.downloadAttachment)
    .openapi(threadRoutes.unreadTotal, threadHandlers.unreadTotal)
    .openapi(threadRoutes.listContacts, threadHandlers.listContacts)
    .openapi(streamRoutes.liveStream, streamHandlers.liveStream);
  mountChannelRoutes(router);
}
