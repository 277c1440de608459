import { type Database, newId, type Tx } from '@dualcontrol/db';
import { AppError, type Storage } from '@dualcontrol/platform';
import { and, eq } from 'drizzle-orm';
import { publishLive } from '../../live/publish.ts';
import { messageAttachments } from '../schema.ts';
import { attachmentViews, checkAttachmentLink } from './attachment-links.ts';
import type { AttachmentView } from './message-view.ts';
import type { MessagingContext } from './messaging-context.ts';
import { otherParticipants } from './thread-access.ts';
import { attachmentNotFound } from './thread-errors.ts';
import { ownMessageToChange } from './write-messages.ts';

/** Files a message may carry: photos and PDFs (a licence scan, a receipt), 10 MB each. */
export const MESSAGE_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** The multipart body around the file: a little framing on top of the file's own limit. */
export const MESSAGE_UPLOAD_BODY_MAX_BYTES = MESSAGE_ATTACHMENT_MAX_BYTES + 64 * 1024;
const MAX_NAME = 200;

/** The type from the file's first bytes, never from its name or its declared type. */
export function sniffType(bytes: Uint8Array): string | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(0, 5) === '%PDF-') return 'application/pdf';
  return undefined;
}

const fileProblem = (code: string, status: number, title: string, detail: string) =>
  new AppError(code, { status, title, detail, fields: [{ path: 'body.file', message: detail }] });

export const fileMissing = () =>
  fileProblem('messaging.file_missing', 400, 'Bad request', 'Send one file in the multipart field `file`.');

/** Before reading the body: the message is the caller's own and still in its edit window. */
export async function authorizeAttachment(
  tx: Tx,
  ctx: MessagingContext,
  threadId: string,
  messageId: string,
) {
  await ownMessageToChange(tx, ctx, threadId, messageId);
}

/**
 * Stores the bytes, then the row in its own transaction (the request's was released so a slow
 * upload holds no connection). A failed row write removes the bytes again.
 */
export async function storeAttachment(opts: {
  db: Database;
  storage: Storage;
  ctx: MessagingContext;
  threadId: string;
  messageId: string;
  file: { bytes: Uint8Array; name: string };
}): Promise<AttachmentView> {
  const { db, storage, ctx, threadId, messageId, file } = opts;
  if (file.bytes.length === 0)
    throw fileProblem('messaging.file_empty', 422, 'Unprocessable content', 'The file is empty.');
  if (file.bytes.length > MESSAGE_ATTACHMENT_MAX_BYTES)
    throw fileProblem('messaging.file_too_large', 413, 'Payload too large', 'Files are at most 10 MB.');
  const contentType = sniffType(file.bytes);
  if (!contentType)
    throw fileProblem(
      'messaging.unsupported_type',
      415,
      'Unsupported media type',
      'Send a JPEG, PNG or WebP photo, or a PDF.',
    );
  const id = newId();
  const key = `messaging/${ctx.tenantId}/${threadId}/${id}`;
  await storage.put(key, file.bytes, { contentType });
  try {
    const row = await db.withTenant(ctx.tenantId, { kind: 'user', id: ctx.viewer.userId }, async (tx) => {
      // Re-checked in this transaction: the window or the message may have changed meanwhile.
      await ownMessageToChange(tx, ctx, threadId, messageId);
      const [inserted] = await tx
        .insert(messageAttachments)
        .values({
          tenantId: ctx.tenantId,
          id,
          messageId,
          threadId,
          contentType,
          sizeBytes: file.bytes.length,
          storageKey: key,
          originalName: file.name ? file.name.slice(0, MAX_NAME) : null,
          uploadedBy: ctx.viewer.userId,
        })
        .returning();
      const others = await otherParticipants(tx, ctx, threadId);
      await publishLive(
        tx,
        ctx.tenantId,
        others.map((o) => o.userId),
        { kind: 'message.updated', id: messageId, threadId },
      );
      return inserted!;
    });
    return attachmentViews(ctx, [row])[0]!;
  } catch (error) {
    await storage.delete(key).catch(() => undefined);
    throw error;
  }
}

/** The attachment a signed link names, if the link is good for this school now. */
export async function openSignedAttachment(
  tx: Tx,
  ctx: Pick<MessagingContext, 'tenantId' | 'keyring' | 'now'>,
  attachmentId: string,
  link: { expires: number; signature: string },
) {
  const check = checkAttachmentLink(ctx.keyring, ctx.tenantId, attachmentId, link, ctx.now);
  if (check !== 'valid') {
    throw new AppError(`messaging.attachment_link_${check}`, {
      status: 403,
      title: 'Forbidden',
      detail:
        check === 'expired' ? 'The link has expired: open the conversation again.' : 'The link is not valid.',
      fields: [{ path: 'query.signature', message: check }],
    });
  }
  const [row] = await tx
    .select()
    .from(messageAttachments)
    .where(and(eq(messageAttachments.tenantId, ctx.tenantId), eq(messageAttachments.id, attachmentId)));
  if (!row) throw attachmentNotFound();
  return row;
}
