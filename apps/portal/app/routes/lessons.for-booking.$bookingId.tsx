import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { translator } from '../lib/i18n.ts';
import type { Lesson } from '../lib/lessons.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { may } from '../lib/permissions.ts';
import type { Page } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('record.title');

/** How many times the page looks again (every 2 s) before pointing to the lessons list. */
const TRIES = 15;

/**
 * The record screen of a lesson the diary just marked taught, by its booking. The lessons module
 * makes the lesson from `booking.completed` once the outbox is delivered (a moment after the tap),
 * so until it exists this page says so and looks again by itself (a meta refresh: no script).
 */
export async function loader(args: LoaderFunctionArgs) {
  const { me, api, school } = await signedInPage(args);
  if (!school.modules.includes('lessons')) throw new Response('Not found', { status: 404 });
  if (!may(me, 'lessons:lesson:record:own') && !may(me, 'lessons:lesson:record:any'))
    throw new Response('Not found', { status: 404 });
  const booking = args.params.bookingId ?? '';
  const mine = me.instructorId ? `instructorId=${me.instructorId}&` : '';
  // Newest first: a lesson taught a moment ago is on the first page.
  const lessons = await api.get<Page<Lesson>>(`/api/v1/lessons?${mine}limit=50`);
  const found = lessons.data.filter((l) => l.bookingId === booking);
  // A group lesson has one record per student: the list shows them all.
  if (found.length > 1) throw redirect('/lessons');
  if (found[0]) throw redirect(`/lessons/${found[0].id}/record`);
  const tries = Number(new URL(args.request.url).searchParams.get('try') ?? 0) || 0;
  return { next: tries < TRIES ? `?try=${tries + 1}` : null };
}

export default function RecordForBooking() {
  const { next } = useLoaderData<typeof loader>();
  const t = translator(useRoot().locale);
  return (
    <>
      {next ? <meta httpEquiv="refresh" content={`2;url=${next}`} /> : null}
      <h1>{t('record.title')}</h1>
      <p className="card" role="status" data-testid="record-preparing">
        {t(next ? 'record.preparing' : 'record.notReady')}
      </p>
      <p>
        <a href="/lessons">{t('lessons.title')}</a>
      </p>
    </>
  );
}
