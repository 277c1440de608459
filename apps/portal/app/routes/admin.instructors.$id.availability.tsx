import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { ApiProblem } from '../lib/api.server.ts';
import { staffPage } from '../lib/page.server.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction = () => [{ title: 'Weekly hours' }];

const DAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
] as const;

type Availability = { timezone: string; weekly: { day: string; start: string; end: string }[] };

export async function loader(args: LoaderFunctionArgs) {
  const { api } = await staffPage(args);
  return { availability: await api.get<Availability>(`/api/v1/instructors/${args.params.id}/availability`) };
}

/** One row per day: worked or not, from and to (in the school's zone). */
export async function action(args: ActionFunctionArgs) {
  const { school, api } = await staffPage(args);
  const form = await args.request.formData();
  const weekly = DAYS.filter(([day]) => form.get(`${day}-on`)).map(([day]) => ({
    day,
    start: String(form.get(`${day}-start`)),
    end: String(form.get(`${day}-end`)),
  }));
  try {
    await api.put(`/api/v1/instructors/${args.params.id}/availability`, {
      timezone: school.timezone,
      weekly,
    });
    return { saved: true, error: null };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return { saved: false, error: error.errors.map((e) => e.message).join('; ') || error.detail };
    throw error;
  }
}

export default function WeeklyHours() {
  const { availability } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { school } = useRoot();
  const hours = (day: string) => availability.weekly.find((w) => w.day === day);
  return (
    <section className="card">
      <h1>Weekly hours</h1>
      <p>Times in {school!.timezone}.</p>
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
        {result?.error ? (
          <p className="error" role="alert">
            {result.error}
          </p>
        ) : null}
        {result?.saved ? <p role="status">Saved.</p> : null}
        <button type="submit">Save hours</button>
      </Form>
    </section>
  );
}
