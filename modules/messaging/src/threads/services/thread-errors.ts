import { AppError, notFound } from '@dualcontrol/platform';

/**
 * A thread the caller is not in (and may not read) is answered exactly like one that does not
 * exist: another school's, another student's conversation — the caller learns nothing.
 */
export const threadNotFound = () => notFound('messaging.thread_not_found', 'There is no such conversation.');
export const messageNotFound = () => notFound('messaging.message_not_found', 'There is no such message.');
export const attachmentNotFound = () =>
  notFound('messaging.attachment_not_found', 'There is no such attachment.');

const refuse = (code: string, status: number, title: string, detail: string, path?: string) =>
  new AppError(code, {
    status,
    title,
    detail,
    ...(path ? { fields: [{ path, message: detail }] } : {}),
  });

/** Someone the caller has no relation with (or no such person at this school). */
export const recipientNotAllowed = (path = 'body.recipientUserId') =>
  refuse(
    'messaging.recipient_not_allowed',
    403,
    'Forbidden',
    'You can only message people of your school you have lessons with, and the office.',
    path,
  );

export const notParticipant = () =>
  refuse('messaging.not_participant', 403, 'Forbidden', 'Only the people in a conversation can write in it.');

export const notSender = () =>
  refuse('messaging.not_sender', 403, 'Forbidden', 'Only its sender can change or delete a message.');

export const editWindowClosed = (minutes: number) =>
  refuse(
    'messaging.edit_window_closed',
    409,
    'Conflict',
    `A message can be changed or deleted for ${minutes} minutes after it was sent.`,
  );

export const messageDeleted = () =>
  refuse('messaging.message_deleted', 409, 'Conflict', 'The message was deleted.');

export const clientIdReused = () =>
  refuse(
    'messaging.client_id_reused',
    409,
    'Conflict',
    'This clientId was already used for a message in another conversation.',
    'body.clientId',
  );

export const invalidBooking = (detail: string, path: string) =>
  refuse('messaging.invalid_booking', 422, 'Unprocessable content', detail, path);

export const invalidRecipient = (detail: string, path: string) =>
  refuse('messaging.invalid_recipient', 400, 'Bad request', detail, path);
