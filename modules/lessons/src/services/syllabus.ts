import { auditLogs, type Tx, tenants } from '@dualcontrol/db';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { skillCategories, skills } from '../schema.ts';
import { SYLLABUS_TEMPLATES, type TemplateId, templateForSchool } from '../syllabus/index.ts';
import { categoryNotFound, skillNotFound } from './lessons-errors.ts';

export type SkillView = {
  id: string;
  categoryId: string;
  templateKey: string | null;
  name: string;
  description: string | null;
  position: number;
  retiredAt: string | null;
};
export type CategoryView = {
  id: string;
  templateKey: string | null;
  name: string;
  position: number;
  skills: SkillView[];
};

/**
 * Installs a template into the school's syllabus. Idempotent: a category or skill already installed
 * from the template (same template key) is left as the school has it — renamed, moved or retired —
 * so installing again only adds what is missing. Returns how many rows were added.
 */
export async function installTemplate(tx: Tx, tenantId: string, templateId: TemplateId) {
  const template = SYLLABUS_TEMPLATES[templateId];
  const categoryKey = (key: string) => `${templateId}/${key}`;
  const addedCategories = await tx
    .insert(skillCategories)
    .values(
      template.categories.map((c, i) => ({
        tenantId,
        templateKey: categoryKey(c.key),
        name: c.name,
        position: (i + 1) * 10,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: skillCategories.id });
  const categories = await tx
    .select({ id: skillCategories.id, templateKey: skillCategories.templateKey })
    .from(skillCategories)
    .where(
      and(
        eq(skillCategories.tenantId, tenantId),
        inArray(
          skillCategories.templateKey,
          template.categories.map((c) => categoryKey(c.key)),
        ),
      ),
    );
  const idOf = new Map(categories.map((c) => [c.templateKey, c.id]));
  const addedSkills = await tx
    .insert(skills)
    .values(
      template.categories.flatMap((c) =>
        c.skills.map((s, i) => ({
          tenantId,
          categoryId: idOf.get(categoryKey(c.key))!,
          templateKey: `${templateId}/${s.key}`,
          name: s.name,
          description: s.description,
          position: (i + 1) * 10,
        })),
      ),
    )
    .onConflictDoNothing()
    .returning({ id: skills.id });
  return { template: templateId, categoriesAdded: addedCategories.length, skillsAdded: addedSkills.length };
}

/** The template a school starts from (see templateForSchool), read from its record. */
export async function schoolTemplate(tx: Tx, tenantId: string): Promise<TemplateId> {
  const [school] = await tx
    .select({ timezone: tenants.timezone, currency: tenants.currency, locale: tenants.locale })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  return templateForSchool(school ?? { timezone: '', currency: '', locale: '' });
}

/** A school with no syllabus at all gets its template; one that has any skill is left alone. */
export async function ensureSyllabus(tx: Tx, tenantId: string): Promise<void> {
  const [any] = await tx.select({ id: skills.id }).from(skills).where(eq(skills.tenantId, tenantId)).limit(1);
  if (!any) await installTemplate(tx, tenantId, await schoolTemplate(tx, tenantId));
}

/** The school's syllabus, groups and skills in order (retired skills included, marked). */
export async function readSyllabus(tx: Tx, tenantId: string): Promise<CategoryView[]> {
  const [categories, rows] = await Promise.all([
    tx
      .select()
      .from(skillCategories)
      .where(eq(skillCategories.tenantId, tenantId))
      .orderBy(asc(skillCategories.position), asc(skillCategories.id)),
    tx
      .select()
      .from(skills)
      .where(eq(skills.tenantId, tenantId))
      .orderBy(asc(skills.position), asc(skills.id)),
  ]);
  return categories.map((c) => ({
    id: c.id,
    templateKey: c.templateKey,
    name: c.name,
    position: c.position,
    skills: rows.filter((s) => s.categoryId === c.id).map(skillView),
  }));
}

export const skillView = (s: typeof skills.$inferSelect): SkillView => ({
  id: s.id,
  categoryId: s.categoryId,
  templateKey: s.templateKey,
  name: s.name,
  description: s.description,
  position: s.position,
  retiredAt: s.retiredAt?.toISOString() ?? null,
});

/** A school's own skill, at the end of its group unless placed. */
export async function addSkill(
  tx: Tx,
  tenantId: string,
  input: {
    categoryId: string;
    name: string;
    description?: string | undefined;
    position?: number | undefined;
  },
): Promise<SkillView> {
  const [category] = await tx
    .select({
      id: skillCategories.id,
      last: sql<number>`(select coalesce(max(s.position), 0) from ${skills} s
        where s.tenant_id = ${tenantId} and s.category_id = ${skillCategories.id})`.mapWith(Number),
    })
    .from(skillCategories)
    .where(and(eq(skillCategories.tenantId, tenantId), eq(skillCategories.id, input.categoryId)));
  if (!category) throw categoryNotFound();
  const [row] = await tx
    .insert(skills)
    .values({
      tenantId,
      categoryId: category.id,
      name: input.name,
      description: input.description ?? null,
      position: input.position ?? category.last + 10,
    })
    .returning();
  return skillView(row!);
}

/**
 * Renames, describes, moves, retires or restores a skill. Its id never changes, so every lesson
 * and progress row recorded under it stays attached (and shows the new name).
 */
export async function updateSkill(
  tx: Tx,
  tenantId: string,
  skillId: string,
  changes: {
    name?: string | undefined;
    description?: string | null | undefined;
    position?: number | undefined;
    categoryId?: string | undefined;
    retired?: boolean | undefined;
  },
  now: Date,
): Promise<SkillView> {
  if (changes.categoryId) {
    const [category] = await tx
      .select({ id: skillCategories.id })
      .from(skillCategories)
      .where(and(eq(skillCategories.tenantId, tenantId), eq(skillCategories.id, changes.categoryId)));
    if (!category) throw categoryNotFound();
  }
  const [row] = await tx
    .update(skills)
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.position !== undefined ? { position: changes.position } : {}),
      ...(changes.categoryId !== undefined ? { categoryId: changes.categoryId } : {}),
      ...(changes.retired === true
        ? { retiredAt: sql`coalesce(${skills.retiredAt}, ${now.toISOString()}::timestamptz)` }
        : {}),
      ...(changes.retired === false ? { retiredAt: null } : {}),
      updatedAt: now,
    })
    .where(and(eq(skills.tenantId, tenantId), eq(skills.id, skillId)))
    .returning();
  if (!row) throw skillNotFound();
  return skillView(row);
}

