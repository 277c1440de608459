import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { EmptyState } from '../components/empty-state.tsx';
import { SelectField } from '../components/form-field.tsx';
import { Toast } from '../components/toast.tsx';
import type { ApiClient } from '../lib/api.server.ts';
import { weekStart } from '../lib/earnings-weeks.ts';
import { addDays, dateIn, formatDateTime, formatDay, formatMoney, formatTime } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { actOnLesson, allBookings, isLessonAction, type LessonAction } from '../lib/lesson-actions.server.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import type { Booking, Page, Person } from '../lib/types.ts';
import { isDate, localToInstant } from '../lib/zoned-time.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.bookings.title');

const STATUSES = [
  'pending',
  'confirmed',
  'in_progress',
  'completed',
  'cancelled',
  'rejected',
  'expired',
  'no_show',
] as const satisfies readonly Booking['status'][];
type Quote = { bookingId: string; cancellable: boolean; feeMinor: number; currency: string };

/** The filters a page shows, kept across week changes, actions and the cancel step. */
function filtersOf(url: URL, timeZone: string) {
  const asked = url.searchParams.get('week') ?? '';
  const instructor = url.searchParams.get('instructor') ?? '';
  const status = url.searchParams.get('status') ?? '';
  return {
    week: weekStart(isDate(asked) ? asked : dateIn(new Date(), timeZone)),
    instructor: /^[0-9a-f-]{36}$/i.test(instructor) ? instructor : '',
    status: (STATUSES as readonly string[]).includes(status) ? status : '',
  };
}
type Filters = ReturnType<typeof filtersOf>;

const search = (f: Filters, extra: Record<string, string> = {}) => {
  const q = new URLSearchParams({ week: f.week });
  if (f.instructor) q.set('instructor', f.instructor);
  if (f.status) q.set('status', f.status);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return `?${q}`;
};

