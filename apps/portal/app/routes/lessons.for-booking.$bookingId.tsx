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

/** How long the page waits for the lesson to be made, looking every half second. */
const WAIT_MS = 8_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The record screen of a lesson the diary just marked taught, by its booking. The lessons module
 * makes the lesson from `booking.completed` once the outbox is delivered (within a second under
 * the worker), so the page looks for it a few times before answering; still not there, it says so
 * with a link to look again (no timed refresh: a page that reloads itself is hard to read).
 */
export async function loader(args: LoaderFunctionArgs) {
  const { me, api, school } = await signedInPage(args);
  if (!school.modules.includes('lessons')) throw new Response('Not found', { status: 404 });
  if (!may(me, 'lessons:lesson:record:own') && !may(me, 'lessons:lesson:record:any'))
    throw new Response('Not found', { status: 404 });
  const booking = args.params.bookingId ?? '';
  const mine = me.instructorId ? `instructorId=${me.instructorId}&` : '';
  for (let waited = 0; ; waited += 500) {
    // Newest first: a lesson taught a moment ago is on the first page.
    const lessons = await api.get<Page<Lesson>>(`/api/v1/lessons?${mine}limit=50`);
    const found = lessons.data.filter((l) => l.bookingId === booking);
    // A group lesson has one record per student: the list shows them all.
    if (found.length > 1) throw redirect('/lessons');
    if (found[0]) throw redirect(`/lessons/${found[0].id}/record`);
    if (waited >= WAIT_MS || args.request.signal.aborted) return { booking };
    await sleep(500);
  }
}

export default function RecordForBooking() {
  const { booking } = useLoaderData<typeof loader>();
  const t = translator(useRoot().locale);
  return (
    <>
      <h1>{t('record.title')}</h1>
      <p className="card" role="status" data-testid="record-not-ready">
        {t('record.notReady')}
      </p>
      <p className="actions">
        <a href={`/lessons/for-booking/${encodeURIComponent(booking)}`}>{t('record.lookAgain')}</a>
        <a href="/lessons">{t('lessons.title')}</a>
      </p>
    </>
  );
}
