import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { FormField, SelectField } from '../components/form-field.tsx';
import { Toast } from '../components/toast.tsx';
import { ApiProblem } from '../lib/api.server.ts';
import { isMessageKey, translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('preferences.title');

const CHANNELS = ['in_app', 'push', 'email', 'sms', 'whatsapp'] as const;
const REMINDERS = [1440, 120, 60] as const;
const DIGESTS = [0, 15, 30, 60] as const;

type Preferences = {
  channels: Partial<Record<string, string[]>>;
  reminders: { minutesBefore: number[] };
  quietHours: { start: string; end: string; zone: string } | null;
  digest: { windowMinutes: number };
};
type Group = { group: string; defaultChannels: string[]; events: string[] };

/**
 * What reaches me and how: channels per kind of news (ticked: where it goes now, the rule's
 * defaults until changed), reminder times, quiet hours in a zone, and the digest window. One plain
 * form: it works without JavaScript, and the API's 422 comes back beside the field at fault.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { api, viewer } = await signedInPage(args);
  const data = await api.get<{ preferences: Preferences; groups: Group[] }>(
    '/api/v1/notification-preferences',
  );
  return { ...data, zones: Intl.supportedValuesOf('timeZone'), myZone: viewer.zone };
}

export async function action(args: ActionFunctionArgs) {
  const { api } = await signedInPage(args);
  const form = await args.request.formData();
  const groups = String(form.get('groups') ?? '')
    .split(',')
    .filter(Boolean);
  const body: Preferences = {
    channels: Object.fromEntries(groups.map((g) => [g, form.getAll(`channels.${g}`).map(String)])),
    reminders: { minutesBefore: form.getAll('reminders').map(Number) },
    quietHours:
      form.get('quiet') === 'on'
        ? {
            start: String(form.get('quietStart') ?? ''),
            end: String(form.get('quietEnd') ?? ''),
            zone: String(form.get('quietZone') ?? ''),
          }
        : null,
    digest: { windowMinutes: Number(form.get('digest') ?? 30) },
  };
  try {
    await api.put('/api/v1/notification-preferences', body);
    return redirect('/notifications/preferences?saved=1');
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) {
      return {
        fields: Object.fromEntries(
          error.errors.map((e) => [e.path.replace(/^body\./, ''), e.message]),
        ) as Record<string, string>,
        detail: error.detail,
      };
    }
    throw error;
  }
}

export default function NotificationPreferences() {
  const { preferences, groups, zones, myZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  const { locale } = useRoot();
  const t = translator(locale);
  const word = (key: string) => (isMessageKey(key) ? t(key) : key);
  const fields = result?.fields ?? {};
  const quiet = preferences.quietHours;
  return (
    <>
      <h1>{t('preferences.title')}</h1>
      {params.get('saved') ? <Toast>{t('preferences.saved')}</Toast> : null}
      {result?.detail ? (
        <p className="error" role="alert">
          {result.detail}
        </p>
      ) : null}
      <Form method="post" className="card narrow">
        <input type="hidden" name="groups" value={groups.map((g) => g.group).join(',')} />
        <h2>{t('preferences.channels')}</h2>
        <p className="hint">{t('preferences.channelsNote')}</p>
        {groups.map((g) => {
          const current = preferences.channels[g.group] ?? g.defaultChannels;
          const error = fields[`channels.${g.group}`];
          return (
            <fieldset key={g.group} aria-describedby={error ? `channels-${g.group}-error` : undefined}>
              <legend>{word(`preferences.group.${g.group}`)}</legend>
              {CHANNELS.map((c) => (
                <label key={c} className="option">
                  <input
                    type="checkbox"
                    name={`channels.${g.group}`}
                    value={c}
                    defaultChecked={current.includes(c)}
                  />
                  {word(`preferences.channel.${c}`)}
                </label>
              ))}
              {error ? (
                <p id={`channels-${g.group}-error`} className="error">
                  {error}
                </p>
              ) : null}
            </fieldset>
          );
        })}
        <fieldset>
          <legend>{t('preferences.reminders')}</legend>
          {REMINDERS.map((m) => (
            <label key={m} className="option">
              <input
                type="checkbox"
                name="reminders"
                value={m}
                defaultChecked={preferences.reminders.minutesBefore.includes(m)}
              />
              {word(`preferences.reminder.${m}`)}
            </label>
          ))}
          {fields['reminders.minutesBefore'] ? (
            <p className="error">{fields['reminders.minutesBefore']}</p>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>{t('preferences.quiet')}</legend>
          <p className="hint">{t('preferences.quietNote')}</p>
          <label className="option">
            <input type="checkbox" name="quiet" defaultChecked={quiet !== null} />
            {t('preferences.quietOn')}
          </label>
          <FormField
            id="quietStart"
            label={t('preferences.quietStart')}
            type="time"
            defaultValue={quiet?.start ?? '22:00'}
            error={fields['quietHours.start']}
          />
          <FormField
            id="quietEnd"
            label={t('preferences.quietEnd')}
            type="time"
            defaultValue={quiet?.end ?? '07:00'}
            error={fields['quietHours.end']}
          />
          <SelectField
            id="quietZone"
            label={t('preferences.quietZone')}
            defaultValue={quiet?.zone ?? myZone}
            error={fields['quietHours.zone']}
            options={zones.map((z) => [z, z] as const)}
          />
        </fieldset>
        <fieldset>
          <legend>{t('preferences.digest')}</legend>
          <p className="hint">{t('preferences.digestNote')}</p>
          <SelectField
            id="digest"
            label={t('preferences.digestWindow')}
            defaultValue={String(preferences.digest.windowMinutes)}
            error={fields['digest.windowMinutes']}
            options={DIGESTS.map((d) => [String(d), word(`preferences.digest.${d}`)] as const)}
          />
        </fieldset>
        <button type="submit" disabled={busy}>
          {t('preferences.save')}
        </button>
      </Form>
    </>
  );
}