/** All the school's students or instructors (names for the table), page after page. */
async function everyone(api: ApiClient, who: 'students' | 'instructors'): Promise<Person[]> {
  const people: Person[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 20; n += 1) {
    const page: Page<Person> = await api.get<Page<Person>>(
      `/api/v1/${who}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    people.push(...page.data);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return people;
}

/**
 * Every lesson of one week (Monday to Sunday in the school's zone) for the owner and admins,
 * filtered by instructor and status; `?cancel=<id>` shows what cancelling would cost before they do.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { school, api } = await staffPage(args);
  const url = new URL(args.request.url);
  const filters = filtersOf(url, school.timezone);
  const query = new URLSearchParams({
    from: localToInstant(filters.week, '00:00', school.timezone),
    to: localToInstant(addDays(filters.week, 7), '00:00', school.timezone),
  });
  if (filters.instructor) query.set('instructorId', filters.instructor);
  if (filters.status) query.set('status', filters.status);
  const [lessons, instructors, students] = await Promise.all([
    allBookings(api, query),
    everyone(api, 'instructors'),
    everyone(api, 'students'),
  ]);
  const cancel = url.searchParams.get('cancel');
  const quote =
    cancel && lessons.some((b) => b.id === cancel)
      ? await api.get<Quote>(`/api/v1/bookings/${cancel}/cancellation`)
      : null;
  const names = Object.fromEntries(students.map((s) => [s.id, s.name]));
  return {
    filters,
    lessons,
    instructors: instructors.map((i) => ({ id: i.id, name: i.name })),
    names,
    quote,
    done: url.searchParams.get('done'),
    now: Date.now(),
  };
}

/** Confirm, decline, cancel, or mark taught or missed: the API decides what is allowed, and says why not. */
export async function action(args: ActionFunctionArgs) {
  const { school, api, t } = await staffPage(args);
  const form = await args.request.formData();
  const intent = form.get('intent');
  if (!isLessonAction(intent)) throw new Response('Bad request', { status: 400 });
  const booking = String(form.get('booking') ?? '');
  const refusal = await actOnLesson(
    api,
    booking,
    intent,
    intent === 'cancel' ? t('admin.bookings.cancelReason') : undefined,
  );
  if (refusal) return { refusal };
  const filters = filtersOf(new URL(args.request.url), school.timezone);
  return redirect(`/admin/bookings${search(filters, { done: intent })}`);
}

type ActText = 'confirm' | 'reject' | 'cancelConfirm' | 'markTaught' | 'noShow';

const DONE = {
  confirm: 'admin.bookings.done.confirm',
  reject: 'admin.bookings.done.reject',
  cancel: 'admin.bookings.done.cancel',
  complete: 'admin.bookings.done.complete',
  'no-show': 'admin.bookings.done.noShow',
} as const;

export default function AdminBookings() {
  const { filters, lessons, instructors, names, quote, done, now } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>()?.refusal;
  const { school, locale } = useRoot();
  const t = translator(locale);
  const zone = school!.timezone;
  const money = (minor: number) => formatMoney(minor, school!.currency, locale);
  const instructorName = Object.fromEntries(instructors.map((i) => [i.id, i.name]));
  const weekLabel = formatDay(`${filters.week}T12:00:00Z`, locale, 'UTC');
  const refusedLesson = refusal ? lessons.find((b) => b.id === refusal.booking) : undefined;
  const lessonLabel = (b: Booking) => `${names[b.studentId] ?? ''}, ${formatDateTime(b.start, locale, zone)}`;
  // One submit button per step; its name says which lesson, as the table has many alike.
  const act = (intent: LessonAction, text: ActText, lesson: string, className?: string) => (
    <button
      type="submit"
      name="intent"
      value={intent}
      className={className}
      aria-label={t(`admin.bookings.${text}Of`, { lesson })}
    >
      {t(`admin.bookings.${text}`)}
    </button>
  );
  return (
    <>
      <h1>{t('admin.bookings.title')}</h1>
      {done && done in DONE ? <Toast>{t(DONE[done as keyof typeof DONE])}</Toast> : null}
      {refusal ? (
        <p className="error" role="alert">
          {refusedLesson ? `${lessonLabel(refusedLesson)}: ` : ''}
          {refusal.earliest
            ? t('admin.bookings.tooEarly', { when: formatDateTime(refusal.earliest, locale, zone) })
            : refusal.detail}
        </p>
      ) : null}
      <nav className="week" aria-label={t('admin.bookings.weeks')}>
        <Link to={search({ ...filters, week: addDays(filters.week, -7) })}>{t('admin.bookings.prev')}</Link>
        <Link to={search({ ...filters, week: weekStart(dateIn(new Date(now), zone)) })}>
          {t('admin.bookings.thisWeek')}
        </Link>
        <Link to={search({ ...filters, week: addDays(filters.week, 7) })}>{t('admin.bookings.next')}</Link>
      </nav>
      <Form method="get" className="fields" aria-label={t('admin.bookings.filter')}>
        <input type="hidden" name="week" value={filters.week} />
        <SelectField
          id="instructor"
          label={t('admin.bookings.instructor')}
          defaultValue={filters.instructor}
          options={[
            ['', t('admin.bookings.allInstructors')],
            ...instructors.map((i) => [i.id, i.name] as const),
          ]}
        />
        <SelectField
          id="status"
          label={t('admin.bookings.status')}
          defaultValue={filters.status}
          options={[
            ['', t('admin.bookings.allStatuses')],
            ...STATUSES.map((s) => [s, t(`status.${s}`)] as const),
          ]}
        />
        <p>
          <button type="submit">{t('admin.bookings.show')}</button>
        </p>
      </Form>
      <table className="table">
        <caption>{t('admin.bookings.caption', { week: weekLabel, zone })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.bookings.when')}</th>
            <th scope="col">{t('admin.bookings.student')}</th>
            <th scope="col">{t('admin.bookings.instructor')}</th>
            <th scope="col">{t('admin.bookings.status')}</th>
            <th scope="col">{t('admin.bookings.price')}</th>
            <th scope="col">{t('admin.bookings.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {lessons.length === 0 ? (
            <tr>
              <td colSpan={6}>
                <EmptyState
                  title={t('admin.bookings.none')}
                  next={t('empty.adminBookings.next')}
                  action={{ to: '/admin/students', label: t('empty.adminBookings.action') }}
                />
              </td>
            </tr>
          ) : null}
          {lessons.map((b) => {
            const started = Date.parse(b.start) <= now;
            const open = b.status === 'pending' || b.status === 'confirmed';
            const label = lessonLabel(b);
            return (
              <tr key={b.id} data-testid="admin-lesson" data-booking={b.id}>
                <th scope="row">
                  {formatDay(b.start, locale, zone)} {formatTime(b.start, locale, zone)}
                </th>
                <td>{names[b.studentId] ?? ''}</td>
                <td>{instructorName[b.instructorId] ?? ''}</td>
                <td>{t(`status.${b.status}`)}</td>
                <td>
                  {money(b.priceMinor)}
                  {b.cancellationFeeMinor
                    ? ` (${t('admin.bookings.feeCharged', { fee: money(b.cancellationFeeMinor) })})`
                    : ''}
                </td>
                <td>
                  {quote?.bookingId === b.id && quote.cancellable ? (
                    <Form method="post" aria-label={t('admin.bookings.cancelOf', { lesson: label })}>
                      <p role="alert">
                        {quote.feeMinor > 0
                          ? t('admin.bookings.cancelFee', { fee: money(quote.feeMinor) })
                          : t('admin.bookings.cancelFree')}
                      </p>
                      <input type="hidden" name="booking" value={b.id} />
                      <div className="actions">
                        {act('cancel', 'cancelConfirm', label, 'danger')}
                        <Link to={search(filters)}>{t('admin.bookings.keep')}</Link>
                      </div>
                    </Form>
                  ) : (
                    <Form method="post" className="actions wrap centred">
                      <input type="hidden" name="booking" value={b.id} />
                      {b.status === 'pending' && !started ? act('confirm', 'confirm', label) : null}
                      {b.status === 'pending' && !started
                        ? act('reject', 'reject', label, 'secondary')
                        : null}
                      {open && !started ? (
                        <Link
                          to={search(filters, { cancel: b.id })}
                          aria-label={t('admin.bookings.cancelOf', { lesson: label })}
                        >
                          {t('admin.bookings.cancel')}
                        </Link>
                      ) : null}
                      {started && (b.status === 'confirmed' || b.status === 'in_progress') ? (
                        <>
                          {act('complete', 'markTaught', label)}
                          {act('no-show', 'noShow', label, 'secondary')}
                        </>
                      ) : null}
                    </Form>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
