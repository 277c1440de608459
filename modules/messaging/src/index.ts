import type { ModuleManifest } from '@dualcontrol/platform';
import { messagingEvents } from './events.ts';
import { MESSAGING_PERMISSIONS } from './permissions.ts';
import { mountMessagingRoutes } from './routes.ts';
import { messagingSubscriptions } from './subscriptions.ts';

/**
 * Messaging: conversations (threads with read receipts, live over SSE) and notifications — every
 * domain event delivered to the right people on their chosen channels (email, SMS, WhatsApp, web
 * push, in-app), honouring quiet hours and digests, with honest delivery status.
 */
export const messagingModule: ModuleManifest = {
  id: 'messaging',
  title: 'Messaging',
  version: '0.2.0',
  dependsOn: [],
  events: messagingEvents,
  routes: mountMessagingRoutes,
  subscriptions: messagingSubscriptions,
  permissions: MESSAGING_PERMISSIONS,
  navigation: [
    { audience: 'student', label: 'Notifications', path: '/notifications' },
    { audience: 'instructor', label: 'Notifications', path: '/notifications' },
    { audience: 'admin', label: 'Notifications', path: '/notifications' },
    { audience: 'student', label: 'Messages', path: '/messages' },
    { audience: 'instructor', label: 'Messages', path: '/messages' },
    { audience: 'admin', label: 'Messages', path: '/messages' },
  ],
};

export { type MessagingEvents, messagingEvents } from './events.ts';
