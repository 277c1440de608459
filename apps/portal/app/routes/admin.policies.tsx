import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { FormField, SelectField } from '../components/form-field.tsx';
import { FormProblemAlert } from '../components/form-problem-alert.tsx';
import { ModuleOff } from '../components/module-off.tsx';
import { Toast } from '../components/toast.tsx';
import { formProblem } from '../lib/form-problem.server.ts';
import { translator } from '../lib/i18n.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.setup.policies.title');

type Travel =
  | { mode: 'none' }
  | { mode: 'fixed'; minutes: number }
  | { mode: 'estimate'; averageKmh: number; minimumMinutes?: number };
type Policies = {
  bookingConfirmation: 'manual' | 'instant';
  cancellationTiers: { hoursBefore: number; feePercent: number }[];
  travel: Travel;
  paymentRequired: boolean;
} & Record<NumberField, number>;

/** The plain numbers, grouped as the form shows them. */
const GROUPS = {
  booking: ['minimumNoticeHours', 'bookingHorizonDays', 'confirmationTimeoutHours', 'slotStepMinutes'],
  changes: ['rescheduleLimit', 'noShowGraceMinutes'],
  limits: ['studentMaxPerDay', 'studentMaxPerWeek', 'studentMinGapMinutes'],
  payment: ['paymentTimeoutMinutes'],
} as const;
type NumberField = (typeof GROUPS)[keyof typeof GROUPS][number];
const NUMBER_FIELDS = Object.values(GROUPS).flat() as NumberField[];
const TRAVEL_FIELDS = ['minutes', 'averageKmh', 'minimumMinutes'] as const;
/** A tier's boxes and their form names (one list per column, read back in the action by index). */
const TIER_FIELDS = [
  ['hoursBefore', 'tierHoursBefore'],
  ['feePercent', 'tierFeePercent'],
] as const;

/** The form as text, so a refused value comes back exactly as typed. */
type Values = { text: Record<string, string>; tiers: { hoursBefore: string; feePercent: string }[] };

const valuesOf = (p: Policies): Values => ({
  text: {
    ...Object.fromEntries(NUMBER_FIELDS.map((f) => [f, String(p[f])])),
    bookingConfirmation: p.bookingConfirmation,
    paymentRequired: p.paymentRequired ? 'on' : '',
    'travel.mode': p.travel.mode,
    'travel.minutes': p.travel.mode === 'fixed' ? String(p.travel.minutes) : '',
    'travel.averageKmh': p.travel.mode === 'estimate' ? String(p.travel.averageKmh) : '',
    'travel.minimumMinutes':
      p.travel.mode === 'estimate' && p.travel.minimumMinutes !== undefined
        ? String(p.travel.minimumMinutes)
        : '',
  },
  tiers: p.cancellationTiers.map((tier) => ({
    hoursBefore: String(tier.hoursBefore),
    feePercent: String(tier.feePercent),
  })),
});

export async function loader(args: LoaderFunctionArgs) {
  const { school, api } = await staffPage(args);
  if (!school.modules.includes('scheduling')) return { off: true as const };
  const policies = await api.get<Policies>('/api/v1/scheduling/policies');
  return {
    off: false as const,
    values: valuesOf(policies),
    payments: school.modules.includes('payments'),
  };
}

// An empty box is sent as null: the API then names the field, as it does for any bad value.
const num = (text: string | undefined) => (text === undefined || text.trim() === '' ? null : Number(text));

function travelOf(v: Record<string, string>) {
  if (v['travel.mode'] === 'fixed') return { mode: 'fixed', minutes: num(v['travel.minutes']) };
  if (v['travel.mode'] === 'estimate')
    return {
      mode: 'estimate',
      averageKmh: num(v['travel.averageKmh']),
      ...(v['travel.minimumMinutes']?.trim() ? { minimumMinutes: num(v['travel.minimumMinutes']) } : {}),
    };
  return { mode: 'none' };
}

/** Sends the whole form as one change; the API checks every field and names the ones it refuses. */
export async function action(args: ActionFunctionArgs) {
  const { api, t } = await staffPage(args);
  const form = await args.request.formData();
  const text = (name: string) => String(form.get(name) ?? '');
  // Rows left blank or ticked for removal are dropped, so the tiers sent are the tiers shown back.
  const tiers = form
    .getAll('tierHoursBefore')
    .map((h, i) => ({
      hoursBefore: String(h),
      feePercent: String(form.getAll('tierFeePercent')[i] ?? ''),
      remove: form.getAll('tierRemove').includes(String(i)),
    }))
    .filter((r) => !r.remove && (r.hoursBefore.trim() || r.feePercent.trim()))
    .map(({ hoursBefore, feePercent }) => ({ hoursBefore, feePercent }));
  const values: Values = {
    text: {
      ...Object.fromEntries(NUMBER_FIELDS.map((f) => [f, text(f)])),
      bookingConfirmation: text('bookingConfirmation'),
      paymentRequired: text('paymentRequired'),
      'travel.mode': text('travel.mode'),
      'travel.minutes': text('travel.minutes'),
      'travel.averageKmh': text('travel.averageKmh'),
      'travel.minimumMinutes': text('travel.minimumMinutes'),
    },
    tiers,
  };
  const v = values.text;
  try {
    await api.patch('/api/v1/scheduling/policies', {
      ...Object.fromEntries(NUMBER_FIELDS.map((f) => [f, num(v[f])])),
      bookingConfirmation: v.bookingConfirmation,
      paymentRequired: v.paymentRequired === 'on',
      travel: travelOf(v),
      cancellationTiers: tiers.map((r) => ({
        hoursBefore: num(r.hoursBefore),
        feePercent: num(r.feePercent),
      })),
    });
    return { saved: true as const, values };
  } catch (error) {
    const submitted = {
      ...v,
      ...Object.fromEntries(
        tiers.flatMap((r, i) => [
          [`cancellationTiers.${i}.hoursBefore`, r.hoursBefore],
          [`cancellationTiers.${i}.feePercent`, r.feePercent],
        ]),
      ),
    };
    return { saved: false as const, problem: formProblem(error, submitted, t), values };
  }
}

