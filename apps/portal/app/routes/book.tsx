import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { SlotWeek } from '../components/slot-week.tsx';
import { ApiProblem } from '../lib/api.server.ts';
import { addDays, dateIn, formatDateTime, formatMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import type { Credit, LessonType, Page, Person, Place, Slot } from '../lib/types.ts';
import { inWeek, weekQuery, weekSlots } from '../lib/week-slots.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('book.title');

type Choice = { type?: string; instructor?: string; week?: string; start?: string; by?: string };
type WizardSlot = Slot & { instructorId: string };

const choiceOf = (url: URL): Choice =>
  Object.fromEntries(
    ['type', 'instructor', 'week', 'start', 'by'].flatMap((k) =>
      url.searchParams.get(k) ? [[k, url.searchParams.get(k)]] : [],
    ),
  );

const query = (c: Choice) => `?${new URLSearchParams(c as Record<string, string>).toString()}`;

/**
 * The booking wizard, one step per page and all state in the URL (works without JavaScript and by
 * keyboard): lesson type → instructor or "any" → a week of free times in the student's zone →
 * pickup place and how to pay → the request.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { school, me, api, viewer } = await signedInPage(args);
  if (!me.studentId) throw redirect('/home');
  const choice = choiceOf(new URL(args.request.url));
  const types = (await api.get<{ data: LessonType[] }>('/api/v1/lesson-types')).data.filter(
    (l) => l.active !== false,
  );
  const type = types.find((l) => l.id === choice.type);
  if (!type) return { step: 'type' as const, choice, types };
  const instructors = (await api.get<Page<Person>>('/api/v1/instructors?limit=100')).data;
  if (!choice.instructor) return { step: 'instructor' as const, choice, type, instructors };

  const week = choice.week ?? dateIn(new Date(), viewer.zone);
  const to = addDays(week, 6);
  const { from: apiFrom, to: apiTo } = weekQuery(week);
  const range = `from=${apiFrom}&to=${apiTo}&duration=${type.durationMinutes}&lessonTypeId=${type.id}`;
  if (!choice.start || !choice.by) {
    const slots: WizardSlot[] =
      choice.instructor === 'any'
        ? (await api.get<{ slots: WizardSlot[] }>(`/api/v1/slots?${range}`)).slots
        : (
            await api.get<{ slots: Slot[] }>(`/api/v1/instructors/${choice.instructor}/slots?${range}`)
          ).slots.map((s) => ({ ...s, instructorId: choice.instructor! }));
    return {
      step: 'time' as const,
      choice: { ...choice, week },
      type,
      instructors,
      slots: weekSlots(inWeek(slots, week, viewer.zone)),
      to,
    };
  }
  const payments = school.modules.includes('payments');
  const [places, credit, policies, account] = await Promise.all([
    api.get<{ data: Place[] }>('/api/v1/locations'),
    payments ? api.get<Credit>(`/api/v1/students/${me.studentId}/credit`) : null,
    api.get<{ paymentRequired?: boolean }>('/api/v1/scheduling/policies'),
    payments ? api.get<{ stripeJs: unknown }>('/api/v1/payments/account') : null,
  ]);
  return {
    step: 'confirm' as const,
    choice,
    type,
    instructors,
    pickups: places.data.filter((p) => p.kind === 'pickup' || p.kind === 'office'),
    creditMinor: credit?.balanceMinor ?? 0,
    // The ways this school lets a student pay: card only when it takes cards online; "at the
    // lesson" only when it does not ask for payment up front.
    canPayByCard: Boolean(account?.stripeJs),
    canPayLater: !(payments && policies.paymentRequired),
    // One key per rendered form: a double submit (or a retry after a lost answer) books once.
    requestKey: crypto.randomUUID(),
  };
}

/**
 * Requests the lesson (Idempotency-Key: a double submit books once), then pays from credit, or
 * goes on to pay by card, as the student chose.
 */
export async function action(args: ActionFunctionArgs) {
  const { api } = await signedInPage(args);
  const form = await args.request.formData();
  const field = (k: string) => String(form.get(k) ?? '');
  try {
    const booking = await api.post<{ id: string }>(
      '/api/v1/bookings',
      {
        instructorId: field('by'),
        start: field('start'),
        durationMinutes: Number(field('duration')),
        lessonTypeId: field('type'),
        ...(field('pickup') ? { pickupLocationId: field('pickup') } : {}),
      },
      field('requestKey') ? { 'idempotency-key': field('requestKey') } : undefined,
    );
    if (field('pay') === 'credit') await api.post(`/api/v1/bookings/${booking.id}/pay`, { method: 'credit' });
    if (field('pay') === 'card') return redirect(`/pay/${booking.id}`);
    return redirect(`/bookings?booked=${booking.id}`);
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) return { error: error.detail };
    throw error;
  }
}

