import type { Tx } from '@dualcontrol/db';
import { type AppEnv, releaseRequestTransaction, requestTx, requireTenant } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { messagingContext, withMessaging } from './http-context.ts';
import {
  authorizeAttachment,
  fileMissing,
  openSignedAttachment,
  storeAttachment,
} from './services/message-attachments.ts';
import { messageView } from './services/message-view.ts';
import type { MessagingContext } from './services/messaging-context.ts';
import type { MessageRow } from './services/post-message.ts';
import * as posting from './services/post-message.ts';
import * as reading from './services/read-threads.ts';
import { listContacts as contactsOf, mayWriteToOffice } from './services/relations.ts';
import * as starting from './services/start-thread.ts';
import * as writing from './services/write-messages.ts';
import type * as routes from './threads.routes.ts';

type H<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppEnv>;

/** A message just written, as the list would show it (the sender's view: no receipts yet). */
async function freshView(tx: Tx, ctx: MessagingContext, m: MessageRow) {
  const thread = await reading.getThread(tx, ctx, m.threadId);
  const names = new Map(thread.participants.map((p) => [p.userId, p.name]));
  const readers = thread.participants.map((p) => ({
    userId: p.userId,
    name: p.name,
    lastReadMessageId: p.lastReadMessageId,
    lastReadAt: p.lastReadAt ? new Date(p.lastReadAt) : null,
  }));
  return messageView(m, { me: ctx.viewer.userId, names, readers });
}

export const listThreads: H<'listThreads'> = async (c) => {
  const q = c.req.valid('query');
  return c.json(await withMessaging(c, (tx, ctx) => reading.listThreads(tx, ctx, q)), 200);
};

export const startThread: H<'startThread'> = async (c) => {
  const input = c.req.valid('json');
  const answer = await withMessaging(c, async (tx, ctx) => {
    const { thread, message, created } = await starting.startThread(tx, ctx, {
      recipientUserId: input.recipientUserId,
      office: input.office,
      groupBookingId: input.groupBookingId,
      bookingId: input.bookingId,
      subject: input.subject,
      message: input.body !== undefined ? { body: input.body, clientId: input.clientId } : undefined,
    });
    return {
      created,
      body: {
        thread: await reading.getThread(tx, ctx, thread.id),
        message: message ? await freshView(tx, ctx, message) : null,
      },
    };
  });
  return answer.created ? c.json(answer.body, 201) : c.json(answer.body, 200);
};

export const getThread: H<'getThread'> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withMessaging(c, (tx, ctx) => reading.getThread(tx, ctx, id)), 200);
};

export const listMessages: H<'listMessages'> = async (c) => {
  const { id } = c.req.valid('param');
  const q = c.req.valid('query');
  return c.json(await withMessaging(c, (tx, ctx) => reading.listMessages(tx, ctx, id, q)), 200);
};

export const postMessage: H<'postMessage'> = async (c) => {
  const { id } = c.req.valid('param');
  const input = c.req.valid('json');
  const { created, view } = await withMessaging(c, async (tx, ctx) => {
    const posted = await posting.postMessage(tx, ctx, id, input);
    return { created: posted.created, view: await freshView(tx, ctx, posted.message) };
  });
  return created ? c.json(view, 201) : c.json(view, 200);
};

export const editMessage: H<'editMessage'> = async (c) => {
  const { id, messageId } = c.req.valid('param');
  const { body } = c.req.valid('json');
  const view = await withMessaging(c, async (tx, ctx) =>
    freshView(tx, ctx, await writing.editMessage(tx, ctx, id, messageId, body)),
  );
  return c.json(view, 200);
};

export const deleteMessage: H<'deleteMessage'> = async (c) => {
  const { id, messageId } = c.req.valid('param');
  const keys = await withMessaging(c, (tx, ctx) => writing.deleteMessage(tx, ctx, id, messageId));
  // The rows go first (committed here), then the bytes: a failure leaves an unreferenced object.
  await releaseRequestTransaction(c);
  const { storage } = c.get('deps');
  for (const key of keys)
    await storage
      .delete(key)
      .catch((error: unknown) => c.get('log').error('attachment bytes not deleted', { error, key }));
  return c.body(null, 204);
};

export const markRead: H<'markRead'> = async (c) => {
  const { id } = c.req.valid('param');
  const { messageId } = c.req.valid('json');
  return c.json(await withMessaging(c, (tx, ctx) => writing.markRead(tx, ctx, id, messageId)), 200);
};

export const muteThread: H<'muteThread'> = async (c) => {
  const { id } = c.req.valid('param');
  const { muted } = c.req.valid('json');
  return c.json(await withMessaging(c, (tx, ctx) => writing.muteThread(tx, ctx, id, muted)), 200);
};

export const unreadTotal: H<'unreadTotal'> = async (c) =>
  c.json(await withMessaging(c, (tx, ctx) => reading.unreadTotal(tx, ctx)), 200);

export const listContacts: H<'listContacts'> = async (c) =>
  c.json(
    await withMessaging(c, async (tx, ctx) => ({
      office: mayWriteToOffice(ctx),
      people: await contactsOf(tx, ctx),
    })),
    200,
  );

/** The one file of a multipart upload, field `file`. */
async function uploadedFile(c: Context<AppEnv>) {
  if (!/^multipart\/form-data\s*;/i.test(c.req.header('content-type') ?? '')) throw fileMissing();
  const form = await c.req.formData().catch(() => {
    throw fileMissing();
  });
  const files = form.getAll('file');
  const file = files[0];
  if (files.length !== 1 || !(file instanceof File)) throw fileMissing();
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
}

export const uploadAttachment: H<'uploadAttachment'> = async (c) => {
  const { id, messageId } = c.req.valid('param');
  const ctx = messagingContext(c);
  await authorizeAttachment(requestTx(c), ctx, id, messageId);
  // Checked before the body is read; then the connection is let go while the bytes arrive.
  await releaseRequestTransaction(c);
  const file = await uploadedFile(c);
  const { db, storage } = c.get('deps');
  return c.json(await storeAttachment({ db, storage, ctx, threadId: id, messageId, file }), 201);
};

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

export const downloadAttachment: H<'downloadAttachment'> = async (c) => {
  const { id } = c.req.valid('param');
  const link = c.req.valid('query');
  const tenant = requireTenant(c);
  const deps = c.get('deps');
  const now = new Date();
  const row = await openSignedAttachment(
    requestTx(c),
    { tenantId: tenant.id, keyring: deps.keyring, now },
    id,
    link,
  );
  const object = await deps.storage.get(row.storageKey);
  if (!object) {
    c.get('log').error('message attachment bytes missing from storage', { key: row.storageKey });
    throw new Error('attachment bytes missing');
  }
  const maxAge = Math.max(0, link.expires - Math.floor(now.getTime() / 1000));
  const name = `attachment-${row.id.slice(-8)}.${EXTENSIONS[row.contentType] ?? 'bin'}`;
  return c.body(object.body, 200, {
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-site',
    'Content-Type': row.contentType,
    'Content-Length': String(object.size),
    'Content-Disposition': `inline; filename="${name}"`,
    'Cache-Control': `private, max-age=${maxAge}`,
  }) as never;
};
