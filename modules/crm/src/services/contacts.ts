import { students, type Tx, users } from '@dualcontrol/db';
import { badRequest, decodeCursor, pageOf } from '@dualcontrol/platform';
import { and, asc, desc, eq, gt, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { type CONTACT_SOURCES, crmContacts, crmPipelineStages, type TRANSMISSIONS } from '../schema.ts';
import type { CrmContext } from './crm-context.ts';
import { ensureCrmDefaults } from './crm-defaults.ts';
import { alreadyLinked, contactNotFound, reasonRequired, unknownStage } from './crm-errors.ts';
import { emitCrm } from './emit.ts';
import { normaliseEmail, normalisePhone } from './normalise.ts';

export type ContactRow = typeof crmContacts.$inferSelect;

export type ContactView = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  userId: string | null;
  studentId: string | null;
  stage: string;
  lostReason: string | null;
  stageChangedAt: string;
  source: (typeof CONTACT_SOURCES)[number];
  postcode: string | null;
  transmission: (typeof TRANSMISSIONS)[number] | null;
  availability: string | null;
  preferredStart: string | null;
  consentAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export const contactView = (c: ContactRow): ContactView => ({
  id: c.id,
  name: c.name,
  email: c.email,
  phone: c.phone,
  userId: c.userId,
  studentId: c.studentId,
  stage: c.stage,
  lostReason: c.lostReason,
  stageChangedAt: c.stageChangedAt.toISOString(),
  source: c.source,
  postcode: c.postcode,
  transmission: c.transmission,
  availability: c.availability,
  preferredStart: c.preferredStart,
  consentAt: c.consentAt?.toISOString() ?? null,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

export type ContactInput = {
  name: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  studentId?: string | null | undefined;
  stage?: string | undefined;
  postcode?: string | null | undefined;
  transmission?: (typeof TRANSMISSIONS)[number] | null | undefined;
  availability?: string | null | undefined;
  preferredStart?: string | null | undefined;
  consent?: boolean | undefined;
};

/** A UK-style postcode as stored: upper-case, one space before the inward code when there is one. */
export function normalisePostcode(postcode: string | null | undefined): string | null {
  const p = postcode?.trim().toUpperCase().replace(/\s+/g, '');
  if (!p) return null;
  return p.length > 4 && /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(p) ? `${p.slice(0, -3)} ${p.slice(-3)}` : p;
}

export async function findContact(tx: Tx, ctx: CrmContext, id: string): Promise<ContactRow> {
  const [row] = await tx
    .select()
    .from(crmContacts)
    .where(and(eq(crmContacts.tenantId, ctx.tenantId), eq(crmContacts.id, id)));
  if (!row) throw contactNotFound();
  return row;
}

export async function requireStage(tx: Tx, ctx: CrmContext, stage: string, path?: string) {
  const [row] = await tx
    .select()
    .from(crmPipelineStages)
    .where(and(eq(crmPipelineStages.tenantId, ctx.tenantId), eq(crmPipelineStages.key, stage)));
  if (!row) throw unknownStage(stage, path);
  return row;
}

/** The student's user (the contact's link to a person), or a 400 naming the field. */
async function studentUser(tx: Tx, ctx: CrmContext, studentId: string) {
  const [s] = await tx
    .select({ userId: students.userId })
    .from(students)
    .where(and(eq(students.tenantId, ctx.tenantId), eq(students.id, studentId)));
  if (!s) {
    throw badRequest('crm.unknown_student', 'No such student at this school.', [
      { path: 'body.studentId', message: 'not a student of this school' },
    ]);
  }
  return s.userId;
}

async function userHasContact(tx: Tx, ctx: CrmContext, userId: string, except?: string) {
  const rows = await tx
    .select({ id: crmContacts.id })
    .from(crmContacts)
    .where(and(eq(crmContacts.tenantId, ctx.tenantId), eq(crmContacts.userId, userId)));
  return rows.some((r) => r.id !== except);
}

/**
 * A new contact. `source` says where it came from (the office: manual; the public form: enquiry;
 * a student's account: signup); it starts in `stage` (enquiry by default) and emits
 * `crm.contact_created`.
 */
export async function createContact(
  tx: Tx,
  ctx: CrmContext,
  input: ContactInput & { userId?: string | null },
  source: (typeof CONTACT_SOURCES)[number],
): Promise<ContactRow> {
  await ensureCrmDefaults(tx, ctx.tenantId);
  const stage = input.stage ?? 'enquiry';
  if (stage === 'lost') throw reasonRequired();
  await requireStage(tx, ctx, stage);
  let userId = input.userId ?? null;
  if (input.studentId) userId = await studentUser(tx, ctx, input.studentId);
  if (userId && (await userHasContact(tx, ctx, userId))) throw alreadyLinked('body.studentId');
  const [row] = await tx
    .insert(crmContacts)
    .values({
      tenantId: ctx.tenantId,
      name: input.name,
      email: normaliseEmail(input.email),
      phone: normalisePhone(input.phone),
      userId,
      studentId: input.studentId ?? null,
      stage,
      source,
      postcode: normalisePostcode(input.postcode),
      transmission: input.transmission ?? null,
      availability: input.availability ?? null,
      preferredStart: input.preferredStart ?? null,
      consentAt: input.consent ? ctx.now : null,
    })
    .returning();
  await emitCrm(tx, ctx.tenantId, 'crm.contact_created', { contactId: row!.id, source, stage });
  return row!;
}

export async function updateContact(
  tx: Tx,
  ctx: CrmContext,
  id: string,
  input: Partial<Omit<ContactInput, 'stage' | 'consent'>>,
): Promise<ContactRow> {
  const current = await findContact(tx, ctx, id);
  const changes: Partial<typeof crmContacts.$inferInsert> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.email !== undefined) changes.email = normaliseEmail(input.email);
  if (input.phone !== undefined) changes.phone = normalisePhone(input.phone);
  if (input.postcode !== undefined) changes.postcode = normalisePostcode(input.postcode);
  if (input.transmission !== undefined) changes.transmission = input.transmission;
  if (input.availability !== undefined) changes.availability = input.availability;
  if (input.preferredStart !== undefined) changes.preferredStart = input.preferredStart;
  if (input.studentId !== undefined) {
    changes.studentId = input.studentId;
    changes.userId = input.studentId ? await studentUser(tx, ctx, input.studentId) : current.userId;
    if (changes.userId && (await userHasContact(tx, ctx, changes.userId, id)))
      throw alreadyLinked('body.studentId');
  }
  const next = { ...current, ...changes };
  if (!next.email && !next.phone && !next.userId) {
    throw badRequest('crm.unreachable', 'A contact needs an email, a phone or a linked person.', [
      { path: 'body.email', message: 'email or phone required' },
    ]);
  }
  if (Object.keys(changes).length === 0) return current;
  const [row] = await tx
    .update(crmContacts)
    .set(changes)
    .where(and(eq(crmContacts.tenantId, ctx.tenantId), eq(crmContacts.id, id)))
    .returning();
  return row!;
}

/** Moves a contact along the pipeline; `lost` needs a reason, any other stage clears it. */
export async function moveStage(
  tx: Tx,
  ctx: CrmContext,
  id: string,
  to: string,
  reason?: string,
): Promise<ContactRow> {
  await ensureCrmDefaults(tx, ctx.tenantId);
  const current = await findContact(tx, ctx, id);
  await requireStage(tx, ctx, to);
  if (to === 'lost' && !reason?.trim()) throw reasonRequired();
  if (current.stage === to && (to !== 'lost' || current.lostReason === reason)) return current;
  const [row] = await tx
    .update(crmContacts)
    .set({ stage: to, lostReason: to === 'lost' ? reason!.trim() : null, stageChangedAt: ctx.now })
    .where(and(eq(crmContacts.tenantId, ctx.tenantId), eq(crmContacts.id, id)))
    .returning();
  await emitCrm(tx, ctx.tenantId, 'crm.contact_stage_changed', {
    contactId: id,
    from: current.stage,
    to,
    ...(to === 'lost' ? { reason: reason!.trim() } : {}),
  });
  return row!;
}

export async function deleteContact(tx: Tx, ctx: CrmContext, id: string): Promise<void> {
  await findContact(tx, ctx, id);
  // Children first (composite foreign keys without cascade: a delete is a decision, not a side effect).
  for (const table of ['crm_interactions', 'crm_notes', 'crm_tasks'] as const) {
    await tx.execute(
      sql`delete from ${sql.identifier(table)} where tenant_id = ${ctx.tenantId} and contact_id = ${id}`,
    );
  }
  await tx.delete(crmContacts).where(and(eq(crmContacts.tenantId, ctx.tenantId), eq(crmContacts.id, id)));
}

export async function listContacts(
  tx: Tx,
  ctx: CrmContext,
  query: { stage?: string | undefined; q?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor(query.cursor);
  const conds: SQL[] = [eq(crmContacts.tenantId, ctx.tenantId)];
  if (query.stage) conds.push(eq(crmContacts.stage, query.stage));
  if (after) conds.push(gt(crmContacts.id, after));
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conds.push(
      or(ilike(crmContacts.name, like), ilike(crmContacts.email, like), ilike(crmContacts.phone, like))!,
    );
  }
  const rows = await tx
    .select()
    .from(crmContacts)
    .where(and(...conds))
    .orderBy(asc(crmContacts.id))
    .limit(query.limit + 1);
  const pageRows = pageOf(rows, query.limit);
  return { data: pageRows.data.map(contactView), nextCursor: pageRows.nextCursor };
}

/**
 * Contacts that share an email or a phone, as groups (each group's contacts oldest first: the
 * first is the natural survivor of a merge).
 */
export async function listDuplicates(tx: Tx, ctx: CrmContext) {
  const rows = await tx.execute<{ match: string; value: string; ids: string[] }>(sql`
    select 'email' as match, email as value, array_agg(id order by created_at, id) as ids
      from crm_contacts where tenant_id = ${ctx.tenantId} and email is not null
      group by email having count(*) > 1
    union all
    select 'phone', phone, array_agg(id order by created_at, id)
      from crm_contacts where tenant_id = ${ctx.tenantId} and phone is not null
      group by phone having count(*) > 1
    order by 2`);
  const ids = [...new Set(rows.flatMap((r) => r.ids))];
  const contacts = ids.length
    ? await tx
        .select()
        .from(crmContacts)
        .where(and(eq(crmContacts.tenantId, ctx.tenantId), inArray(crmContacts.id, ids)))
    : [];
  const byId = new Map(contacts.map((c) => [c.id, contactView(c)]));
  return {
    data: rows.map((r) => ({
      match: r.match as 'email' | 'phone',
      value: r.value,
      contacts: r.ids.map((id) => byId.get(id)!).filter(Boolean),
    })),
  };
}

/** Contacts matching an email or phone (normalised), oldest first: what the enquiry form reuses. */
export async function findByEmailOrPhone(
  tx: Tx,
  ctx: CrmContext,
  email: string | null,
  phone: string | null,
) {
  if (!email && !phone) return [];
  const conds: SQL[] = [];
  if (email) conds.push(eq(crmContacts.email, email));
  if (phone) conds.push(eq(crmContacts.phone, phone));
  return tx
    .select()
    .from(crmContacts)
    .where(and(eq(crmContacts.tenantId, ctx.tenantId), or(...conds)))
    .orderBy(asc(crmContacts.createdAt), asc(crmContacts.id));
}

/**
 * The contact of a student, made on the fly (linked to their user, in `initialStage`) when they have none: what automatic interactions and rules attach to. Null when the
 * student does not exist here.
 */
export async function contactForStudent(
  tx: Tx,
  ctx: CrmContext,
  studentId: string,
  initialStage = 'enquiry',
): Promise<ContactRow | null> {
  const [existing] = await tx
    .select()
    .from(crmContacts)
    .where(and(eq(crmContacts.tenantId, ctx.tenantId), eq(crmContacts.studentId, studentId)));
  if (existing) return existing;
  const [person] = await tx
    .select({ userId: students.userId, phone: students.phone, name: users.name, email: users.email })
    .from(students)
    .innerJoin(users, and(eq(users.tenantId, students.tenantId), eq(users.id, students.userId)))
    .where(and(eq(students.tenantId, ctx.tenantId), eq(students.id, studentId)));
  if (!person) return null;
  // The person may already have a contact by their user (linked before they were a student) or by
  // their email (an enquiry that signed up): link that one rather than make a second.
  const [byUser] = await tx
    .select()
    .from(crmContacts)
    .where(
      and(
        eq(crmContacts.tenantId, ctx.tenantId),
        or(
          eq(crmContacts.userId, person.userId),
          and(sql`${crmContacts.userId} is null`, eq(crmContacts.email, normaliseEmail(person.email) ?? '')),
        ),
      ),
    )
    .orderBy(desc(sql`${crmContacts.userId} is not null`), asc(crmContacts.createdAt))
    .limit(1);
  if (byUser) {
    const [row] = await tx
      .update(crmContacts)
      .set({ studentId, userId: person.userId })
      .where(and(eq(crmContacts.tenantId, ctx.tenantId), eq(crmContacts.id, byUser.id)))
      .returning();
    return row!;
  }
  return createContact(
    tx,
    ctx,
    { name: person.name, email: person.email, phone: person.phone, studentId, stage: initialStage },
    'signup',
  );
}
