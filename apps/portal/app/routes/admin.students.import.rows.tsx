import type { ActionFunctionArgs } from '@remix-run/node';
import { staffPage } from '../lib/page.server.ts';
import { importStudents } from '../lib/student-import.server.ts';
import { IMPORT_LIMITS, type ImportRow } from '../lib/student-import.ts';

const isRow = (r: unknown): r is ImportRow =>
  typeof r === 'object' &&
  r !== null &&
  Number.isInteger((r as ImportRow).row) &&
  typeof (r as ImportRow).name === 'string' &&
  typeof (r as ImportRow).email === 'string';

/** One batch of an import the browser drives (see admin.students.import): creates and invites each row. */
export async function action(args: ActionFunctionArgs) {
  const { api } = await staffPage(args);
  const body = (await args.request.json().catch(() => null)) as { rows?: unknown } | null;
  const rows = body?.rows;
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > IMPORT_LIMITS.batch || !rows.every(isRow))
    return Response.json(
      { detail: `Send 1 to ${IMPORT_LIMITS.batch} rows of {row, name, email}.` },
      { status: 400 },
    );
  return Response.json({ results: await importStudents(api, args.request, rows) });
}
