import { students, type Tx, users } from '@dualcontrol/db';
import { and, eq } from 'drizzle-orm';
import { studentNotFound } from './payment-errors.ts';

/** The student as the invoice names them. */
export async function buyerOf(tx: Tx, tenantId: string, studentId: string) {
  const [row] = await tx
    .select({ name: users.name, email: users.email })
    .from(students)
    .innerJoin(users, and(eq(users.tenantId, students.tenantId), eq(users.id, students.userId)))
    .where(and(eq(students.tenantId, tenantId), eq(students.id, studentId)));
  if (!row) throw studentNotFound();
  return row;
}