export default function Book() {
  const data = useLoaderData<typeof loader>();
  const { school, locale, zone } = useRoot();
  const t = translator(locale);
  const money = (minor: number) => formatMoney(minor, school!.currency, locale);
  const busy = useNavigation().state !== 'idle';
  const steps = ['type', 'instructor', 'time', 'confirm'] as const;
  return (
    <>
      <h1>{t('book.title')}</h1>
      <ol className="steps" aria-label={t('book.steps')}>
        {steps.map((s) => (
          <li key={s} aria-current={data.step === s ? 'step' : undefined}>
            {t(`book.step.${s === 'time' ? 'time' : s === 'confirm' ? 'confirm' : s}`)}
          </li>
        ))}
      </ol>
      {data.step === 'type' ? (
        <section className="card">
          <h2>{t('book.step.type')}</h2>
          <ul className="choices">
            {data.types.map((l) => (
              <li key={l.id}>
                <Link to={query({ type: l.id })}>
                  {l.name} · {l.durationMinutes} min · {money(l.priceMinor)}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.step === 'instructor' ? (
        <section className="card">
          <h2>{t('book.step.instructor')}</h2>
          <ul className="choices">
            <li>
              <Link to={query({ ...data.choice, instructor: 'any' })}>{t('book.anyInstructor')}</Link>
            </li>
            {data.instructors.map((i) => (
              <li key={i.id}>
                <Link to={query({ ...data.choice, instructor: i.id })}>{i.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.step === 'time' ? (
        <section className="card">
          <h2>{t('book.step.time')}</h2>
          <SlotWeek
            slots={data.slots}
            week={data.choice.week!}
            to={data.to}
            zone={zone}
            locale={locale}
            t={t}
            weekHref={(week) => query({ ...data.choice, week })}
            slotHref={(s) => query({ ...data.choice, start: s.start, by: s.instructorId })}
            slotNote={(s) =>
              data.choice.instructor === 'any' ? ` · ${nameOf(data.instructors, s.instructorId)}` : ''
            }
          />
        </section>
      ) : null}
      {data.step === 'confirm' ? (
        <section className="card">
          <h2>{t('book.step.confirm')}</h2>
          <p>
            <strong>{data.type.name}</strong> · {formatDateTime(data.choice.start!, locale, zone)} ·{' '}
            {nameOf(data.instructors, data.choice.by!)} · {money(data.type.priceMinor)}
          </p>
          <Form method="post">
            <input type="hidden" name="type" value={data.type.id} />
            <input type="hidden" name="by" value={data.choice.by} />
            <input type="hidden" name="start" value={data.choice.start} />
            <input type="hidden" name="duration" value={data.type.durationMinutes} />
            <input type="hidden" name="requestKey" value={data.requestKey} />
            <fieldset>
              <legend>{t('book.step.pickup')}</legend>
              {data.pickups.map((p, i) => (
                <label key={p.id} className="option">
                  <input type="radio" name="pickup" value={p.id} defaultChecked={i === 0} /> {p.name} —{' '}
                  {p.address}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>{t('book.howToPay')}</legend>
              {data.creditMinor >= data.type.priceMinor ? (
                <label className="option">
                  <input type="radio" name="pay" value="credit" defaultChecked />{' '}
                  {t('book.payCredit', { credit: money(data.creditMinor) })}
                </label>
              ) : null}
              {data.canPayByCard ? (
                <label className="option">
                  <input
                    type="radio"
                    name="pay"
                    value="card"
                    defaultChecked={data.creditMinor < data.type.priceMinor}
                  />{' '}
                  {t('book.payCard')}
                </label>
              ) : null}
              {data.canPayLater ? (
                <label className="option">
                  <input
                    type="radio"
                    name="pay"
                    value="later"
                    defaultChecked={data.creditMinor < data.type.priceMinor && !data.canPayByCard}
                  />{' '}
                  {t('book.payLater')}
                </label>
              ) : null}
            </fieldset>
            <ActionError />
            <button type="submit" disabled={busy}>
              {t('book.confirm')}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

function ActionError() {
  const result = useActionData<typeof action>();
  return result?.error ? (
    <p className="error" role="alert">
      {result.error}
    </p>
  ) : null;
}

const nameOf = (people: Person[], id: string) => people.find((p) => p.id === id)?.name ?? '';
