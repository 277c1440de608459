import { Form } from '@remix-run/react';
import { translator } from '../lib/i18n.ts';
import { useRoot } from '../root.tsx';
import { Toast } from './toast.tsx';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** The day's name in the viewer's language (1 January 2024 was a Monday). */
const dayName = (index: number, locale: string) =>
  new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, 1 + index)),
  );

export type Weekly = { day: string; start: string; end: string }[];

/** The weekly hours the form posted: the days ticked, each with its from/to. */
export function weeklyFromForm(form: FormData): Weekly {
  return DAYS.filter((day) => form.get(`${day}-on`)).map((day) => ({
    day,
    start: String(form.get(`${day}-start`)),
    end: String(form.get(`${day}-end`)),
  }));
}

/** One fieldset per day: worked or not, from and to (in the school's zone). */
export function WeeklyHoursForm(props: {
  weekly: Weekly;
  timezone: string;
  saved: boolean;
  error: string | null;
}) {
  const { locale } = useRoot();
  const t = translator(locale);
  const hours = (day: string) => props.weekly.find((w) => w.day === day);
  return (
    <section className="card">
      <h1>{t('hours.title')}</h1>
      <p>{t('hours.zone', { zone: props.timezone })}</p>
      <Form method="post">
        {DAYS.map((day, i) => (
          <fieldset key={day}>
            <legend>{dayName(i, locale)}</legend>
            <label className="option">
              <input type="checkbox" name={`${day}-on`} defaultChecked={Boolean(hours(day))} />{' '}
              {t('hours.worksOn', { day: dayName(i, locale) })}
            </label>
            <label htmlFor={`${day}-start`}>{t('hours.from')}</label>
            <input
              id={`${day}-start`}
              name={`${day}-start`}
              type="time"
              defaultValue={hours(day)?.start ?? '09:00'}
            />
            <label htmlFor={`${day}-end`}>{t('hours.to')}</label>
            <input
              id={`${day}-end`}
              name={`${day}-end`}
              type="time"
              defaultValue={hours(day)?.end ?? '17:00'}
            />
          </fieldset>
        ))}
        {props.error ? (
          <p className="error" role="alert">
            {props.error}
          </p>
        ) : null}
        {props.saved ? <Toast>{t('hours.saved')}</Toast> : null}
        <button type="submit">{t('hours.save')}</button>
      </Form>
    </section>
  );
}
