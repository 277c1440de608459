import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { TimeOffSection } from '../components/time-off-section.tsx';
import { type Weekly, WeeklyHoursForm, weeklyFromForm } from '../components/weekly-hours-form.tsx';
import { saveWeeklyHours } from '../lib/availability.server.ts';
import { translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { addException, removeException, upcomingExceptions } from '../lib/time-off.server.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('nav.hours');

/** An instructor's own weekly hours and their time off / extra hours (the API lets them change only their own). */
export async function loader(args: LoaderFunctionArgs) {
  const { me, api } = await signedInPage(args);
  if (!me.instructorId) throw redirect('/home');
  const [availability, exceptions] = await Promise.all([
    api.get<{ weekly: Weekly }>(`/api/v1/instructors/${me.instructorId}/availability`),
    upcomingExceptions(api, me.instructorId),
  ]);
  return { weekly: availability.weekly, exceptions };
}

/** Four forms post here, told apart by `intent`; the weekly hours form (shared with admins) sends none. */
export async function action(args: ActionFunctionArgs) {
  const { school, me, api, t } = await signedInPage(args);
  if (!me.instructorId) throw redirect('/home');
  const form = await args.request.formData();
  const intent = String(form.get('intent') ?? 'weekly');
  if (intent === 'time_off' || intent === 'extra_hours')
    return addException(api, me.instructorId, intent, form, school.timezone, t);
  if (intent === 'remove') return removeException(api, me.instructorId, String(form.get('exception') ?? ''));
  return {
    intent: 'weekly' as const,
    ...(await saveWeeklyHours(api, me.instructorId, school.timezone, weeklyFromForm(form))),
  };
}

export default function MyHours() {
  const { weekly, exceptions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { school, locale } = useRoot();
  const weeklyResult = result?.intent === 'weekly' ? result : null;
  const t = translator(locale);
  return (
    <>
      {/* On a phone the seven days are a long scroll; time off is what changes most often. */}
      <p>
        <a href="#exceptions-h">{t('timeOff.jump')}</a>
      </p>
      <WeeklyHoursForm
        weekly={weekly}
        timezone={school!.timezone}
        saved={Boolean(weeklyResult?.saved)}
        error={weeklyResult?.error ?? null}
      />
      <TimeOffSection
        exceptions={exceptions}
        result={result && result.intent !== 'weekly' ? result : null}
        t={t}
        where={{ locale, zone: school!.timezone }}
      />
    </>
  );
}
