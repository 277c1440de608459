import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { type Weekly, WeeklyHoursForm, weeklyFromForm } from '../components/weekly-hours-form.tsx';
import { saveWeeklyHours } from '../lib/availability.server.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.setup.instructors.hours');

export async function loader(args: LoaderFunctionArgs) {
  const { api } = await staffPage(args);
  return {
    weekly: (await api.get<{ weekly: Weekly }>(`/api/v1/instructors/${args.params.id}/availability`)).weekly,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { school, api } = await staffPage(args);
  return saveWeeklyHours(
    api,
    args.params.id!,
    school.timezone,
    weeklyFromForm(await args.request.formData()),
  );
}

export default function InstructorHours() {
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
