import {
  binaryContent,
  Id,
  IdParams,
  jsonBody,
  jsonContent,
  multipartFileBody,
  PageQuerySchema,
  ProblemSchema,
  page,
  problemContentType,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { MESSAGE_MAX_CHARS, PARTICIPANT_ROLES, THREAD_KINDS } from './schema.ts';
import { MESSAGE_ATTACHMENT_MAX_BYTES } from './services/message-attachments.ts';
import { EDIT_WINDOW_MINUTES } from './services/write-messages.ts';

const tags = ['Messaging'];
const problem = (description: string) => ({
  description,
  content: { [problemContentType]: { schema: ProblemSchema } },
});

const Body = z
  .string()
  .refine((s) => s.trim().length > 0, 'must not be blank')
  .refine((s) => s.length <= MESSAGE_MAX_CHARS, `at most ${MESSAGE_MAX_CHARS} characters`);
const ClientId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.:-]+$/, 'letters, digits and . _ : - only')
  .openapi({
    description: 'The sender’s own id for this message: a resend with the same clientId stores nothing new',
  });

const Attachment = z
  .object({
    id: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    originalName: z.string().nullable(),
    url: z.string().openapi({ description: 'Signed download path, valid 15 minutes' }),
    urlExpiresAt: z.string(),
  })
  .openapi('MessageAttachment');

const Message = z
  .object({
    id: z.string(),
    threadId: z.string(),
    senderId: z.string(),
    senderName: z.string().nullable(),
    mine: z.boolean(),
    body: z.string().nullable().openapi({ description: 'null once deleted' }),
    deleted: z.boolean(),
    clientId: z.string().nullable().openapi({ description: 'Only on the caller’s own messages' }),
    createdAt: z.string(),
    editedAt: z.string().nullable(),
    deletedAt: z.string().nullable(),
    readBy: z
      .array(z.object({ userId: z.string(), name: z.string(), readAt: z.string().nullable() }))
      .openapi({ description: 'On the caller’s own messages: who has read it, and when they read that far' }),
    attachments: z.array(Attachment),
  })
  .openapi('Message');

const Participant = z.object({ userId: z.string(), name: z.string(), role: z.enum(PARTICIPANT_ROLES) });

const ThreadSummary = z
  .object({
    id: z.string(),
    kind: z.enum(THREAD_KINDS),
    subject: z.string(),
    bookingId: z.string().nullable(),
    lastMessageAt: z.string(),
    participant: z.boolean().openapi({ description: 'false: read through messaging:threads:read_all' }),
    muted: z.boolean(),
    unread: z.number().int(),
    participants: z.array(Participant),
    lastMessage: z
      .object({
        id: z.string(),
        senderId: z.string(),
        senderName: z.string().nullable(),
        body: z.string().nullable(),
        deleted: z.boolean(),
        createdAt: z.string(),
      })
      .nullable(),
  })
  .openapi('ThreadSummary');

const Thread = z
  .object({
    id: z.string(),
    kind: z.enum(THREAD_KINDS),
    subject: z.string(),
    bookingId: z.string().nullable(),
    lastMessageAt: z.string(),
    createdAt: z.string(),
    participant: z.boolean(),
    muted: z.boolean(),
    participants: z.array(
      Participant.extend({ lastReadMessageId: z.string().nullable(), lastReadAt: z.string().nullable() }),
    ),
  })
  .openapi('Thread');

const ThreadMessageParams = z.strictObject({ id: Id, messageId: Id });

export const listThreads = createRoute({
  method: 'get',
  path: '/api/v1/messaging/threads',
  tags,
  summary: 'My conversations, most recent first, with unread counts and the last message',
  description:
    '`scope=school` lists every conversation of the school (owners and admins: messaging:threads:read_all).',
  security: sessionSecurity,
  request: { query: PageQuerySchema.extend({ scope: z.enum(['mine', 'school']).default('mine') }) },
  responses: {
    200: jsonContent(page(ThreadSummary, 'ThreadPage'), 'Conversations'),
    ...problemResponses(400, 401, 403),
  },
});

export const startThread = createRoute({
  method: 'post',
  path: '/api/v1/messaging/threads',
  tags,
  summary: 'Start a conversation (with its first message)',
  description:
    'Exactly one of `recipientUserId` (someone you have lessons with; the office: any student or instructor), `office: true` (the school’s office) or `groupBookingId` (the group lesson’s conversation: answered with the existing one if it was started already). Students write to their instructors and the office; instructors to their students and the office.',
  security: sessionSecurity,
  request: {
    body: jsonBody(
      z.strictObject({
        recipientUserId: Id.optional(),
        office: z.literal(true).optional(),
        groupBookingId: Id.optional(),
        bookingId: Id.optional().openapi({ description: 'The lesson the conversation is about' }),
        subject: z.string().trim().min(1).max(200).optional(),
        body: Body.optional(),
        clientId: ClientId.optional(),
      }),
    ),
  },
  responses: {
    201: jsonContent(z.object({ thread: Thread, message: Message.nullable() }), 'Started'),
    200: jsonContent(
      z.object({ thread: Thread, message: Message.nullable() }),
      'The group lesson’s existing conversation',
    ),
    ...problemResponses(400, 401, 403, 413, 415),
    422: problem('The lesson named is not one of these people’s, or not a group lesson'),
  },
});

export const getThread = createRoute({
  method: 'get',
  path: '/api/v1/messaging/threads/{id}',
  tags,
  summary: 'A conversation and its participants with how far each has read',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(Thread, 'The conversation'), ...problemResponses(400, 401, 403, 404) },
});

