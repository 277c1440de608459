import type { Translate } from '../lib/i18n.ts';

/** Email and password, as every sign-in form asks for them, with the refusal under them. */
export function CredentialsFields({
  email,
  error,
  t,
}: {
  email: string | undefined;
  error: string | null | undefined;
  t: Translate;
}) {
  return (
    <>
      <label htmlFor="email">{t('signIn.email')}</label>
      <input id="email" name="email" type="email" autoComplete="username" required defaultValue={email} />
      <label htmlFor="password">{t('signIn.password')}</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
