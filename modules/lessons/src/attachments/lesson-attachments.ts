import { type Database, newId, type Tx } from '@dualcontrol/db';
import { can, forbidden, type Storage } from '@dualcontrol/platform';
import { and, desc, eq, sql } from 'drizzle-orm';
import { guardians, lessonAttachments, lessons } from '../schema.ts';
import type { LessonsContext } from '../services/lessons-context.ts';
import { lessonNotFound } from '../services/lessons-errors.ts';
import {
  attachmentNotFound,
  fileEmpty,
  fileMalformed,
  fileTooLarge,
  linkExpired,
  linkInvalid,
  unsupportedType,
} from './attachment-errors.ts';
import { ATTACHMENT_MAX_BYTES, MAX_ORIGINAL_NAME } from './attachment-limits.ts';
import { MalformedMediaError } from './malformed-media.ts';
import { attachmentUrl, checkAttachmentLink, signAttachment } from './signed-url.ts';
import { sniffMedia } from './sniff-media.ts';
import { stripLocation } from './strip-location.ts';

type Row = typeof lessonAttachments.$inferSelect;

/** An attachment as the API shows it, with a download link signed for whoever asked. */
const view = (ctx: Pick<LessonsContext, 'tenantId' | 'keyring' | 'now'>, a: Row) => {
  const link = signAttachment(ctx.keyring, ctx.tenantId, a.id, ctx.now);
  return {
    id: a.id,
    lessonId: a.lessonId,
    kind: a.kind,
    contentType: a.contentType,
    sizeBytes: a.sizeBytes,
    originalName: a.originalName,
    uploadedBy: a.uploadedBy,
    createdAt: a.createdAt.toISOString(),
    url: attachmentUrl(a.lessonId, a.id, link),
    urlExpiresAt: new Date(link.expires * 1000).toISOString(),
  };
};
export type AttachmentView = ReturnType<typeof view>;

/**
 * The lesson, if the viewer may see it: its instructor, its student, a guardian linked to its
 * student, the office. Anyone else is told there is no such lesson (404), like another school's.
 * Says too whether the viewer may add and remove its attachments (its instructor, the office).
 */
async function lessonFor(tx: Tx, ctx: LessonsContext, lessonId: string) {
  const isGuardian = ctx.viewer.roles.includes('guardian');
  const [row] = await tx
    .select({
      id: lessons.id,
      instructorId: lessons.instructorId,
      studentId: lessons.studentId,
      // `"lessons".student_id` spelled out: drizzle renders a column unqualified here, and a bare
      // student_id inside the subquery would bind to g's own (every guardian of anyone would pass).
      guarded: isGuardian
        ? sql<boolean>`exists (select 1 from ${guardians} g where g.tenant_id = ${ctx.tenantId}
            and g.student_id = ${lessons}.student_id and g.guardian_user_id = ${ctx.viewer.userId})`
        : sql<boolean>`false`,
    })
    .from(lessons)
    .where(and(eq(lessons.tenantId, ctx.tenantId), eq(lessons.id, lessonId)));
  if (!row) throw lessonNotFound();
  const owner = {
    instructorId: row.instructorId,
    studentId: row.studentId,
    userId: row.guarded ? ctx.viewer.userId : null,
  };
  if (!can(ctx.viewer, 'lessons:attachments:read:own', owner)) throw lessonNotFound();
  const mayManage = can(ctx.viewer, 'lessons:attachments:manage:own', { instructorId: row.instructorId });
  return { ...row, mayManage };
}

const refuseManage = () =>
  forbidden('Only the lesson’s instructor and the office add or remove its photos and videos.');

/** Before reading an upload's body: the lesson exists, is visible, and the viewer may add to it. */
export async function authorizeUpload(tx: Tx, ctx: LessonsContext, lessonId: string): Promise<void> {
  const lesson = await lessonFor(tx, ctx, lessonId);
  if (!lesson.mayManage) throw refuseManage();
}

/** A file name fit to show back: no control characters or path, at most MAX_ORIGINAL_NAME long. */
function cleanName(name: string | undefined): string | null {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const printable = [...base].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f);
  const cleaned = printable.join('').trim().slice(0, MAX_ORIGINAL_NAME);
  return cleaned || null;
}

