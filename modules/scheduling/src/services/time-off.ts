import type { Tx } from '@dualcontrol/db';
import { badRequest, can, notFound, requireCan } from '@dualcontrol/platform';
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { availabilityExceptions, closures } from '../schema.ts';
import { requireInstructor } from './people-lookup.ts';
import type { Viewer } from './viewer.ts';

export type ExceptionView = {
  id: string;
  kind: 'time_off' | 'extra_hours';
  start: string;
  end: string;
  reason: string | null;
};
export type ClosureView = { id: string; name: string; start: string; end: string };

const MAX_SPAN_MS = 366 * 86_400_000;

function checkSpan(start: Date, end: Date): void {
  if (end <= start)
    throw badRequest('scheduling.invalid_span', 'The end must be after the start.', [
      { path: 'body.end', message: 'must be after start' },
    ]);
  if (end.getTime() - start.getTime() > MAX_SPAN_MS) {
    throw badRequest('scheduling.invalid_span', 'At most a year at a time.', [
      { path: 'body.end', message: 'at most 366 days after start' },
    ]);
  }
}

async function ownDiary(tx: Tx, tenantId: string, viewer: Viewer, instructorId: string) {
  await requireInstructor(tx, tenantId, instructorId);
  requireCan(viewer, 'scheduling:diary:manage:own', {
    resource: { instructorId },
    detail: 'You can only change your own diary.',
  });
}

/** Time off or extra hours for one instructor (the instructor themselves, or staff). */
export async function addException(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  instructorId: string,
  input: { kind: 'time_off' | 'extra_hours'; start: Date; end: Date; reason?: string | undefined },
): Promise<ExceptionView> {
  await ownDiary(tx, tenantId, viewer, instructorId);
  checkSpan(input.start, input.end);
  const [row] = await tx
    .insert(availabilityExceptions)
    .values({
      tenantId,
      instructorId,
      kind: input.kind,
      startsAt: input.start,
      endsAt: input.end,
      reason: input.reason ?? null,
    })
    .returning();
  return exceptionView(row!, true);
}

/**
 * Why an instructor is away is theirs to tell: anyone may see that they are busy, only those who
 * manage the diary (the instructor, the office) see the reason.
 */
const mayReadReasons = (viewer: Viewer, instructorId: string) =>
  can(viewer, 'scheduling:diary:manage:own', { instructorId });

export async function listExceptions(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  instructorId: string,
  from: Date,
  to: Date,
): Promise<ExceptionView[]> {
  await requireInstructor(tx, tenantId, instructorId);
  const rows = await tx
    .select()
    .from(availabilityExceptions)
    .where(
      and(
        eq(availabilityExceptions.tenantId, tenantId),
        eq(availabilityExceptions.instructorId, instructorId),
        lt(availabilityExceptions.startsAt, to),
        gt(availabilityExceptions.endsAt, from),
      ),
    )
    .orderBy(asc(availabilityExceptions.startsAt));
  const withReasons = mayReadReasons(viewer, instructorId);
  return rows.map((row) => exceptionView(row, withReasons));
}

export async function removeException(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  instructorId: string,
  id: string,
): Promise<void> {
  await ownDiary(tx, tenantId, viewer, instructorId);
  const gone = await tx
    .delete(availabilityExceptions)
    .where(
      and(
        eq(availabilityExceptions.tenantId, tenantId),
        eq(availabilityExceptions.instructorId, instructorId),
        eq(availabilityExceptions.id, id),
      ),
    )
    .returning({ id: availabilityExceptions.id });
  if (!gone.length) throw notFound('scheduling.exception_not_found', 'No such time off or extra hours.');
}

const exceptionView = (
  r: typeof availabilityExceptions.$inferSelect,
  withReason: boolean,
): ExceptionView => ({
  id: r.id,
  kind: r.kind,
  start: r.startsAt.toISOString(),
  end: r.endsAt.toISOString(),
  reason: withReason ? r.reason : null,
});

/** School-wide closures (holidays): staff only. */
export async function addClosure(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  input: { name: string; start: Date; end: Date },
): Promise<ClosureView> {
  requireCan(viewer, 'scheduling:closures:manage', {
    detail: 'Only the school’s owner or admins can close the school.',
  });
  checkSpan(input.start, input.end);
  const [row] = await tx
    .insert(closures)
    .values({ tenantId, name: input.name, startsAt: input.start, endsAt: input.end })
    .returning();
  return closureView(row!);
}

export async function listClosures(tx: Tx, tenantId: string): Promise<ClosureView[]> {
  const rows = await tx
    .select()
    .from(closures)
    .where(eq(closures.tenantId, tenantId))
    .orderBy(asc(closures.startsAt));
  return rows.map(closureView);
}

export async function removeClosure(tx: Tx, tenantId: string, viewer: Viewer, id: string): Promise<void> {
  requireCan(viewer, 'scheduling:closures:manage', {
    detail: 'Only the school’s owner or admins can change closures.',
  });
  const gone = await tx
    .delete(closures)
    .where(and(eq(closures.tenantId, tenantId), eq(closures.id, id)))
    .returning({ id: closures.id });
  if (!gone.length) throw notFound('scheduling.closure_not_found', 'No such closure.');
}

const closureView = (r: typeof closures.$inferSelect): ClosureView => ({
  id: r.id,
  name: r.name,
  start: r.startsAt.toISOString(),
  end: r.endsAt.toISOString(),
});
