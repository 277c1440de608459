import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { AddOrEditForm } from '../components/add-or-edit-form.tsx';
import { FormField } from '../components/form-field.tsx';
import { ModuleOff } from '../components/module-off.tsx';
import { RowButton } from '../components/row-actions.tsx';
import { Toast } from '../components/toast.tsx';
import { type FormProblem, formProblem } from '../lib/form-problem.server.ts';
import { formatMoney, parseMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.setup.packages.title');

type LessonPackage = {
  id: string;
  name: string;
  description: string | null;
  priceMinor: number;
  creditMinor: number;
  currency: string;
  validityDays: number | null;
  active: boolean;
};
type Values = Record<'name' | 'description' | 'price' | 'credit' | 'validityDays', string>;

/** Packages on sale and retired; without the payments module there is nothing to sell (said so, not a 500). */
export async function loader(args: LoaderFunctionArgs) {
  const { school, api } = await staffPage(args);
  if (!school.modules.includes('payments')) return { off: true as const };
  const url = new URL(args.request.url);
  return {
    off: false as const,
    packages: (await api.get<{ data: LessonPackage[] }>('/api/v1/packages')).data,
    done: url.searchParams.get('done'),
    name: url.searchParams.get('name'),
  };
}

/** Creates a package (money typed in major units), or retires / puts back one on sale. */
export async function action(args: ActionFunctionArgs) {
  const { school, api, t } = await staffPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  const values: Values = {
    name: form.name ?? '',
    description: form.description ?? '',
    price: form.price ?? '',
    credit: form.credit ?? '',
    validityDays: form.validityDays ?? '',
  };
  try {
    if (form.intent === 'retire' || form.intent === 'restore') {
      const changed = await api.patch<LessonPackage>(`/api/v1/packages/${form.id}`, {
        active: form.intent === 'restore',
      });
      return redirect(`/admin/packages?done=${form.intent}&name=${encodeURIComponent(changed.name)}`);
    }
    // Amounts that are not money are refused here, beside their box, before the API is asked.
    const local: Record<string, string> = {};
    const priceMinor = parseMoney(values.price, school.currency);
    const creditMinor = parseMoney(values.credit, school.currency);
    if (priceMinor === null) local.priceMinor = t('admin.setup.packages.moneyError');
    if (creditMinor === null) local.creditMinor = t('admin.setup.packages.moneyError');
    if (Object.keys(local).length)
      return { problem: { detail: '', fields: local } satisfies FormProblem, values };
    const created = await api.post<LessonPackage>('/api/v1/packages', {
      name: values.name,
      ...(values.description.trim() ? { description: values.description } : {}),
      priceMinor,
      creditMinor,
      validityDays: values.validityDays.trim() ? Number(values.validityDays) : null,
    });
    return redirect(`/admin/packages?done=created&name=${encodeURIComponent(created.name)}`);
  } catch (error) {
    return { problem: formProblem(error, values, t), values };
  }
}

export default function Packages() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { school, locale } = useRoot();
  const t = translator(locale);
  const title = t('admin.setup.packages.title');
  if (data.off) return <ModuleOff title={title} reason={t('admin.setup.packages.off')} />;
  const money = (minor: number) => formatMoney(minor, school!.currency, locale);
  const values = result?.values ?? { name: '', description: '', price: '', credit: '', validityDays: '' };
  const fields = result?.problem.fields ?? {};
  const doneText =
    data.done === 'created'
      ? t('admin.setup.packages.created', { name: data.name ?? '' })
      : data.done === 'retire'
        ? t('admin.setup.packages.retired', { name: data.name ?? '' })
        : data.done === 'restore'
          ? t('admin.setup.packages.restored', { name: data.name ?? '' })
          : null;
  return (
    <>
      <h1>{title}</h1>
      {doneText ? <Toast>{doneText}</Toast> : null}
      {data.packages.length === 0 ? (
        <p>{t('admin.setup.packages.none')}</p>
      ) : (
        <table className="table card">
          <caption>{t('admin.setup.packages.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.setup.packages.name')}</th>
              <th scope="col">{t('admin.setup.packages.price')}</th>
              <th scope="col">{t('admin.setup.packages.credit')}</th>
              <th scope="col">{t('admin.setup.packages.validity')}</th>
              <th scope="col">{t('admin.setup.status')}</th>
              <th scope="col">{t('admin.setup.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.packages.map((p) => (
              <tr key={p.id} data-testid={`package-${p.name}`}>
                <th scope="row">
                  {p.name}
                  {p.description ? <div className="hint">{p.description}</div> : null}
                </th>
                <td>{money(p.priceMinor)}</td>
                <td>{money(p.creditMinor)}</td>
                <td>
                  {p.validityDays
                    ? t('admin.setup.packages.days', { days: p.validityDays })
                    : t('admin.setup.packages.noExpiry')}
                </td>
                <td>
                  {p.active ? t('admin.setup.packages.onSale') : t('admin.setup.packages.retiredState')}
                </td>
                <td>
                  <RowButton
                    fields={{ id: p.id, intent: p.active ? 'retire' : 'restore' }}
                    label={p.active ? t('admin.setup.packages.retire') : t('admin.setup.packages.restore')}
                    namedLabel={t(
                      p.active ? 'admin.setup.packages.retireNamed' : 'admin.setup.packages.restoreNamed',
                      { name: p.name },
                    )}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddOrEditForm
        heading={t('admin.setup.packages.add')}
        formKey={data.name ?? 'new'}
        editing={null}
        problem={result?.problem}
        addLabel={t('admin.setup.packages.addButton')}
      >
        <FormField
          id="name"
          label={t('admin.setup.packages.name')}
          defaultValue={values.name}
          error={fields.name}
        />
        <FormField
          id="description"
          label={t('admin.setup.packages.description')}
          defaultValue={values.description}
          error={fields.description}
        />
        <FormField
          id="price"
          label={t('admin.setup.packages.priceLabel', { currency: school!.currency })}
          inputMode="decimal"
          defaultValue={values.price}
          error={fields.priceMinor}
        />
        <FormField
          id="credit"
          label={t('admin.setup.packages.creditLabel', { currency: school!.currency })}
          hint={t('admin.setup.packages.creditHint')}
          inputMode="decimal"
          defaultValue={values.credit}
          error={fields.creditMinor}
        />
        <FormField
          id="validityDays"
          type="number"
          label={t('admin.setup.packages.validityLabel')}
          hint={t('admin.setup.packages.validityHint')}
          defaultValue={values.validityDays}
          error={fields.validityDays}
        />
      </AddOrEditForm>
    </>
  );
}
