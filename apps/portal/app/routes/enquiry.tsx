import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { ApiProblem, apiClient } from '../lib/api.server.ts';
import { translator } from '../lib/i18n.ts';
import { schoolPage } from '../lib/page.server.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Enquiry' }];

/** The school's public enquiry form: anyone, no sign-in; embeddable (a link or an iframe to /enquiry). */
export async function loader(args: LoaderFunctionArgs) {
  const { school, t } = await schoolPage(args);
  if (!school.modules.includes('crm')) throw new Response('Not found', { status: 404 });
  return { title: t('enquiry.title', { school: school.name }) };
}

const FIELDS = [
  'name',
  'email',
  'phone',
  'postcode',
  'transmission',
  'availability',
  'preferredStart',
  'message',
] as const;

export async function action(args: ActionFunctionArgs) {
  const { slug, t } = await schoolPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  const body: Record<string, unknown> = { consent: form.consent === 'yes' };
  for (const f of FIELDS) if (form[f]?.trim()) body[f] = form[f].trim();
  if (form.website) body.website = form.website;
  try {
    await apiClient(args.context.config, slug).post('/api/v1/enquiries', body);
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 429)
      return { form, detail: t('enquiry.tooMany'), fields: {} };
    if (error instanceof ApiProblem && error.status < 500)
      return {
        form,
        detail: error.detail,
        fields: Object.fromEntries(error.errors.map((e) => [e.path.replace(/^body\./, ''), e.message])),
      };
    throw error;
  }
  return redirect('/enquiry?sent=1');
}

export default function EnquiryForm() {
  const { title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = translator(useRoot().locale);
  const fields: Record<string, string> = result?.fields ?? {};
  const old = (name: string) => result?.form?.[name] ?? undefined;
  const described = (name: string) =>
    fields[name] ? { 'aria-invalid': true as const, 'aria-describedby': `${name}-error` } : {};
  const problem = (name: string) =>
    fields[name] ? (
      <p id={`${name}-error`} className="error">
        {fields[name]}
      </p>
    ) : null;
  if (params.get('sent'))
    return (
      <section className="card narrow">
        <h1>{title}</h1>
        <p role="status">{t('enquiry.sent')}</p>
      </section>
    );
  return (
    <section className="card narrow">
      <h1>{title}</h1>
      <p>{t('enquiry.lead')}</p>
      {result?.detail ? (
        <p role="alert" className="error">
          {result.detail}
        </p>
      ) : null}
      <Form method="post" className="fields">
        <label htmlFor="name">{t('enquiry.name')}</label>
        <input
          id="name"
          name="name"
          required
          autoComplete="name"
          defaultValue={old('name')}
          {...described('name')}
        />
        {problem('name')}
        <p className="hint" id="contact-hint">
          {t('enquiry.contactHint')}
        </p>
        <label htmlFor="email">{t('enquiry.email')}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={old('email')}
          aria-describedby={fields.email ? 'email-error' : 'contact-hint'}
          aria-invalid={fields.email ? true : undefined}
        />
        {problem('email')}
        <label htmlFor="phone">{t('enquiry.phone')}</label>
        <input
          id="phone"
          name="phone"
          type="tel"
          autoComplete="tel"
          defaultValue={old('phone')}
          {...described('phone')}
        />
        {problem('phone')}
        <label htmlFor="postcode">{t('enquiry.postcode')}</label>
        <input
          id="postcode"
          name="postcode"
          required
          autoComplete="postal-code"
          defaultValue={old('postcode')}
          {...described('postcode')}
        />
        {problem('postcode')}
        <fieldset>
          <legend>{t('enquiry.gearbox')}</legend>
          <label>
            <input
              type="radio"
              name="transmission"
              value="manual"
              required
              defaultChecked={old('transmission') !== 'automatic'}
            />{' '}
            {t('enquiry.manual')}
          </label>
          <label>
            <input
              type="radio"
              name="transmission"
              value="automatic"
              defaultChecked={old('transmission') === 'automatic'}
            />{' '}
            {t('enquiry.automatic')}
          </label>
        </fieldset>
        <label htmlFor="availability">{t('enquiry.availability')}</label>
        <input id="availability" name="availability" maxLength={500} defaultValue={old('availability')} />
        <label htmlFor="preferredStart">{t('enquiry.preferredStart')}</label>
        <input
          id="preferredStart"
          name="preferredStart"
          type="date"
          defaultValue={old('preferredStart')}
          {...described('preferredStart')}
        />
        {problem('preferredStart')}
        <label htmlFor="message">{t('enquiry.message')}</label>
        <textarea id="message" name="message" maxLength={2000} rows={3} defaultValue={old('message')} />
        {/* The honeypot: hidden from people (and screen readers), filled by bots. */}
        <div className="crm-honeypot" aria-hidden="true">
          <label htmlFor="website">{t('enquiry.website')}</label>
          <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
        </div>
        <label className="crm-consent">
          <input type="checkbox" name="consent" value="yes" required {...described('consent')} />{' '}
          {t('enquiry.consent')}
        </label>
        {problem('consent')}
        <button type="submit">{t('enquiry.send')}</button>
      </Form>
    </section>
  );
}
