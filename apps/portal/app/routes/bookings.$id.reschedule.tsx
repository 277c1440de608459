import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { SlotWeek } from '../components/slot-week.tsx';
import { ApiProblem } from '../lib/api.server.ts';
import { addDays, dateIn, formatDateTime } from '../lib/format.ts';
import { type MessageKey, translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import type { Booking, Person, Slot } from '../lib/types.ts';
import { inWeek, weekQuery, weekSlots } from '../lib/week-slots.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('reschedule.title');

const movable = (b: Booking) =>
  (b.status === 'pending' || b.status === 'confirmed') && Date.parse(b.start) > Date.now();

/**
 * Moving a lesson: a week of the same instructor's free times for the same length, then a
 * confirmation. Like the booking wizard, the week and the chosen time live in the URL.
 * Another student's lesson (or another school's) is a 404 from the API, so a 404 page here.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { me, api, viewer } = await signedInPage(args);
  if (!me.studentId) throw redirect('/home');
  const booking = await api.get<Booking>(`/api/v1/bookings/${args.params.id}`);
  const instructors = (await api.get<{ data: Person[] }>('/api/v1/instructors?limit=100')).data;
  const instructor = instructors.find((i) => i.id === booking.instructorId)?.name ?? '';
  if (!movable(booking)) return { booking, instructor, movable: false as const };
  const url = new URL(args.request.url);
  const week = url.searchParams.get('week') ?? dateIn(new Date(), viewer.zone);
  const to = addDays(week, 6);
  const duration = (Date.parse(booking.end) - Date.parse(booking.start)) / 60_000;
  const query = new URLSearchParams({ ...weekQuery(week), duration: String(duration) });
  if (booking.lessonTypeId) query.set('lessonTypeId', booking.lessonTypeId);
  if (booking.pickupLocationId) query.set('pickupLocationId', booking.pickupLocationId);
  const { slots } = await api.get<{ slots: Slot[] }>(
    `/api/v1/instructors/${booking.instructorId}/slots?${query.toString()}`,
  );
  const start = url.searchParams.get('start');
  return {
    booking,
    instructor,
    movable: true as const,
    week,
    to,
    slots: weekSlots(inWeek(slots, week, viewer.zone).filter((s) => s.start !== booking.start)),
    start,
  };
}

/** The API's refusals, in the student's words; anything else shows the API's own explanation. */
const PROBLEM_MESSAGES: Record<string, MessageKey> = {
  'scheduling/slot_taken': 'reschedule.taken',
  'scheduling/outside_availability': 'reschedule.outside',
  'scheduling/student_busy': 'reschedule.studentBusy',
  'scheduling/student_limit': 'reschedule.studentLimit',
  'scheduling/vehicle_busy': 'reschedule.vehicleBusy',
  'scheduling/reschedule_limit': 'reschedule.limit',
  'scheduling/invalid_transition': 'reschedule.notMovable',
};

export async function action(args: ActionFunctionArgs) {
  const { api, t } = await signedInPage(args);
  const form = await args.request.formData();
  const start = String(form.get('start') ?? '');
  try {
    await api.post(`/api/v1/bookings/${args.params.id}/reschedule`, { start });
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) {
      const key = PROBLEM_MESSAGES[error.code];
      return { error: key ? t(key) : error.detail };
    }
    throw error;
  }
  return redirect(`/bookings?moved=${args.params.id}`);
}

export default function Reschedule() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const { locale, zone } = useRoot();
  const t = translator(locale);
  const when = (iso: string) => formatDateTime(iso, locale, zone);
  const here = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;
  return (
    <>
      <h1>{t('reschedule.title')}</h1>
      <p>{t('reschedule.current', { when: when(data.booking.start), instructor: data.instructor })}</p>
      {result?.error ? (
        <p className="error" role="alert">
          {result.error}
        </p>
      ) : null}
      {!data.movable ? (
        <p>
          {t('reschedule.notMovable')} <Link to="/bookings">{t('reschedule.back')}</Link>
        </p>
      ) : (
        <>
          {data.start && !result?.error ? (
            <section className="card" aria-labelledby="confirm-move">
              <h2 id="confirm-move">{t('reschedule.confirmTitle')}</h2>
              <p>{t('reschedule.fromTo', { from: when(data.booking.start), to: when(data.start) })}</p>
              <Form method="post">
                <input type="hidden" name="start" value={data.start} />
                <button type="submit" disabled={busy}>
                  {t('reschedule.confirm')}
                </button>{' '}
                <Link to={here({ week: data.week })}>{t('reschedule.other')}</Link>
              </Form>
            </section>
          ) : null}
          <section className="card">
            <h2>{t('reschedule.pick')}</h2>
            <SlotWeek
              slots={data.slots}
              week={data.week}
              to={data.to}
              zone={zone}
              locale={locale}
              t={t}
              weekHref={(week) => here({ week })}
              slotHref={(s) => here({ week: data.week, start: s.start })}
            />
          </section>
          <p>
            <Link to="/bookings">{t('reschedule.back')}</Link>
          </p>
        </>
      )}
    </>
  );
}
