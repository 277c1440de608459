import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData } from '@remix-run/react';
import { type FormEvent, useState } from 'react';
import { type Translate, translator } from '../lib/i18n.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { importStudents } from '../lib/student-import.server.ts';
import { IMPORT_LIMITS, type RowResult, readStudentCsv, type StudentCsv } from '../lib/student-import.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.students.import.title');

type FileError = Extract<StudentCsv, { ok: false }>['error'] | 'failed';
type Progress = { total: number; results: RowResult[]; error: FileError | null; running: boolean };

export async function loader(args: LoaderFunctionArgs) {
  await staffPage(args);
  return null;
}

/** Without JavaScript: the whole file in one request, the report in the answer. */
export async function action(args: ActionFunctionArgs): Promise<Progress> {
  const { api } = await staffPage(args);
  const refuse = (error: FileError): Progress => ({ total: 0, results: [], error, running: false });
  // The multipart envelope adds a little to the file itself.
  if (Number(args.request.headers.get('content-length') ?? 0) > IMPORT_LIMITS.bytes + 16_384)
    return refuse('tooLarge');
  const file = (await args.request.formData()).get('file');
  if (!(file instanceof File) || file.size === 0) return refuse('empty');
  if (file.size > IMPORT_LIMITS.bytes) return refuse('tooLarge');
  const csv = readStudentCsv(await file.text());
  if (!csv.ok) return refuse(csv.error);
  const done = await importStudents(api, args.request, csv.rows);
  return {
    total: csv.rows.length + csv.refused.length,
    results: [...csv.refused, ...done].sort((a, b) => a.row - b.row),
    error: null,
    running: false,
  };
}

/**
 * With JavaScript the browser reads the file itself and sends the rows in small batches, so the
 * bar moves as students are created (and a long file never hits a request timeout).
 */
async function importInBatches(file: File, update: (p: Progress) => void) {
  const fail = (error: FileError) => update({ total: 0, results: [], error, running: false });
  if (file.size > IMPORT_LIMITS.bytes) return fail('tooLarge');
  const csv = readStudentCsv(await file.text());
  if (!csv.ok) return fail(csv.error);
  const total = csv.rows.length + csv.refused.length;
  let results = [...csv.refused];
  update({ total, results, error: null, running: true });
  for (let i = 0; i < csv.rows.length; i += IMPORT_LIMITS.batch) {
    const res = await fetch('/admin/students/import/rows', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rows: csv.rows.slice(i, i + IMPORT_LIMITS.batch) }),
    });
    if (!res.ok) return update({ total, results, error: 'failed', running: false });
    results = [...results, ...((await res.json()) as { results: RowResult[] }).results];
    update({ total, results, error: null, running: true });
  }
  update({ total, results: results.sort((a, b) => a.row - b.row), error: null, running: false });
}

export default function ImportStudents() {
  const t = translator(useRoot().locale);
  const fromServer = useActionData<typeof action>();
  const [live, setLive] = useState<Progress | null>(null);
  const progress = live ?? fromServer ?? null;
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = (event.currentTarget.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return;
    setLive({ total: 0, results: [], error: null, running: true });
    try {
      await importInBatches(file, setLive);
    } catch {
      setLive((p) => ({ total: p?.total ?? 0, results: p?.results ?? [], error: 'failed', running: false }));
    }
  }
  return (
    <>
      <h1>{t('admin.students.import.title')}</h1>
      <p>
        <Link to="/admin/students">{t('admin.students.import.back')}</Link>
      </p>
      <section className="card" aria-labelledby="upload-h">
        <h2 id="upload-h">{t('admin.students.import.upload')}</h2>
        <p id="file-hint" className="hint">
          {t('admin.students.import.hint', { rows: IMPORT_LIMITS.rows })}
        </p>
        <form method="post" encType="multipart/form-data" onSubmit={onSubmit}>
          <label htmlFor="file">{t('admin.students.import.file')}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-describedby="file-hint"
          />
          {progress?.error ? (
            <p className="error" role="alert">
              {t(`admin.students.import.error.${progress.error}`, {
                rows: IMPORT_LIMITS.rows,
                size: '1 MB',
              })}
            </p>
          ) : null}
          <button type="submit" disabled={progress?.running}>
            {t('admin.students.import.submit')}
          </button>
        </form>
      </section>
      {progress && progress.total > 0 ? <Report t={t} progress={progress} /> : null}
    </>
  );
}

function Report({ t, progress }: { t: Translate; progress: Progress }) {
  const done = progress.results.length;
  const percent = Math.round((done / progress.total) * 100);
  const refused = progress.results.filter((r) => !r.created || r.inviteError);
  const created = progress.results.filter((r) => r.created).length;
  return (
    <section className="card" aria-labelledby="report-h">
      <h2 id="report-h">{t('admin.students.import.report')}</h2>
      <label htmlFor="import-progress">{t('admin.students.import.progressLabel')}</label>
      <progress id="import-progress" className="full-width" max={progress.total} value={done}>
        {percent}%
      </progress>
      <p role="status" data-testid="import-progress-text">
        {t('admin.students.import.progress', { done, total: progress.total, percent })}
        {progress.running
          ? ''
          : ` ${t('admin.students.import.summary', { created, refused: progress.total - created })}`}
      </p>
      {refused.length > 0 ? (
        <table className="table" data-testid="import-report">
          <caption>{t('admin.students.import.problems')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.students.import.row')}</th>
              <th scope="col">{t('admin.students.import.colName')}</th>
              <th scope="col">{t('admin.students.import.colEmail')}</th>
              <th scope="col">{t('admin.students.import.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {refused.map((r) => (
              <tr key={r.row} data-row={r.row}>
                <th scope="row">{r.row}</th>
                <td>{r.name}</td>
                <td>{r.email}</td>
                <td>
                  {r.problem === 'duplicateInFile'
                    ? t('admin.students.import.duplicateInFile')
                    : r.created
                      ? t('admin.students.import.notInvited', { reason: r.inviteError ?? '' })
                      : r.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
