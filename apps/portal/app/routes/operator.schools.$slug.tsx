import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { ApiProblem } from '../lib/api.server.ts';
import { formatMoney } from '../lib/format.ts';
import { isMessageKey, type Translate, translator } from '../lib/i18n.ts';
import { operatorPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { forgetSchool } from '../lib/school.server.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('operator.schools.title');

const MODULES = ['scheduling', 'lessons', 'payments', 'messaging', 'crm', 'analytics'] as const;
const USAGE_DAYS = 30;
type Tenant = { slug: string; name: string; status: 'active' | 'suspended'; modules: string[] };
type Usage = {
  currency: string;
  people: { students: number; instructors: number; staff: number };
  activeUsers: number;
  figures: { module: string; key: string; value: number; unit: 'count' | 'minor' }[];
};

export async function loader(args: LoaderFunctionArgs) {
  const { api } = await operatorPage(args);
  const slug = args.params.slug!;
  const [page, usage] = await Promise.all([
    api.get<{ data: Tenant[] }>(`/api/v1/platform/tenants?limit=100&q=${encodeURIComponent(slug)}`),
    api.get<Usage>(`/api/v1/platform/tenants/${encodeURIComponent(slug)}/usage?days=${USAGE_DAYS}`),
  ]);
  const school = page.data.find((t) => t.slug === slug);
  if (!school) throw new Response('Not found', { status: 404 });
  return { school, usage };
}

/**
 * Turns one module on or off (the API refuses a change that would strand a dependency: shown here),
 * or suspends / resumes the school (suspending needs the box ticked: it locks everyone out at once).
 */
export async function action(args: ActionFunctionArgs) {
  const { api } = await operatorPage(args);
  const slug = args.params.slug!;
  const form = await args.request.formData();
  try {
    if (form.has('status')) {
      const status = String(form.get('status'));
      if (status === 'suspended' && form.get('confirm') !== 'yes')
        return { error: translator('en-GB')('operator.school.confirmNeeded') };
      await api.put(`/api/v1/platform/tenants/${slug}/status`, { status });
      forgetSchool(slug);
      return { error: null };
    }
    await api.put(`/api/v1/platform/tenants/${slug}/modules/${String(form.get('module'))}`, {
      enabled: form.get('enabled') === 'true',
    });
    return { error: null };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) return { error: error.detail };
    throw error;
  }
}

/** A module's figure by its name in the catalog; a figure newer than the portal shows its key. */
function figureLabel(t: Translate, key: string): string {
  const messageKey = `operator.usage.${key}`;
  return isMessageKey(messageKey) ? t(messageKey) : key;
}

function UsageFigures({ usage, days }: { usage: Usage; days: number }) {
  const { locale } = useRoot();
  const t = translator(locale);
  const rows: [label: string, value: string][] = [
    [t('operator.usage.students'), String(usage.people.students)],
    [t('operator.usage.instructors'), String(usage.people.instructors)],
    [t('operator.usage.staff'), String(usage.people.staff)],
    [t('operator.usage.activeUsers'), String(usage.activeUsers)],
    ...usage.figures.map((f): [string, string] => [
      figureLabel(t, f.key),
      f.unit === 'minor' ? formatMoney(f.value, usage.currency, locale) : String(f.value),
    ]),
  ];
  return (
    <section className="card" aria-labelledby="usage-h">
      <h2 id="usage-h">{t('operator.usage.title', { days })}</h2>
      <dl className="figures">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className="figure">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export default function OperatorSchool() {
  const { school, usage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = translator(useRoot().locale);
  const suspended = school.status === 'suspended';
  return (
    <>
      <h1>{school.name}</h1>
      {result?.error ? (
        <p className="error" role="alert">
          {result.error}
        </p>
      ) : null}
      <section className="card" aria-labelledby="status-h">
        <h2 id="status-h">
          {t('operator.school.statusTitle')}:{' '}
          {t(suspended ? 'operator.status.suspended' : 'operator.status.active')}
        </h2>
        <p>{t(suspended ? 'operator.school.isSuspended' : 'operator.school.isActive')}</p>
        <Form method="post">
          <input type="hidden" name="status" value={suspended ? 'active' : 'suspended'} />
          {suspended ? null : (
            <label className="option">
              <input type="checkbox" name="confirm" value="yes" />
              {t('operator.school.suspendConfirm')}
            </label>
          )}
          <button type="submit" className={suspended ? undefined : 'danger'}>
            {t(suspended ? 'operator.school.resume' : 'operator.school.suspend')}
          </button>
        </Form>
      </section>
      <UsageFigures usage={usage} days={USAGE_DAYS} />
      <section className="card" aria-labelledby="modules-h">
        <h2 id="modules-h">{t('operator.school.modules')}</h2>
        <ul className="lessons">
          {MODULES.map((m) => {
            const on = school.modules.includes(m);
            return (
              <li key={m} className="card" data-testid={`module-${m}`}>
                <Form method="post" className="actions">
                  <strong>{m}</strong> · {t(on ? 'operator.school.on' : 'operator.school.off')}
                  <input type="hidden" name="module" value={m} />
                  <input type="hidden" name="enabled" value={on ? 'false' : 'true'} />
                  <button type="submit" className={on ? 'secondary' : undefined}>
                    {t(on ? 'operator.school.turnOff' : 'operator.school.turnOn', { module: m })}
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
