import { decryptField, encryptField, type Keyring, newId, type Tx, users } from '@dualcontrol/db';
import { AppError, can, emitEvent, forbidden } from '@dualcontrol/platform';
import { and, asc, desc, eq, isNotNull, lte, type SQL } from 'drizzle-orm';
import { lessonsEvents } from '../events.ts';
import { type DocumentCategory, documents } from '../schema.ts';
import type { LessonsContext } from './lessons-context.ts';
import { documentNotFound } from './lessons-errors.ts';
import { localDate } from './theory-validity.ts';

/** What a document's reference is sealed to: its school, itself and the field. */
const referenceContext = (tenantId: string, documentId: string) =>
  `documents:${tenantId}:${documentId}:reference`;

export type DocumentView = ReturnType<typeof documentView>;
const documentView = (d: typeof documents.$inferSelect, keyring: Keyring) => ({
  id: d.id,
  userId: d.userId,
  category: d.category,
  title: d.title,
  reference: d.referenceEnc
    ? decryptField(keyring, d.referenceEnc, referenceContext(d.tenantId, d.id))
    : null,
  issuedOn: d.issuedOn,
  expiresOn: d.expiresOn,
  verifiedBy: d.verifiedBy,
  verifiedAt: d.verifiedAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});

/** `YYYY-MM-DD` plus whole months, minus a day: the last valid day of something issued on `day`. */
export function lastValidDay(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y, m - 1 + months, d) - 86_400_000);
  return end.toISOString().slice(0, 10);
}

/**
 * Adds a document for a person of the school: one's own (student, instructor), anyone's (the
 * office). A theory certificate with an issue date but no expiry gets the school's validity.
 */
export async function addDocument(
  tx: Tx,
  ctx: LessonsContext,
  input: {
    userId?: string | undefined;
    category: DocumentCategory;
    title?: string | undefined;
    reference?: string | undefined;
    issuedOn?: string | undefined;
    expiresOn?: string | undefined;
  },
) {
  const userId = input.userId ?? ctx.viewer.userId;
  if (!can(ctx.viewer, 'lessons:documents:create:own', { userId }))
    throw forbidden('You can add your own documents; the office adds anyone’s.');
  const [person] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, userId)));
  if (!person) throw documentNotFound();
  const expiresOn =
    input.expiresOn ??
    (input.category === 'theory_certificate' && input.issuedOn
      ? lastValidDay(input.issuedOn, ctx.settings.theoryCertificateValidityMonths)
      : null);
  const id = newId();
  const [row] = await tx
    .insert(documents)
    .values({
      tenantId: ctx.tenantId,
      id,
      userId,
      category: input.category,
      title: input.title ?? null,
      referenceEnc: input.reference
        ? encryptField(ctx.keyring, input.reference, referenceContext(ctx.tenantId, id))
        : null,
      issuedOn: input.issuedOn ?? null,
      expiresOn,
      createdBy: ctx.viewer.userId || null,
    })
    .returning();
  // The expiry workflow starts from this event (subscriptions.ts), once the document is committed.
  if (expiresOn)
    await emitEvent(tx, ctx.tenantId, lessonsEvents['document.expiry_changed'], {
      documentId: id,
      userId,
      category: input.category,
      expiresOn,
      previousExpiresOn: null,
    });
  return documentView(row!, ctx.keyring);
}

/**
 * A document the viewer may change (their own; anyone's for the office), locked for the change.
 * Someone who may not even see it gets the 404 a missing one gets.
 */
async function changeableDocument(tx: Tx, ctx: LessonsContext, documentId: string) {
  const [doc] = await tx
    .select()
    .from(documents)
    .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, documentId)))
    .for('update');
  if (!doc || !can(ctx.viewer, 'lessons:documents:read:own', { userId: doc.userId }))
    throw documentNotFound();
  if (!can(ctx.viewer, 'lessons:documents:create:own', { userId: doc.userId }))
    throw forbidden('You can change your own documents; the office changes anyone’s.');
  return doc;
}

/**
 * Corrects a document's details. A new expiry date restarts its expiry notices (a null one stops
 * them). Changing what the office vouched for (reference or dates) clears the verification: it
 * has to see the new one.
 */