/** The active skills of the school among `ids` (for validating entries and faults). */
export async function activeSkillIds(tx: Tx, tenantId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .select({ id: skills.id })
    .from(skills)
    .where(and(eq(skills.tenantId, tenantId), inArray(skills.id, ids), isNull(skills.retiredAt)));
  return new Set(rows.map((r) => r.id));
}

/**
 * Every rename of the school's skills, newest first, from the audit trail (each change to a skill
 * is in `audit_logs`): the names a skill had before, which renaming keeps attached to its history.
 */
export async function listSkillRenames(tx: Tx, tenantId: string) {
  const rows = await tx
    .select({
      skillId: auditLogs.rowId,
      from: sql<string>`${auditLogs.before} ->> 'name'`,
      to: sql<string>`${auditLogs.after} ->> 'name'`,
      at: auditLogs.createdAt,
    })
    .from(auditLogs)
    .where(
      and(
        eq(auditLogs.tenantId, tenantId),
        eq(auditLogs.tableName, 'skills'),
        eq(auditLogs.action, 'update'),
        sql`'name' = any(${auditLogs.changedColumns})`,
      ),
    )
    .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
    .limit(1000);
  return rows.map((r) => ({ skillId: r.skillId ?? '', from: r.from, to: r.to, at: r.at.toISOString() }));
}

/** A skill group of the school's own, at the end unless placed. */
export async function addCategory(
  tx: Tx,
  tenantId: string,
  input: { name: string; position?: number | undefined },
) {
  const [last] = await tx
    .select({ position: sql<number>`coalesce(max(${skillCategories.position}), 0)`.mapWith(Number) })
    .from(skillCategories)
    .where(eq(skillCategories.tenantId, tenantId));
  const [row] = await tx
    .insert(skillCategories)
    .values({ tenantId, name: input.name, position: input.position ?? (last?.position ?? 0) + 10 })
    .returning();
  return { id: row!.id, templateKey: row!.templateKey, name: row!.name, position: row!.position };
}

/**
 * Renames or moves a skill group; `retired` retires (or restores) every skill in it at once — a
 * group whose skills are all retired drops out of new records, and its history stays.
 */
export async function updateCategory(
  tx: Tx,
  tenantId: string,
  categoryId: string,
  changes: { name?: string | undefined; position?: number | undefined; retired?: boolean | undefined },
  now: Date,
) {
  const [row] = await tx
    .update(skillCategories)
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.position !== undefined ? { position: changes.position } : {}),
      updatedAt: now,
    })
    .where(and(eq(skillCategories.tenantId, tenantId), eq(skillCategories.id, categoryId)))
    .returning();
  if (!row) throw categoryNotFound();
  if (changes.retired !== undefined)
    await tx
      .update(skills)
      .set({
        retiredAt: changes.retired
          ? sql`coalesce(${skills.retiredAt}, ${now.toISOString()}::timestamptz)`
          : null,
        updatedAt: now,
      })
      .where(and(eq(skills.tenantId, tenantId), eq(skills.categoryId, categoryId)));
  return { id: row.id, templateKey: row.templateKey, name: row.name, position: row.position };
}
