import type { ModuleRouter } from '@dualcontrol/platform';
import * as streamHandlers from './live/stream.handlers.ts';
import * as streamRoutes from './live/stream.routes.ts';
import { MESSAGE_UPLOAD_BODY_MAX_BYTES } from './threads/services/message-attachments.ts';
import * as threadHandlers from './threads/threads.handlers.ts';
import * as threadRoutes from './threads/threads.routes.ts';

/** Mounts every messaging operation; the module router puts each behind the module gate. */
export function mountMessagingRoutes(router: ModuleRouter): void {
  router
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
}
