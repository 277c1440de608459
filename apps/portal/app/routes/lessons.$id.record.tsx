import {
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  redirect,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { useRef } from 'react';
import { formatDateTime } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { LEVELS, type LessonDetail, type Syllabus, studentName } from '../lib/lessons.ts';
import recordStyles from '../lib/offline-record.css?url';
import { sendRecord } from '../lib/offline-record.server.ts';
import { ownerOf, recordFromForm } from '../lib/offline-record.ts';
import { useOfflineRecord } from '../lib/offline-record-state.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { may } from '../lib/permissions.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('record.title');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: recordStyles }];

const lessonOf = (args: LoaderFunctionArgs) => encodeURIComponent(args.params.id ?? '');

/**
 * Recording a lesson on a phone: every active skill of the school's syllabus, grouped by category,
 * with five big level buttons (radio inputs) and "not today". A plain form: no script needed.
 * With a script and the service worker, saving keeps the record on the phone first and the worker
 * sends it (offline too: it syncs when the connection returns; lib/offline-record-state.ts).
 */
export async function loader(args: LoaderFunctionArgs) {
  const { me, api } = await signedInPage(args);
  if (!may(me, 'lessons:lesson:record:own') && !may(me, 'lessons:lesson:record:any'))
    throw new Response('Not found', { status: 404 });
  const id = lessonOf(args);
  const [lesson, syllabus] = await Promise.all([
    api.get<LessonDetail>(`/api/v1/lessons/${id}`),
    api.get<Syllabus>('/api/v1/syllabus'),
  ]);
  return {
    lesson,
    owner: ownerOf(me),
    studentName: await studentName(api, lesson.studentId),
    categories: syllabus.categories
      .map((c) => ({ ...c, skills: c.skills.filter((s) => !s.retiredAt) }))
      .filter((c) => c.skills.length > 0),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { api } = await signedInPage(args);
  const outcome = await sendRecord(api, args.params.id ?? '', recordFromForm(await args.request.formData()));
  if (outcome.status === 'locked') return { locked: true as const };
  if (outcome.status === 'failed') return { failed: outcome.detail };
  return redirect(`/lessons/${lessonOf(args)}/record?saved=${outcome.count}`);
}

export default function RecordLesson() {
  const { lesson, owner, studentName: name, categories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const form = useRef<HTMLFormElement>(null);
  const offline = useOfflineRecord(lesson.id, owner, form);
  const { locale, zone } = useRoot();
  const t = translator(locale);
  const [params] = useSearchParams();
  const kept = offline.state;
  // Saved without JavaScript (the action's redirect); with it, the bar at the bottom says it.
  const saved = result || kept.status !== 'idle' ? null : params.get('saved');
  const levels = new Map(lesson.entries.map((e) => [e.skillId, e.level]));
  const locked = lesson.locked || (result && 'locked' in result) || kept.status === 'locked';
  const failed = result && 'failed' in result ? result.failed : kept.status === 'failed' ? kept.detail : null;
  return (
    <>
      <h1>{t('record.title')}</h1>
      <p id="offline" className="offline" hidden>
        {t('offline.banner')}
      </p>
      <p data-testid="record-of">
        {t('record.of', { name, date: formatDateTime(lesson.taughtAt, locale, zone) })}
      </p>
      {saved !== null ? (
        <p className="card" role="status" data-testid="record-saved">
          {t('record.saved', { count: saved })}
        </p>
      ) : null}
      {locked ? (
        <p className="card error" role="alert" data-testid="record-locked">
          {t('record.locked')}
        </p>
      ) : null}
      {failed ? (
        <p className="card error" role="alert" data-testid="record-failed">
          {t('record.failed', { detail: failed })}
        </p>
      ) : null}
      {!locked && lesson.editableUntil ? (
        <p>{t('record.lockedUntil', { date: formatDateTime(lesson.editableUntil, locale, zone) })}</p>
      ) : null}
      <Form method="post" className="record" ref={form} onSubmit={offline.onSubmit}>
        {categories.map((c) => (
          <fieldset key={c.id} className="card category">
            <legend>
              <h2>{c.name}</h2>
            </legend>
            {c.skills.map((s) => {
              const current = levels.get(s.id);
              return (
                <fieldset key={s.id} className="skill" data-testid="record-skill" data-skill={s.id}>
                  <legend>{s.name}</legend>
                  <div className="levels">
                    {LEVELS.map((l) => (
                      <span key={l} className="level">
                        <input
                          type="radio"
                          id={`l-${s.id}-${l}`}
                          name={`level:${s.id}`}
                          value={l}
                          defaultChecked={current === l}
                          disabled={Boolean(locked)}
                        />
                        <label htmlFor={`l-${s.id}-${l}`}>{t(`level.${l}`)}</label>
                      </span>
                    ))}
                    <span className="level none">
                      <input
                        type="radio"
                        id={`l-${s.id}-0`}
                        name={`level:${s.id}`}
                        value=""
                        defaultChecked={current === undefined}
                        disabled={Boolean(locked)}
                      />
                      <label htmlFor={`l-${s.id}-0`}>{t('record.notToday')}</label>
                    </span>
                  </div>
                </fieldset>
              );
            })}
          </fieldset>
        ))}
        <div className="card">
          <label htmlFor="notes">{t('record.notes')}</label>
          <textarea
            id="notes"
            name="notes"
            rows={4}
            defaultValue={lesson.notes ?? ''}
            disabled={Boolean(locked)}
          />
        </div>
        {/* Under the thumb while scrolling the skills: saving, and what became of the last save. */}
        <div className="record-bar">
          {kept.status === 'pending' ? (
            <p className="offline" role="status" data-testid="record-pending">
              {t('record.pending', { count: kept.count })}
            </p>
          ) : null}
          {kept.status === 'synced' ? (
            <p role="status" data-testid="record-saved">
              {t('record.saved', { count: kept.count })}
            </p>
          ) : null}
          {kept.status === 'signed-out' ? (
            <p className="error" role="alert" data-testid="record-signed-out">
              {t('record.signedOut')}
            </p>
          ) : null}
          {kept.status === 'locked' || kept.status === 'failed' ? (
            <p>
              {t('record.notSent')}{' '}
              <button type="button" className="secondary" onClick={offline.discard}>
                {t('record.discard')}
              </button>
            </p>
          ) : null}
          {locked ? null : (
            <button type="submit" className="primary wide">
              {t('record.save')}
            </button>
          )}
        </div>
      </Form>
    </>
  );
}
