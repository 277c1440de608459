import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { AddOrEditForm } from '../components/add-or-edit-form.tsx';
import { FormField, SelectField } from '../components/form-field.tsx';
import { ModuleOff } from '../components/module-off.tsx';
import { EditLink, RowButton } from '../components/row-actions.tsx';
import { Toast } from '../components/toast.tsx';
import { formProblem } from '../lib/form-problem.server.ts';
import { translator } from '../lib/i18n.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import type { Place } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.setup.locations.title');

type Location = Place & { kind: Kind; lat: number | null; lng: number | null; active: boolean };
const KINDS = ['pickup', 'office', 'test_centre'] as const;
type Kind = (typeof KINDS)[number];
type Values = Record<'kind' | 'name' | 'address' | 'lat' | 'lng', string>;

/** Pickup points, the office and test centres; `?edit=<id>` opens one in the form. */
export async function loader(args: LoaderFunctionArgs) {
  const { school, api } = await staffPage(args);
  if (!school.modules.includes('scheduling')) return { off: true as const };
  const url = new URL(args.request.url);
  const locations = (await api.get<{ data: Location[] }>('/api/v1/locations')).data;
  return {
    off: false as const,
    locations,
    editing: locations.find((l) => l.id === url.searchParams.get('edit')) ?? null,
    saved: url.searchParams.get('saved'),
  };
}

const coordinate = (text: string) => (text.trim() === '' ? null : Number(text));

/** Adds or changes a place (the API checks it); a row's button turns it off or on again. */
export async function action(args: ActionFunctionArgs) {
  const { api, t } = await staffPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  const id = form.id || null;
  try {
    if (form.intent === 'toggle') {
      const all = (await api.get<{ data: Location[] }>('/api/v1/locations')).data;
      const row = all.find((l) => l.id === id);
      if (!row) throw new Response('Not found', { status: 404 });
      const { id: _id, ...rest } = row;
      await api.put(`/api/v1/locations/${row.id}`, { ...rest, active: !row.active });
      return redirect(`/admin/locations?saved=${encodeURIComponent(row.name)}`);
    }
    const body = {
      kind: form.kind,
      name: form.name,
      address: form.address,
      lat: coordinate(form.lat ?? ''),
      lng: coordinate(form.lng ?? ''),
      active: form.active !== 'false',
    };
    const saved = id
      ? await api.put<Location>(`/api/v1/locations/${id}`, body)
      : await api.post<Location>('/api/v1/locations', body);
    return redirect(`/admin/locations?saved=${encodeURIComponent(saved.name)}`);
  } catch (error) {
    const values: Values = {
      kind: form.kind ?? 'pickup',
      name: form.name ?? '',
      address: form.address ?? '',
      lat: form.lat ?? '',
      lng: form.lng ?? '',
    };
    return { problem: formProblem(error, values, t), values };
  }
}

export default function Locations() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = translator(useRoot().locale);
  const title = t('admin.setup.locations.title');
  if (data.off) return <ModuleOff title={title} reason={t('admin.setup.schedulingOff')} />;
  const { locations, editing, saved } = data;
  const kindName = (k: string) => t(`admin.setup.locations.kind.${k as Kind}`);
  const values: Values = result?.values ?? {
    kind: editing?.kind ?? 'pickup',
    name: editing?.name ?? '',
    address: editing?.address ?? '',
    lat: editing?.lat?.toString() ?? '',
    lng: editing?.lng?.toString() ?? '',
  };
  const fields = result?.problem.fields ?? {};
  return (
    <>
      <h1>{title}</h1>
      {saved ? <Toast>{t('admin.setup.saved', { name: saved })}</Toast> : null}
      {locations.length === 0 ? (
        <p>{t('admin.setup.locations.none')}</p>
      ) : (
        <table className="table card">
          <caption>{t('admin.setup.locations.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.setup.locations.name')}</th>
              <th scope="col">{t('admin.setup.locations.kind')}</th>
              <th scope="col">{t('admin.setup.locations.address')}</th>
              <th scope="col">{t('admin.setup.status')}</th>
              <th scope="col">{t('admin.setup.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {locations.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.name}</th>
                <td>{kindName(l.kind)}</td>
                <td>{l.address}</td>
                <td>{l.active ? t('admin.setup.inUse') : t('admin.setup.notInUse')}</td>
                <td>
                  <div className="actions">
                    <EditLink id={l.id} name={l.name} />
                    <RowButton
                      fields={{ intent: 'toggle', id: l.id }}
                      label={l.active ? t('admin.setup.deactivate') : t('admin.setup.reactivate')}
                      namedLabel={t(
                        l.active ? 'admin.setup.deactivateNamed' : 'admin.setup.reactivateNamed',
                        { name: l.name },
                      )}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddOrEditForm
        heading={
          editing ? t('admin.setup.locations.change', { name: editing.name }) : t('admin.setup.locations.add')
        }
        formKey={editing?.id ?? `new-${saved ?? ''}`}
        editing={editing}
        problem={result?.problem}
        addLabel={t('admin.setup.locations.addButton')}
        cancelTo="/admin/locations"
      >
        {editing ? <input type="hidden" name="active" value={String(editing.active)} /> : null}
        <SelectField
          id="kind"
          label={t('admin.setup.locations.kind')}
          options={KINDS.map((k) => [k, kindName(k)] as const)}
          defaultValue={values.kind}
          error={fields.kind}
        />
        <FormField
          id="name"
          label={t('admin.setup.locations.name')}
          defaultValue={values.name}
          error={fields.name}
        />
        <FormField
          id="address"
          label={t('admin.setup.locations.address')}
          defaultValue={values.address}
          error={fields.address}
          autoComplete="street-address"
        />
        <FormField
          id="lat"
          label={t('admin.setup.locations.lat')}
          hint={t('admin.setup.locations.coordsHint')}
          inputMode="decimal"
          defaultValue={values.lat}
          error={fields.lat}
        />
        <FormField
          id="lng"
          label={t('admin.setup.locations.lng')}
          inputMode="decimal"
          defaultValue={values.lng}
          error={fields.lng}
        />
      </AddOrEditForm>
    </>
  );
}
