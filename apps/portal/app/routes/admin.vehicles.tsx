import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { AddOrEditForm } from '../components/add-or-edit-form.tsx';
import { FormField, SelectField } from '../components/form-field.tsx';
import { ModuleOff } from '../components/module-off.tsx';
import { EditLink } from '../components/row-actions.tsx';
import { Toast } from '../components/toast.tsx';
import { formProblem } from '../lib/form-problem.server.ts';
import { dateIn } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { vehicleWarnings } from '../lib/vehicle-status.ts';
import { vehicleWarningText } from '../lib/vehicle-warning-text.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.setup.vehicles.title');

const TRANSMISSIONS = ['manual', 'automatic'] as const;
const STATUSES = ['active', 'maintenance', 'retired'] as const;
type Vehicle = {
  id: string;
  registration: string;
  makeModel: string;
  transmission: (typeof TRANSMISSIONS)[number];
  dualControls: boolean;
  motExpiresOn: string | null;
  insuranceExpiresOn: string | null;
  status: (typeof STATUSES)[number];
};
type Values = Record<
  'registration' | 'makeModel' | 'transmission' | 'motExpiresOn' | 'insuranceExpiresOn' | 'status',
  string
> & { dualControls: boolean };

/** The school's cars with what needs renewing; `?edit=<id>` opens one in the form. */
export async function loader(args: LoaderFunctionArgs) {
  const { school, api } = await staffPage(args);
  if (!school.modules.includes('scheduling')) return { off: true as const };
  const url = new URL(args.request.url);
  const vehicles = (await api.get<{ data: Vehicle[] }>('/api/v1/vehicles')).data;
  return {
    off: false as const,
    vehicles,
    // "Expires in N days" counts the school's calendar days, not the server's.
    today: dateIn(new Date(), school.timezone),
    editing: vehicles.find((v) => v.id === url.searchParams.get('edit')) ?? null,
    saved: url.searchParams.get('saved'),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { api, t } = await staffPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  const values: Values = {
    registration: form.registration ?? '',
    makeModel: form.makeModel ?? '',
    transmission: form.transmission ?? 'manual',
    dualControls: form.dualControls === 'on',
    motExpiresOn: form.motExpiresOn ?? '',
    insuranceExpiresOn: form.insuranceExpiresOn ?? '',
    status: form.status ?? 'active',
  };
  try {
    const body = {
      ...values,
      motExpiresOn: values.motExpiresOn || null,
      insuranceExpiresOn: values.insuranceExpiresOn || null,
    };
    const saved = form.id
      ? await api.put<Vehicle>(`/api/v1/vehicles/${form.id}`, body)
      : await api.post<Vehicle>('/api/v1/vehicles', body);
    return redirect(`/admin/vehicles?saved=${encodeURIComponent(saved.registration)}`);
  } catch (error) {
    return { problem: formProblem(error, values, t), values };
  }
}

export default function Vehicles() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale } = useRoot();
  const t = translator(locale);
  const title = t('admin.setup.vehicles.title');
  if (data.off) return <ModuleOff title={title} reason={t('admin.setup.schedulingOff')} />;
  const { vehicles, editing, saved, today } = data;
  const values: Values = result?.values ?? {
    registration: editing?.registration ?? '',
    makeModel: editing?.makeModel ?? '',
    transmission: editing?.transmission ?? 'manual',
    dualControls: editing?.dualControls ?? true,
    motExpiresOn: editing?.motExpiresOn ?? '',
    insuranceExpiresOn: editing?.insuranceExpiresOn ?? '',
    status: editing?.status ?? 'active',
  };
  const fields = result?.problem.fields ?? {};
  const day = (date: string | null) =>
    date
      ? new Intl.DateTimeFormat(locale, {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        }).format(new Date(`${date}T12:00:00Z`))
      : t('admin.setup.vehicles.notRecorded');
  return (
    <>
      <h1>{title}</h1>
      {saved ? <Toast>{t('admin.setup.saved', { name: saved })}</Toast> : null}
      {vehicles.length === 0 ? <p>{t('admin.setup.vehicles.none')}</p> : null}
      <ul className="lessons">
        {vehicles.map((v) => {
          const warnings = v.status === 'retired' ? [] : vehicleWarnings(v, today);
          return (
            <li key={v.id} className="card" data-testid={`vehicle-${v.registration}`}>
              <h2>
                {v.registration} · {v.makeModel}
              </h2>
              <p>
                {t(`admin.setup.vehicles.transmission.${v.transmission}`)} ·{' '}
                {v.dualControls ? t('admin.setup.vehicles.dual') : t('admin.setup.vehicles.noDual')} ·{' '}
                {t(`admin.setup.vehicles.status.${v.status}`)}
              </p>
              <p>
                {t('admin.setup.vehicles.mot')}: {day(v.motExpiresOn)} · {t('admin.setup.vehicles.insurance')}
                : {day(v.insuranceExpiresOn)}
              </p>
              {warnings.length ? (
                <ul className="warnings">
                  {warnings.map((w) => (
                    <li key={w.kind} className={w.state === 'expired' ? 'error' : 'warning'}>
                      {vehicleWarningText(w, t)}
                    </li>
                  ))}
                </ul>
              ) : null}
              <EditLink id={v.id} name={v.registration} />
            </li>
          );
        })}
      </ul>
      <AddOrEditForm
        heading={
          editing
            ? t('admin.setup.vehicles.change', { name: editing.registration })
            : t('admin.setup.vehicles.add')
        }
        formKey={editing?.id ?? `new-${saved ?? ''}`}
        editing={editing}
        problem={result?.problem}
        addLabel={t('admin.setup.vehicles.addButton')}
        cancelTo="/admin/vehicles"
      >
        <FormField
          id="registration"
          label={t('admin.setup.vehicles.registration')}
          defaultValue={values.registration}
          error={fields.registration}
          autoCapitalize="characters"
        />
        <FormField
          id="makeModel"
          label={t('admin.setup.vehicles.makeModel')}
          defaultValue={values.makeModel}
          error={fields.makeModel}
        />
        <SelectField
          id="transmission"
          label={t('admin.setup.vehicles.transmission')}
          options={TRANSMISSIONS.map((k) => [k, t(`admin.setup.vehicles.transmission.${k}`)] as const)}
          defaultValue={values.transmission}
          error={fields.transmission}
        />
        <label className="option">
          <input type="checkbox" name="dualControls" defaultChecked={values.dualControls} />{' '}
          {t('admin.setup.vehicles.dualLabel')}
        </label>
        <FormField
          id="motExpiresOn"
          type="date"
          label={t('admin.setup.vehicles.motExpires')}
          defaultValue={values.motExpiresOn}
          error={fields.motExpiresOn}
        />
        <FormField
          id="insuranceExpiresOn"
          type="date"
          label={t('admin.setup.vehicles.insuranceExpires')}
          defaultValue={values.insuranceExpiresOn}
          error={fields.insuranceExpiresOn}
        />
        <SelectField
          id="status"
          label={t('admin.setup.vehicles.statusLabel')}
          options={STATUSES.map((k) => [k, t(`admin.setup.vehicles.status.${k}`)] as const)}
          defaultValue={values.status}
          error={fields.status}
        />
      </AddOrEditForm>
    </>
  );
}
