import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { type Weekly, WeeklyHoursForm, weeklyFromForm } from '../components/weekly-hours-form.tsx';
import { saveWeeklyHours } from '../lib/availability.server.ts';
import { signedInPage } from '../lib/page.server.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction = () => [{ title: 'My hours' }];

/** An instructor's own weekly hours (the API lets them change only their own). */
export async function loader(args: LoaderFunctionArgs) {
  const { me, api } = await signedInPage(args);
  if (!me.instructorId) throw redirect('/home');
  return {
    weekly: (await api.get<{ weekly: Weekly }>(`/api/v1/instructors/${me.instructorId}/availability`)).weekly,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { school, me, api } = await signedInPage(args);
  if (!me.instructorId) throw redirect('/home');
  return saveWeeklyHours(
    api,
    me.instructorId,
    school.timezone,
    weeklyFromForm(await args.request.formData()),
  );
}

export default function MyHours() {
  const { weekly } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <WeeklyHoursForm
      weekly={weekly}
      timezone={useRoot().school!.timezone}
      saved={Boolean(result?.saved)}
      error={result?.error ?? null}
    />
  );
}
