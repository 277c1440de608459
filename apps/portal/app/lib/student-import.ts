import { parseCsv } from './csv.ts';

/** Big enough for a whole school's intake, small enough to import in one sitting. */
export const IMPORT_LIMITS = { rows: 2000, bytes: 1_000_000, batch: 10 } as const;

/** One student from the file; `row` is its row in the spreadsheet (the header is row 1). */
export type ImportRow = { row: number; name: string; email: string };

/** How one row went: created (maybe with a note) or refused with the API's (or the file's) reason. */
export type RowResult = {
  row: number;
  name: string;
  email: string;
  created: boolean;
  /** The API's message, e.g. "not an email address". */
  message?: string;
  /** A problem the file itself shows, before the API is asked. */
  problem?: 'duplicateInFile';
  /** Created, but the invitation could not be sent. */
  inviteError?: string;
};

export type StudentCsv =
  | { ok: true; rows: ImportRow[]; refused: RowResult[] }
  | { ok: false; error: 'empty' | 'header' | 'tooManyRows' | 'tooLarge' };

/**
 * Reads a `name,email` CSV (columns in any order, other columns ignored). A second row with an
 * address already in the file is refused here: the API would only call it taken.
 */
export function readStudentCsv(text: string): StudentCsv {
  if (text.length > IMPORT_LIMITS.bytes) return { ok: false, error: 'tooLarge' };
  const [header, ...records] = parseCsv(text);
  if (!header) return { ok: false, error: 'empty' };
  const columns = header.map((h) => h.trim().toLowerCase());
  const nameAt = columns.indexOf('name');
  const emailAt = columns.indexOf('email');
  if (nameAt < 0 || emailAt < 0) return { ok: false, error: 'header' };
  if (records.length === 0) return { ok: false, error: 'empty' };
  if (records.length > IMPORT_LIMITS.rows) return { ok: false, error: 'tooManyRows' };
  const seen = new Set<string>();
  const rows: ImportRow[] = [];
  const refused: RowResult[] = [];
  records.forEach((record, i) => {
    const row = { row: i + 2, name: (record[nameAt] ?? '').trim(), email: (record[emailAt] ?? '').trim() };
    const key = row.email.toLowerCase();
    if (key && seen.has(key)) refused.push({ ...row, created: false, problem: 'duplicateInFile' });
    else {
      seen.add(key);
      rows.push(row);
    }
  });
  return { ok: true, rows, refused };
}
