import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { EmptyState } from '../components/empty-state.tsx';
import { Toast } from '../components/toast.tsx';
import { TrendFigure } from '../components/trend-figure.tsx';
import { instructorTrend } from '../lib/dashboard-trends.server.ts';
import { addDays, dateIn, formatDay, formatTime } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { actOnLesson, allBookings, isLessonAction } from '../lib/lesson-actions.server.ts';
import { signedInPage } from '../lib/page.server.ts';
import type { Booking, Page, Person } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction = () => [{ title: 'Diary' }];

/** How far back a lesson still waits to be marked taught or missed. */
const RECORD_DAYS = 14;

/**
 * The instructor's day and week (for a phone in the car): requests to answer first, then lessons
 * whose time has come and that still need saying how they went, then today and the week.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { me, api, viewer, school } = await signedInPage(args);
  if (!me.instructorId) throw redirect('/home');
  const today = dateIn(new Date(), viewer.zone);
  const now = new Date();
  const mine = (from: Date, to: Date, status: string) =>
    allBookings(
      api,
      new URLSearchParams({
        from: from.toISOString(),
        to: to.toISOString(),
        status,
        instructorId: me.instructorId!,
      }),
      3,
    );
  const [lessons, unrecorded, students, trend] = await Promise.all([
    mine(
      new Date(now.getTime() - 12 * 3_600_000),
      new Date(now.getTime() + 8 * 86_400_000),
      'pending,confirmed,in_progress,completed,no_show',
    ),
    mine(new Date(now.getTime() - RECORD_DAYS * 86_400_000), now, 'confirmed,in_progress'),
    api.get<Page<Person>>('/api/v1/students?limit=100'),
    // Hours taught in the last 30 days against the 30 before (analytics, their own row only). A
    // failing report hides the figure rather than the diary: the diary is what the car needs.
    instructorTrend(api, school.modules, dateIn(now, school.timezone)).catch(() => null),
  ]);
  const names = Object.fromEntries(students.data.map((s) => [s.id, s.name]));
  const toRecord = new Set(unrecorded.map((b) => b.id));
  return {
    today,
    weekEnd: addDays(today, 6),
    lessons: lessons.filter((b) => !toRecord.has(b.id)),
    unrecorded,
    names,
    trend,
  };
}

/** One tap: confirm or reject a request, or say a lesson was taught or the student did not come. */
export async function action(args: ActionFunctionArgs) {
  const { api } = await signedInPage(args);
  const form = await args.request.formData();
  const decision = form.get('decision');
  if (!isLessonAction(decision) || decision === 'cancel') throw new Response('Bad request', { status: 400 });
  const refusal = await actOnLesson(api, String(form.get('booking') ?? ''), decision);
  if (refusal) return { refusal };
  // A lesson just taught: the page offers its record straight away (`booking`).
  const booking =
    decision === 'complete' ? `&booking=${encodeURIComponent(String(form.get('booking')))}` : '';
  return redirect(
    decision === 'complete' || decision === 'no-show' ? `/diary?marked=${decision}${booking}` : '/diary',
  );
}

