import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { FormField, SelectField } from '../components/form-field.tsx';
import { Toast } from '../components/toast.tsx';
import { ApiProblem } from '../lib/api.server.ts';
import { LANGUAGES, translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { changedSession } from '../lib/session.server.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('profile.title');

type Me = {
  user: { name: string; email: string };
  preferences: { locale: string | null; timezone: string | null };
};
type Field = 'name' | 'currentPassword' | 'newPassword' | 'locale' | 'timezone';

/**
 * Who the school knows you as: your name (yours to change), email, password, the language and
 * time zone you see the portal in, and a way to your cards.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { school, api, me } = await signedInPage(args);
  const { user, preferences } = await api.get<Me>('/api/v1/auth/me');
  return {
    name: user.name,
    email: user.email,
    preferences,
    payments: Boolean(me.studentId) && school.modules.includes('payments'),
    zones: Intl.supportedValuesOf('timeZone'),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { api } = await signedInPage(args);
  const form = await args.request.formData();
  const intent = String(form.get('intent') ?? '');
  try {
    if (intent === 'display') {
      const chosen = (key: string) => String(form.get(key) ?? '') || null;
      const { preferences } = await api.put<Pick<Me, 'preferences'>>('/api/v1/auth/me/preferences', {
        locale: chosen('locale'),
        timezone: chosen('timezone'),
      });
      // Every page reads the viewer's language and zone from the session: it changes with them.
      const cookie = await changedSession(args.request, args.context.config, {
        locale: preferences.locale,
        zone: preferences.timezone,
      });
      return redirect('/profile?saved=display', { headers: { 'set-cookie': cookie } });
    }
    if (intent === 'name') {
      const { user } = await api.patch<Me>('/api/v1/auth/me', { name: String(form.get('name') ?? '') });
      // The header greets people by the name in their session: it changes with the saved one.
      const cookie = await changedSession(args.request, args.context.config, { name: user.name });
      return redirect('/profile?saved=name', { headers: { 'set-cookie': cookie } });
    }
    await api.post('/api/v1/auth/password', {
      currentPassword: String(form.get('currentPassword') ?? ''),
      newPassword: String(form.get('newPassword') ?? ''),
    });
    return redirect('/profile?saved=password');
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) {
      const fields = Object.fromEntries(
        error.errors.map((e) => [e.path.replace(/^body\./, ''), e.message]),
      ) as Partial<Record<Field, string>>;
      return {
        intent,
        fields,
        detail: Object.keys(fields).length ? null : error.detail,
        name: intent === 'name' ? String(form.get('name') ?? '') : null,
      };
    }
    throw error;
  }
}

export default function Profile() {
  const { name, email, preferences, payments, zones } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  const { school, locale, zone } = useRoot();
  const t = translator(locale);
  const languageName = (tag: string) => new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag;
  const saved = params.get('saved');
  const field = (id: Field, label: string, type: string, autoComplete: string, defaultValue?: string) => (
    <FormField
      id={id}
      label={label}
      type={type}
      autoComplete={autoComplete}
      required
      defaultValue={defaultValue}
      error={result?.fields[id]}
    />
  );
  /** A language or zone of one's own, or "as the school" (empty: the API stores null). */
  const choice = (
    id: 'locale' | 'timezone',
    label: string,
    options: string[],
    show: (v: string) => string,
  ) => (
    <SelectField
      id={id}
      label={label}
      defaultValue={preferences[id] ?? ''}
      error={result?.fields[id]}
      options={[
        ['', t('profile.asSchool', { value: show(id === 'locale' ? school!.locale : school!.timezone) })],
        ...options.map((o) => [o, show(o)] as const),
      ]}
    />
  );
  const detail = (intent: string) =>
    result?.intent === intent && result.detail ? (
      <p className="error" role="alert">
        {result.detail}
      </p>
    ) : null;
  return (
    <>
      <h1>{t('profile.title')}</h1>
      {saved === 'name' ? <Toast>{t('profile.nameSaved')}</Toast> : null}
      {saved === 'password' ? <Toast>{t('profile.passwordSaved')}</Toast> : null}
      {saved === 'display' ? <Toast>{t('profile.displaySaved', { zone })}</Toast> : null}
      <section className="card narrow" aria-labelledby="details">
        <h2 id="details">{t('profile.details')}</h2>
        <p>
          {t('profile.email')}: <strong data-testid="email">{email}</strong>
          <br />
          {t('profile.emailNote')}
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="name" />
          {field('name', t('profile.name'), 'text', 'name', result?.name ?? name)}
          {detail('name')}
          <button type="submit" disabled={busy}>
            {t('profile.saveName')}
          </button>
        </Form>
      </section>
      <section className="card narrow" aria-labelledby="password">
        <h2 id="password">{t('profile.password')}</h2>
        {/* A fresh form after a change: the passwords typed are not left in the fields. */}
        <Form method="post" key={saved ?? 'password'}>
          <input type="hidden" name="intent" value="password" />
          {field('currentPassword', t('profile.currentPassword'), 'password', 'current-password')}
          {field('newPassword', t('profile.newPassword'), 'password', 'new-password')}
          {detail('password')}
          <button type="submit" disabled={busy}>
            {t('profile.savePassword')}
          </button>
        </Form>
      </section>
      <section className="card narrow" aria-labelledby="display">
        <h2 id="display">{t('profile.display')}</h2>
        <p>{t('profile.displayNote', { zone: school!.timezone })}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="display" />
          {choice('locale', t('profile.language'), LANGUAGES, languageName)}
          {choice('timezone', t('profile.zone'), zones, (z) => z)}
          {detail('display')}
          <button type="submit" disabled={busy}>
            {t('profile.saveDisplay')}
          </button>
        </Form>
      </section>
      {payments ? (
        <section className="card narrow" aria-labelledby="cards">
          <h2 id="cards">{t('profile.cards')}</h2>
          <p>
            <Link to="/cards" reloadDocument>
              {t('profile.cardsLink')}
            </Link>
          </p>
        </section>
      ) : null}
      <p>
        <Link to="/bookings">{t('profile.calendar')}</Link>
      </p>
    </>
  );
}