export default function PoliciesPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = translator(useRoot().locale);
  const title = t('admin.setup.policies.title');
  if (data.off) return <ModuleOff title={title} reason={t('admin.setup.schedulingOff')} />;
  const { text: values, tiers } = result && !result.saved ? result.values : data.values;
  const fields = result && !result.saved ? result.problem.fields : {};
  const number = (f: NumberField) => (
    <FormField
      key={f}
      id={f}
      type="number"
      step="any"
      label={t(`admin.setup.policies.${f}`)}
      hint={t(`admin.setup.policies.${f}.hint`)}
      defaultValue={values[f]}
      error={fields[f]}
    />
  );
  const travelNumber = (f: (typeof TRAVEL_FIELDS)[number]) => (
    <FormField
      key={f}
      id={`travel-${f}`}
      name={`travel.${f}`}
      type="number"
      step="any"
      label={t(`admin.setup.policies.travel.${f}`)}
      defaultValue={values[`travel.${f}`]}
      error={fields[`travel.${f}`]}
    />
  );
  const tierRows = [...tiers, { hoursBefore: '', feePercent: '' }];
  return (
    <section className="card">
      <h1>{title}</h1>
      <p>{t('admin.setup.policies.lead')}</p>
      {result?.saved ? <Toast>{t('admin.setup.policies.saved')}</Toast> : null}
      <FormProblemAlert
        problem={result && !result.saved ? result.problem : null}
        whenFieldsMarked={t('admin.setup.policies.refused')}
      />
      <Form method="post">
        <fieldset>
          <legend>{t('admin.setup.policies.group.booking')}</legend>
          <SelectField
            id="bookingConfirmation"
            label={t('admin.setup.policies.bookingConfirmation')}
            options={[
              ['manual', t('admin.setup.policies.bookingConfirmation.manual')],
              ['instant', t('admin.setup.policies.bookingConfirmation.instant')],
            ]}
            defaultValue={values.bookingConfirmation}
            error={fields.bookingConfirmation}
          />
          {GROUPS.booking.map(number)}
        </fieldset>
        <fieldset>
          <legend>{t('admin.setup.policies.group.cancelling')}</legend>
          <p className="hint">{t('admin.setup.policies.tiers.lead')}</p>
          <div className="fields">
            {tierRows.map((row, i) => {
              const last = i === tierRows.length - 1;
              return (
                <fieldset key={i}>
                  <legend>
                    {last
                      ? t('admin.setup.policies.tiers.new')
                      : t('admin.setup.policies.tiers.row', { n: i + 1 })}
                  </legend>
                  {TIER_FIELDS.map(([f, name]) => (
                    <FormField
                      key={f}
                      id={`tier-${i}-${f}`}
                      name={name}
                      type="number"
                      step="any"
                      label={t(`admin.setup.policies.tiers.${f}`)}
                      defaultValue={row[f]}
                      error={fields[`cancellationTiers.${i}.${f}`]}
                    />
                  ))}
                  {last ? null : (
                    <label className="option">
                      <input type="checkbox" name="tierRemove" value={i} />{' '}
                      {t('admin.setup.policies.tiers.remove')}
                    </label>
                  )}
                </fieldset>
              );
            })}
          </div>
          {fields.cancellationTiers ? <p className="error">{fields.cancellationTiers}</p> : null}
          {GROUPS.changes.map(number)}
        </fieldset>
        <fieldset>
          <legend>{t('admin.setup.policies.group.limits')}</legend>
          {GROUPS.limits.map(number)}
        </fieldset>
        <fieldset>
          <legend>{t('admin.setup.policies.group.travel')}</legend>
          <SelectField
            id="travel-mode"
            name="travel.mode"
            label={t('admin.setup.policies.travel.mode')}
            options={[
              ['none', t('admin.setup.policies.travel.none')],
              ['fixed', t('admin.setup.policies.travel.fixed')],
              ['estimate', t('admin.setup.policies.travel.estimate')],
            ]}
            defaultValue={values['travel.mode']}
            error={fields['travel.mode'] ?? fields.travel}
          />
          {TRAVEL_FIELDS.map(travelNumber)}
        </fieldset>
        <fieldset>
          <legend>{t('admin.setup.policies.group.payment')}</legend>
          {data.payments ? null : <p className="hint">{t('admin.setup.policies.paymentsOff')}</p>}
          <label className="option">
            <input type="checkbox" name="paymentRequired" defaultChecked={values.paymentRequired === 'on'} />{' '}
            {t('admin.setup.policies.paymentRequired')}
          </label>
          {fields.paymentRequired ? <p className="error">{fields.paymentRequired}</p> : null}
          {GROUPS.payment.map(number)}
        </fieldset>
        <button type="submit">{t('admin.setup.policies.save')}</button>
      </Form>
    </section>
  );
}
