import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { addDays, dateIn, formatDay, formatTime } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import type { Booking, Page, Person } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction = () => [{ title: 'Diary' }];

/** The instructor's day and week (for a phone in the car): requests to answer first, then the lessons. */
export async function loader(args: LoaderFunctionArgs) {
  const { school, me, api } = await signedInPage(args);
  if (!me.instructorId) throw redirect('/home');
  const today = dateIn(new Date(), school.timezone);
  const from = new Date(Date.now() - 12 * 3_600_000).toISOString();
  const to = new Date(Date.now() + 8 * 86_400_000).toISOString();
  const [lessons, students] = await Promise.all([
    api.get<Page<Booking>>(
      `/api/v1/bookings?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&status=pending,confirmed,in_progress,completed&limit=100`,
    ),
    api.get<Page<Person>>('/api/v1/students?limit=100'),
  ]);
  const names = Object.fromEntries(students.data.map((s) => [s.id, s.name]));
  const mine = lessons.data.filter((b) => b.instructorId === me.instructorId);
  return { today, weekEnd: addDays(today, 6), lessons: mine, names };
}

/** Confirm or reject a request in one tap. */
export async function action(args: ActionFunctionArgs) {
  const { api } = await signedInPage(args);
  const form = await args.request.formData();
  const decision = form.get('decision') === 'reject' ? 'reject' : 'confirm';
  await api.post(`/api/v1/bookings/${String(form.get('booking'))}/${decision}`);
  return redirect('/diary');
}

export default function Diary() {
  const { today, weekEnd, lessons, names } = useLoaderData<typeof loader>();
  const { school, locale } = useRoot();
  const t = translator(locale);
  const zone = school!.timezone;
  const dayOf = (b: Booking) => dateIn(new Date(b.start), zone);
  const pending = lessons.filter((b) => b.status === 'pending');
  const todays = lessons.filter((b) => b.status !== 'pending' && dayOf(b) === today);
  const week = lessons.filter((b) => b.status !== 'pending' && dayOf(b) > today && dayOf(b) <= weekEnd);
  const row = (b: Booking) => (
    <li key={b.id} className="card" data-testid="diary-lesson">
      <strong>{formatTime(b.start, locale, zone)}</strong> {names[b.studentId] ?? ''} ·{' '}
      {t(`status.${b.status}`)}
    </li>
  );
  return (
    <>
      <h1>{t('diary.title')}</h1>
      <p id="offline" className="offline" hidden>
        {t('offline.banner')}
      </p>
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
      <section aria-labelledby="today-h">
        <h2 id="today-h">{t('diary.today')}</h2>
        {todays.length ? <ul className="lessons">{todays.map(row)}</ul> : <p>{t('diary.empty')}</p>}
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
          <p>{t('diary.empty')}</p>
        )}
      </section>
    </>
  );
}