export default function Diary() {
  const { today, weekEnd, lessons, unrecorded, names, trend } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>()?.refusal;
  const [params] = useSearchParams();
  const { locale, zone, me } = useRoot();
  const t = translator(locale);
  /** The record screen of a taught lesson (lessons module on, and this person records lessons). */
  const recordLink = (booking: string, label: string, name?: string) =>
    me?.records ? (
      <a href={`/lessons/for-booking/${booking}`} data-testid="record-link" aria-label={name}>
        {label}
      </a>
    ) : null;
  const dayOf = (b: Booking) => dateIn(new Date(b.start), zone);
  const pending = lessons.filter((b) => b.status === 'pending');
  const todays = lessons.filter((b) => b.status !== 'pending' && dayOf(b) === today);
  const week = lessons.filter((b) => b.status !== 'pending' && dayOf(b) > today && dayOf(b) <= weekEnd);
  const marked = params.get('marked');
  const row = (b: Booking) => (
    <li key={b.id} className="card" data-testid="diary-lesson">
      <strong>{formatTime(b.start, locale, zone)}</strong> {names[b.studentId] ?? ''} ·{' '}
      {t(`status.${b.status}`)}{' '}
      {b.status === 'completed'
        ? recordLink(
            b.id,
            t('lessons.record'),
            `${t('lessons.record')}: ${names[b.studentId] ?? ''}, ${formatTime(b.start, locale, zone)}`,
          )
        : null}
    </li>
  );
  return (
    <>
      <h1>{t('diary.title')}</h1>
      <p id="offline" className="offline" hidden>
        {t('offline.banner')}
      </p>
      {marked === 'complete' || marked === 'no-show' ? (
        <Toast>{marked === 'complete' ? t('diary.markedTaught') : t('diary.markedNoShow')}</Toast>
      ) : null}
      {marked === 'complete' && params.get('booking') ? (
        <p className="record-now">{recordLink(params.get('booking') ?? '', t('record.title'))}</p>
      ) : null}
      {pending.length > 0 ? (
        <section aria-labelledby="pending-h">
          <h2 id="pending-h">{t('diary.pending')}</h2>
          <ul className="lessons">
            {pending.map((b) => (
              <li key={b.id} className="card" data-testid="pending-lesson">
                <p>
                  <strong>{formatDay(b.start, locale, zone)}</strong> {formatTime(b.start, locale, zone)} ·{' '}
                  {names[b.studentId] ?? ''}
                </p>
                {refusal?.booking === b.id ? (
                  <p className="error" role="alert">
                    {refusal.detail}
                  </p>
                ) : null}
                <Form method="post" className="actions">
                  <input type="hidden" name="booking" value={b.id} />
                  <button type="submit" name="decision" value="confirm">
                    {t('diary.confirm')}
                  </button>
                  <button type="submit" name="decision" value="reject" className="secondary">
                    {t('diary.reject')}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {unrecorded.length > 0 ? (
        <section aria-labelledby="record-h">
          <h2 id="record-h">{t('diary.toRecord')}</h2>
          <ul className="lessons">
            {unrecorded.map((b) => (
              <li key={b.id} className="card" data-testid="past-lesson" data-booking={b.id}>
                <p id={`lesson-${b.id}`}>
                  <strong>{formatDay(b.start, locale, zone)}</strong> {formatTime(b.start, locale, zone)} ·{' '}
                  {names[b.studentId] ?? ''}
                </p>
                {refusal?.booking === b.id ? (
                  <p className="error" role="alert">
                    {refusal.earliest
                      ? t('diary.tooEarly', {
                          when: `${dateIn(new Date(refusal.earliest), zone) === today ? '' : `${formatDay(refusal.earliest, locale, zone)} `}${formatTime(refusal.earliest, locale, zone)}`,
                        })
                      : refusal.detail}
                  </p>
                ) : null}
                <Form method="post" className="actions wrap">
                  <input type="hidden" name="booking" value={b.id} />
                  <button type="submit" name="decision" value="complete" aria-describedby={`lesson-${b.id}`}>
                    {t('diary.markTaught')}
                  </button>
                  <button
                    type="submit"
                    name="decision"
                    value="no-show"
                    className="secondary"
                    aria-describedby={`lesson-${b.id}`}
                  >
                    {t('diary.noShow')}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="today-h">
        <h2 id="today-h">{t('diary.today')}</h2>
        {todays.length ? (
          <ul className="lessons">{todays.map(row)}</ul>
        ) : (
          <EmptyState title={t('diary.empty')} next={t('empty.diary.next')} />
        )}
      </section>
      <section aria-labelledby="week-h">
        <h2 id="week-h">{t('diary.week')}</h2>
        {week.length ? (
          <ul className="lessons">
            {week.map((b) => (
              <li key={b.id} className="card" data-testid="diary-lesson">
                <strong>{formatDay(b.start, locale, zone)}</strong> {formatTime(b.start, locale, zone)}{' '}
                {names[b.studentId] ?? ''} · {t(`status.${b.status}`)}
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState
            title={t('diary.empty')}
            next={t('empty.diary.next')}
            action={{ to: '/availability', label: t('empty.diary.action') }}
          />
        )}
      </section>
      {trend ? (
        <TrendFigure
          id="trend-hours"
          testId="trend-hours"
          title={t('dash.trend.hoursTaught')}
          trend={trend.hoursTaught}
          format={(h) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(h)}
          t={t}
          days={trend.days}
        />
      ) : null}
    </>
  );
}
