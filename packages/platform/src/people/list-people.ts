import { type Actor, type Database, instructors, students, users } from '@dualcontrol/db';
import { and, asc, eq, gt } from 'drizzle-orm';
import { pageOf } from '../http/pagination.ts';
import type { Person, PersonKind } from './insert-person.ts';

/** One page of a school's instructors or students, oldest first; `onlyUserId` narrows to one person. */
export async function listPeople(
  db: Database,
  tenantId: string,
  actor: Actor,
  input: { kind: PersonKind; limit: number; after?: string | undefined; onlyUserId?: string | undefined },
): Promise<{ data: Person[]; nextCursor: string | null }> {
  const table = input.kind === 'instructor' ? instructors : students;
  const rows = await db.withTenant(tenantId, actor, (tx) =>
    tx
      .select({ id: table.id, userId: table.userId, name: users.name, email: users.email })
      .from(table)
      .innerJoin(users, and(eq(users.tenantId, table.tenantId), eq(users.id, table.userId)))
      .where(
        and(
          eq(table.tenantId, tenantId),
          input.after ? gt(table.id, input.after) : undefined,
          input.onlyUserId ? eq(table.userId, input.onlyUserId) : undefined,
        ),
      )
      .orderBy(asc(table.id))
      .limit(input.limit + 1),
  );
  return pageOf(rows, input.limit);
}