/**
 * Checks and stores an uploaded file, then records it. The type comes from the bytes; the limit
 * from that type; a photo loses its location (and other metadata) before it is stored. The row is
 * written in its own transaction after the bytes are safely stored (the request's transaction
 * was released before the body was read), and the object is removed again if that fails.
 */
export async function storeAttachment(opts: {
  db: Database;
  storage: Storage;
  ctx: LessonsContext;
  lessonId: string;
  file: { bytes: Uint8Array; name?: string | undefined };
}): Promise<AttachmentView> {
  const { db, storage, ctx, lessonId, file } = opts;
  if (file.bytes.length === 0) throw fileEmpty();
  const media = sniffMedia(file.bytes);
  if (!media) throw unsupportedType();
  if (file.bytes.length > ATTACHMENT_MAX_BYTES[media.kind]) throw fileTooLarge(media.kind, file.bytes.length);
  let bytes: Uint8Array;
  try {
    bytes = stripLocation(media, file.bytes);
  } catch (error) {
    if (error instanceof MalformedMediaError) throw fileMalformed(error.message);
    throw error;
  }
  const id = newId();
  // Ids only: a key never carries anything the client chose.
  const storageKey = `lessons/${ctx.tenantId}/${lessonId}/${id}.${media.extension}`;
  await storage.put(storageKey, bytes, { contentType: media.contentType });
  try {
    const row = await db.withTenant(ctx.tenantId, ctx.actor, async (tx) => {
      const [inserted] = await tx
        .insert(lessonAttachments)
        .values({
          tenantId: ctx.tenantId,
          id,
          lessonId,
          kind: media.kind,
          contentType: media.contentType,
          sizeBytes: bytes.length,
          storageKey,
          originalName: cleanName(file.name),
          uploadedBy: ctx.viewer.userId || null,
        })
        .returning();
      return inserted!;
    });
    return view(ctx, row);
  } catch (error) {
    await storage.delete(storageKey).catch(() => {});
    throw error;
  }
}

/** A lesson's photos and videos, newest first, each with a fresh signed link. */
export async function listAttachments(tx: Tx, ctx: LessonsContext, lessonId: string) {
  await lessonFor(tx, ctx, lessonId);
  const rows = await tx
    .select()
    .from(lessonAttachments)
    .where(and(eq(lessonAttachments.tenantId, ctx.tenantId), eq(lessonAttachments.lessonId, lessonId)))
    .orderBy(desc(lessonAttachments.createdAt), desc(lessonAttachments.id))
    .limit(200);
  return { data: rows.map((a) => view(ctx, a)) };
}

/** Removes the record and answers the storage key, whose bytes the caller deletes after commit. */
export async function removeAttachment(tx: Tx, ctx: LessonsContext, lessonId: string, attachmentId: string) {
  const lesson = await lessonFor(tx, ctx, lessonId);
  if (!lesson.mayManage) throw refuseManage();
  const [row] = await tx
    .delete(lessonAttachments)
    .where(
      and(
        eq(lessonAttachments.tenantId, ctx.tenantId),
        eq(lessonAttachments.lessonId, lessonId),
        eq(lessonAttachments.id, attachmentId),
      ),
    )
    .returning({ storageKey: lessonAttachments.storageKey });
  if (!row) throw attachmentNotFound();
  return row.storageKey;
}

/**
 * The attachment behind a signed link. The signature is checked before anything is read, over
 * this school's id: a link from another school, or with any part changed, is refused.
 */
export async function openSignedAttachment(
  tx: Tx,
  opts: {
    tenantId: string;
    keyring: LessonsContext['keyring'];
    lessonId: string;
    attachmentId: string;
    link: { expires: number; signature: string };
    now: Date;
  },
): Promise<Row> {
  const check = checkAttachmentLink(opts.keyring, opts.tenantId, opts.attachmentId, opts.link, opts.now);
  if (check === 'invalid') throw linkInvalid();
  if (check === 'expired') throw linkExpired(opts.link.expires);
  const [row] = await tx
    .select()
    .from(lessonAttachments)
    .where(
      and(
        eq(lessonAttachments.tenantId, opts.tenantId),
        eq(lessonAttachments.lessonId, opts.lessonId),
        eq(lessonAttachments.id, opts.attachmentId),
      ),
    );
  if (!row) throw attachmentNotFound();
  return row;
}
