import { type AppEnv, releaseRequestTransaction, requestTx, requireTenant } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { lessonsContext, withLessons } from '../http-context.ts';
import { bytesMissing, fileMissing, notMultipart } from './attachment-errors.ts';
import type * as routes from './attachments.routes.ts';
import { contentDisposition, DOWNLOAD_HEADERS } from './download-headers.ts';
import * as attachments from './lesson-attachments.ts';

/** The one file of a multipart upload, field `file`. */
async function uploadedFile(c: Context<AppEnv>) {
  if (!/^multipart\/form-data\s*;/i.test(c.req.header('content-type') ?? '')) throw notMultipart();
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw notMultipart(); // a multipart header over a body that is not
  }
  const files = form.getAll('file');
  const file = files[0];
  if (files.length !== 1 || !(file instanceof File)) throw fileMissing();
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
}

export const uploadAttachment: RouteHandler<typeof routes.uploadAttachment, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const ctx = lessonsContext(c);
  await attachments.authorizeUpload(requestTx(c), ctx, id);
  // Checked before a byte of the body is read; then the request's transaction (and its pooled
  // connection) is let go, so a slow upload holds no database connection while it arrives.
  await releaseRequestTransaction(c);
  const file = await uploadedFile(c);
  const { db, storage } = c.get('deps');
  return c.json(await attachments.storeAttachment({ db, storage, ctx, lessonId: id, file }), 201);
};

export const listAttachments: RouteHandler<typeof routes.listAttachments, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withLessons(c, (tx, ctx) => attachments.listAttachments(tx, ctx, id)), 200);
};

export const deleteAttachment: RouteHandler<typeof routes.deleteAttachment, AppEnv> = async (c) => {
  const { id, attachmentId } = c.req.valid('param');
  const key = await withLessons(c, (tx, ctx) => attachments.removeAttachment(tx, ctx, id, attachmentId));
  // The record goes first (committed here); then the bytes. A failure in between leaves an
  // unreferenced object behind, never a record pointing at nothing.
  await releaseRequestTransaction(c);
  await c
    .get('deps')
    .storage.delete(key)
    .catch((error: unknown) => c.get('log').error('attachment bytes not deleted', { error, key }));
  return c.body(null, 204);
};

export const downloadAttachment: RouteHandler<typeof routes.downloadAttachment, AppEnv> = async (c) => {
  const { id, attachmentId } = c.req.valid('param');
  const link = c.req.valid('query');
  const tenant = requireTenant(c);
  const deps = c.get('deps');
  const now = new Date();
  const row = await attachments.openSignedAttachment(requestTx(c), {
    tenantId: tenant.id,
    keyring: deps.keyring,
    lessonId: id,
    attachmentId,
    link,
    now,
  });
  const object = await deps.storage.get(row.storageKey);
  if (!object) {
    c.get('log').error('attachment bytes missing from storage', { key: row.storageKey });
    throw bytesMissing();
  }
  const maxAge = Math.max(0, link.expires - Math.floor(now.getTime() / 1000));
  return c.body(object.body, 200, {
    ...DOWNLOAD_HEADERS,
    'Content-Type': row.contentType,
    'Content-Length': String(object.size),
    'Content-Disposition': contentDisposition(row),
    'Cache-Control': `private, max-age=${maxAge}`,
  }) as never;
};
