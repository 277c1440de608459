import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { dateIn } from '../lib/format.ts';
import { type Translate, translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { type VehicleWarning, vehicleWarnings } from '../lib/vehicle-status.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('nav.vehicles');

type Vehicle = {
  id: string;
  registration: string;
  makeModel: string;
  transmission: 'manual' | 'automatic';
  dualControls: boolean;
  motExpiresOn: string | null;
  insuranceExpiresOn: string | null;
  status: 'active' | 'maintenance' | 'retired';
};

/**
 * The school's cars in use, with what needs doing first. The schema does not assign cars to
 * instructors, so there is no "my car": the cars needing attention come first instead.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { school, api } = await signedInPage(args);
  const today = dateIn(new Date(), school.timezone);
  const vehicles = (await api.get<{ data: Vehicle[] }>('/api/v1/vehicles')).data
    .filter((v) => v.status !== 'retired')
    .map((v) => ({ ...v, warnings: vehicleWarnings(v, today) }));
  vehicles.sort(
    (a, b) => b.warnings.length - a.warnings.length || a.registration.localeCompare(b.registration),
  );
  return { vehicles };
}

/** A date as a calendar day with its year (dates have no zone: read them as written). */
const day = (date: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );

function DocumentStatus(props: {
  date: string | null;
  warning: VehicleWarning | undefined;
  t: Translate;
  locale: string;
}) {
  const { date, warning, t, locale } = props;
  if (!date) return <>{t('myVehicles.notRecorded')}</>;
  const when = day(date, locale);
  if (!warning) return <>{t('myVehicles.validUntil', { date: when })}</>;
  if (warning.state === 'expired')
    return <strong className="error">{t('myVehicles.expired', { date: when })}</strong>;
  const text =
    warning.days === 0
      ? t('myVehicles.expiresToday')
      : warning.days === 1
        ? t('myVehicles.expiresInOne', { date: when })
        : t('myVehicles.expiresIn', { days: warning.days, date: when });
  return <strong className="warning">{text}</strong>;
}

export default function Vehicles() {
  const { vehicles } = useLoaderData<typeof loader>();
  const { locale } = useRoot();
  const t = translator(locale);
  return (
    <>
      <h1>{t('myVehicles.title')}</h1>
      {vehicles.length === 0 ? <p className="card">{t('myVehicles.empty')}</p> : null}
      <ul className="lessons">
        {vehicles.map((v) => (
          <li key={v.id} className="card" data-testid="vehicle" data-registration={v.registration}>
            <h2>
              {v.registration} · {v.makeModel}
            </h2>
            {v.status === 'maintenance' ? (
              <p className="warning">{t('myVehicles.status.maintenance')}</p>
            ) : null}
            <dl className="facts">
              <dt>{t('myVehicles.transmission')}</dt>
              <dd>{v.transmission === 'manual' ? t('myVehicles.manual') : t('myVehicles.automatic')}</dd>
              <dt>{t('myVehicles.dualControls')}</dt>
              <dd>{v.dualControls ? t('myVehicles.yes') : t('myVehicles.no')}</dd>
              <dt>{t('myVehicles.mot')}</dt>
              <dd data-testid="mot">
                <DocumentStatus
                  date={v.motExpiresOn}
                  warning={v.warnings.find((w) => w.kind === 'mot')}
                  t={t}
                  locale={locale}
                />
              </dd>
              <dt>{t('myVehicles.insurance')}</dt>
              <dd data-testid="insurance">
                <DocumentStatus
                  date={v.insuranceExpiresOn}
                  warning={v.warnings.find((w) => w.kind === 'insurance')}
                  t={t}
                  locale={locale}
                />
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