export async function updateDocument(
  tx: Tx,
  ctx: LessonsContext,
  documentId: string,
  input: {
    title?: string | null | undefined;
    reference?: string | null | undefined;
    issuedOn?: string | null | undefined;
    expiresOn?: string | null | undefined;
  },
) {
  const doc = await changeableDocument(tx, ctx, documentId);
  const issuedOn = input.issuedOn === undefined ? doc.issuedOn : input.issuedOn;
  const expiresOn = input.expiresOn === undefined ? doc.expiresOn : input.expiresOn;
  if (issuedOn && expiresOn && issuedOn > expiresOn)
    throw new AppError('lessons.document_dates', {
      status: 400,
      title: 'Bad request',
      detail: `The expiry date (${expiresOn}) is before the issue date (${issuedOn}).`,
      fields: [
        {
          path: input.expiresOn === undefined ? 'body.issuedOn' : 'body.expiresOn',
          message: 'expires before it was issued',
        },
      ],
    });
  const reference = doc.referenceEnc
    ? decryptField(ctx.keyring, doc.referenceEnc, referenceContext(ctx.tenantId, doc.id))
    : null;
  const vouched =
    (input.reference !== undefined && (input.reference || null) !== reference) ||
    issuedOn !== doc.issuedOn ||
    expiresOn !== doc.expiresOn;
  const [row] = await tx
    .update(documents)
    .set({
      ...(input.title !== undefined ? { title: input.title || null } : {}),
      ...(input.reference !== undefined
        ? {
            referenceEnc: input.reference
              ? encryptField(ctx.keyring, input.reference, referenceContext(ctx.tenantId, doc.id))
              : null,
          }
        : {}),
      issuedOn,
      expiresOn,
      ...(vouched ? { verifiedBy: null, verifiedAt: null } : {}),
      updatedAt: ctx.now,
    })
    .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, documentId)))
    .returning();
  if (expiresOn !== doc.expiresOn)
    await emitEvent(tx, ctx.tenantId, lessonsEvents['document.expiry_changed'], {
      documentId,
      userId: doc.userId,
      category: doc.category,
      expiresOn,
      previousExpiresOn: doc.expiresOn,
    });
  return documentView(row!, ctx.keyring);
}

/** Removes a document (its notices go with it, and its expiry workflow is cancelled). */
export async function removeDocument(tx: Tx, ctx: LessonsContext, documentId: string): Promise<void> {
  const doc = await changeableDocument(tx, ctx, documentId);
  await tx.delete(documents).where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, documentId)));
  await emitEvent(tx, ctx.tenantId, lessonsEvents['document.removed'], {
    documentId,
    userId: doc.userId,
    category: doc.category,
  });
}

/** The viewer's own documents, or (the office) anyone's, optionally one person's or one category. */
export async function listDocuments(
  tx: Tx,
  ctx: LessonsContext,
  input: { userId?: string | undefined; category?: DocumentCategory | undefined },
) {
  const office = can(ctx.viewer, 'lessons:documents:read:any');
  if (!office && input.userId && input.userId !== ctx.viewer.userId)
    throw forbidden('You can list your own documents; the office lists anyone’s.');
  const filters: SQL[] = [eq(documents.tenantId, ctx.tenantId)];
  const userId = office ? input.userId : ctx.viewer.userId;
  if (userId) filters.push(eq(documents.userId, userId));
  if (input.category) filters.push(eq(documents.category, input.category));
  const rows = await tx
    .select()
    .from(documents)
    .where(and(...filters))
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(200);
  return { data: rows.map((d) => documentView(d, ctx.keyring)) };
}

/** The office vouches for a document it has seen. */
export async function verifyDocument(tx: Tx, ctx: LessonsContext, documentId: string) {
  const [doc] = await tx
    .select()
    .from(documents)
    .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, documentId)))
    .for('update');
  if (!doc || !can(ctx.viewer, 'lessons:documents:read:own', { userId: doc.userId }))
    throw documentNotFound();
  if (!can(ctx.viewer, 'lessons:documents:verify')) throw forbidden('Only the office verifies documents.');
  if (doc.verifiedAt) return documentView(doc, ctx.keyring);
  const [row] = await tx
    .update(documents)
    .set({ verifiedBy: ctx.viewer.userId, verifiedAt: ctx.now, updatedAt: ctx.now })
    .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, documentId)))
    .returning();
  return documentView(row!, ctx.keyring);
}

/** Documents expiring within `days` (or already expired), soonest first, with the days left. */
export async function listExpiringDocuments(tx: Tx, ctx: LessonsContext, days: number) {
  if (!can(ctx.viewer, 'lessons:documents:read:any'))
    throw forbidden('Only the office sees everyone’s documents.');
  const today = localDate(ctx.now, ctx.school.timezone);
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const rows = await tx
    .select({ doc: documents, name: users.name })
    .from(documents)
    .innerJoin(users, and(eq(users.tenantId, documents.tenantId), eq(users.id, documents.userId)))
    .where(
      and(
        eq(documents.tenantId, ctx.tenantId),
        isNotNull(documents.expiresOn),
        lte(documents.expiresOn, until),
      ),
    )
    .orderBy(asc(documents.expiresOn), asc(documents.id))
    .limit(500);
  const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
  return {
    until,
    data: rows.map(({ doc, name }) => {
      const daysLeft = Math.round((dayMs(doc.expiresOn!) - dayMs(today)) / 86_400_000);
      return { ...documentView(doc, ctx.keyring), personName: name, daysLeft, expired: daysLeft < 0 };
    }),
  };
}