export const listMessages = createRoute({
  method: 'get',
  path: '/api/v1/messaging/threads/{id}/messages',
  tags,
  summary: 'A conversation’s messages, newest first, with read receipts on my own',
  security: sessionSecurity,
  request: { params: IdParams, query: PageQuerySchema },
  responses: {
    200: jsonContent(page(Message, 'MessagePage'), 'Messages'),
    ...problemResponses(400, 401, 403, 404),
  },
});

export const postMessage = createRoute({
  method: 'post',
  path: '/api/v1/messaging/threads/{id}/messages',
  tags,
  summary: 'Send a message (idempotent by clientId)',
  description:
    'A resend with a clientId already used by the caller in this conversation answers 200 with the first message and stores nothing.',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(z.strictObject({ body: Body, clientId: ClientId.optional() })),
  },
  responses: {
    201: jsonContent(Message, 'Sent'),
    200: jsonContent(Message, 'Already sent (same clientId)'),
    ...problemResponses(400, 401, 403, 404, 409, 413, 415),
  },
});

export const editMessage = createRoute({
  method: 'patch',
  path: '/api/v1/messaging/threads/{id}/messages/{messageId}',
  tags,
  summary: `Change my message (within ${EDIT_WINDOW_MINUTES} minutes of sending it)`,
  security: sessionSecurity,
  request: { params: ThreadMessageParams, body: jsonBody(z.strictObject({ body: Body })) },
  responses: { 200: jsonContent(Message, 'Changed'), ...problemResponses(400, 401, 403, 404, 409, 413, 415) },
});

export const deleteMessage = createRoute({
  method: 'delete',
  path: '/api/v1/messaging/threads/{id}/messages/{messageId}',
  tags,
  summary: `Delete my message (within ${EDIT_WINDOW_MINUTES} minutes): it stays in place as “deleted”`,
  security: sessionSecurity,
  request: { params: ThreadMessageParams },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 403, 404, 409) },
});

export const markRead = createRoute({
  method: 'post',
  path: '/api/v1/messaging/threads/{id}/read',
  tags,
  summary: 'Mark the conversation read (up to a message, default the newest)',
  security: sessionSecurity,
  request: { params: IdParams, body: jsonBody(z.strictObject({ messageId: Id.optional() })) },
  responses: {
    200: jsonContent(
      z.object({ lastReadMessageId: z.string().nullable(), lastReadAt: z.string().nullable() }),
      'Where my read pointer is now',
    ),
    ...problemResponses(400, 401, 403, 404, 413, 415),
  },
});

export const muteThread = createRoute({
  method: 'put',
  path: '/api/v1/messaging/threads/{id}/mute',
  tags,
  summary: 'Mute or unmute a conversation (no notifications; it still counts as unread)',
  security: sessionSecurity,
  request: { params: IdParams, body: jsonBody(z.strictObject({ muted: z.boolean() })) },
  responses: {
    200: jsonContent(z.object({ muted: z.boolean() }), 'Muted or not'),
    ...problemResponses(400, 401, 403, 404, 413, 415),
  },
});

export const unreadTotal = createRoute({
  method: 'get',
  path: '/api/v1/messaging/unread',
  tags,
  summary: 'My unread messages over all conversations',
  security: sessionSecurity,
  responses: {
    200: jsonContent(z.object({ unread: z.number().int(), threads: z.number().int() }), 'Unread'),
    ...problemResponses(401, 403),
  },
});

export const listContacts = createRoute({
  method: 'get',
  path: '/api/v1/messaging/contacts',
  tags,
  summary: 'Whom I may start a conversation with',
  security: sessionSecurity,
  responses: {
    200: jsonContent(
      z.object({
        office: z.boolean().openapi({ description: 'Whether I may write to the office' }),
        people: z.array(
          z.object({ userId: z.string(), name: z.string(), role: z.enum(['student', 'instructor']) }),
        ),
      }),
      'Contacts',
    ),
    ...problemResponses(401, 403),
  },
});

export const uploadAttachment = createRoute({
  method: 'post',
  path: '/api/v1/messaging/threads/{id}/messages/{messageId}/attachments',
  tags,
  summary: 'Attach a file to my message (photo or PDF, within the edit window)',
  description: `multipart/form-data, the file in the field \`file\`: JPEG, PNG, WebP or PDF (the type read from its bytes), up to ${MESSAGE_ATTACHMENT_MAX_BYTES / 1024 / 1024} MB.`,
  security: sessionSecurity,
  request: {
    params: ThreadMessageParams,
    body: multipartFileBody,
  },
  responses: {
    201: jsonContent(Attachment, 'Stored'),
    ...problemResponses(400, 401, 403, 404, 409, 413, 415),
    422: problem('The file is empty'),
  },
});

export const downloadAttachment = createRoute({
  method: 'get',
  path: '/api/v1/messaging/attachments/{id}/content',
  tags,
  summary: 'An attachment’s bytes, by the signed link from the messages list (no session needed)',
  request: {
    params: IdParams,
    query: z.strictObject({
      expires: z.coerce.number().int().min(0).max(4_102_444_800),
      signature: z.string().min(1).max(100),
    }),
  },
  responses: {
    200: {
      description: 'The file',
      content: {
        'image/jpeg': binaryContent,
        'image/png': binaryContent,
        'image/webp': binaryContent,
        'application/pdf': binaryContent,
      },
    },
    ...problemResponses(400, 403, 404),
  },
});
