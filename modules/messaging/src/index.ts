import type { ModuleManifest } from '@dualcontrol/platform';
import { messagingDemo } from './demo/simulate-messaging.ts';
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
  demo: messagingDemo,
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

export { signEmailReport } from './channels/callbacks/email-report.ts';
// The channel dispatcher and its senders, started by the worker beside the outbox dispatcher.
export { createChannelSenders } from './channels/channel-senders.ts';
export { type ChannelSender, type OutgoingMessage, PermanentDeliveryError } from './channels/contract.ts';
export {
  type ChannelDispatcher,
  createChannelDispatcher,
  DELIVERIES_CHANNEL,
} from './channels/dispatcher.ts';
export { createEmailSender } from './channels/email/email-sender.ts';
export { createPushSender } from './channels/push/push-sender.ts';
export { createSmsSender, createWhatsappSender } from './channels/twilio/twilio-sender.ts';
export { type MessagingEvents, messagingEvents } from './events.ts';
