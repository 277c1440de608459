import { Form } from '@remix-run/react';

export const DAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
] as const;

export type Weekly = { day: string; start: string; end: string }[];

/** The weekly hours the form posted: the days ticked, each with its from/to. */
export function weeklyFromForm(form: FormData): Weekly {
  return DAYS.filter(([day]) => form.get(`${day}-on`)).map(([day]) => ({
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
  const hours = (day: string) => props.weekly.find((w) => w.day === day);
  return (
    <section className="card">
      <h1>Weekly hours</h1>
      <p>Times in {props.timezone}.</p>
      <Form method="post">
        {DAYS.map(([day, label]) => (
          <fieldset key={day}>
            <legend>{label}</legend>
            <label className="option">
              <input type="checkbox" name={`${day}-on`} defaultChecked={Boolean(hours(day))} /> Works on{' '}
              {label}
            </label>
            <label htmlFor={`${day}-start`}>From</label>
            <input
              id={`${day}-start`}
              name={`${day}-start`}
              type="time"
              defaultValue={hours(day)?.start ?? '09:00'}
            />
            <label htmlFor={`${day}-end`}>To</label>
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
        {props.saved ? <p role="status">Saved.</p> : null}
        <button type="submit">Save hours</button>
      </Form>
    </section>
  );
}
