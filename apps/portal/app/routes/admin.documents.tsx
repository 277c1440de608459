import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { ModuleOff } from '../components/module-off.tsx';
import { Toast } from '../components/toast.tsx';
import { dateIn } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { type DocumentRecord, formatCalendarDay } from '../lib/lessons-records.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.docs.title');

type Expiring = DocumentRecord & { personName: string; daysLeft: number; expired: boolean };
const WINDOWS = [30, 60, 90, 365] as const;

/** The school's documents that have expired or expire soon (`?days=`), soonest first, to chase and check. */
export async function loader(args: LoaderFunctionArgs) {
  const { school, api } = await staffPage(args);
  if (!school.modules.includes('lessons')) return { off: true as const };
  const url = new URL(args.request.url);
  const asked = Number(url.searchParams.get('days'));
  const days = (WINDOWS as readonly number[]).includes(asked) ? asked : WINDOWS[0];
  const expiring = await api.get<{ data: Expiring[] }>(`/api/v1/documents/expiring?days=${days}`);
  return { off: false as const, days, documents: expiring.data, verified: url.searchParams.get('verified') };
}

export async function action(args: ActionFunctionArgs) {
  const { api } = await staffPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  await api.post(`/api/v1/documents/${encodeURIComponent(form.id ?? '')}/verify`);
  return redirect(
    `/admin/documents?days=${encodeURIComponent(form.days ?? '30')}&verified=${encodeURIComponent(form.name ?? '')}`,
  );
}

export default function ExpiringDocuments() {
  const data = useLoaderData<typeof loader>();
  const { locale, zone } = useRoot();
  const t = translator(locale);
  const title = t('admin.docs.title');
  if (data.off) return <ModuleOff title={title} reason={t('admin.lessonsOff')} />;
  const { days, documents, verified } = data;
  const nameOf = (d: Expiring) => `${d.title || t(`docs.category.${d.category}`)} (${d.personName})`;
  const stateOf = (d: Expiring) =>
    d.expired
      ? t('admin.docs.expiredAgo', { days: -d.daysLeft })
      : d.daysLeft === 0
        ? t('admin.docs.expiresToday')
        : t('admin.docs.daysLeft', { days: d.daysLeft });
  return (
    <>
      <h1>{title}</h1>
      <p>{t('admin.docs.lead', { days })}</p>
      {verified ? <Toast>{t('admin.docs.verifiedNow', { name: verified })}</Toast> : null}
      <Form method="get" className="actions wrap centred">
        <label htmlFor="days">{t('admin.docs.window')}</label>
        <select id="days" name="days" defaultValue={String(days)}>
          {WINDOWS.map((w) => (
            <option key={w} value={w}>
              {t('admin.docs.days', { days: w })}
            </option>
          ))}
        </select>
        <button type="submit">{t('admin.docs.show')}</button>
      </Form>
      {documents.length === 0 ? (
        <p className="card">{t('admin.docs.none', { days })}</p>
      ) : (
        <table className="table card">
          <caption>{t('admin.docs.lead', { days })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.docs.person')}</th>
              <th scope="col">{t('admin.docs.document')}</th>
              <th scope="col">{t('admin.docs.expiry')}</th>
              <th scope="col">{t('admin.docs.state')}</th>
              <th scope="col">{t('admin.docs.check')}</th>
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => (
              <tr key={d.id} data-testid="expiring-document" data-document={d.id}>
                <td>{d.personName}</td>
                <td>
                  {d.title || t(`docs.category.${d.category}`)}
                  {d.reference ? ` · ${d.reference}` : null}
                </td>
                <td>{d.expiresOn ? formatCalendarDay(d.expiresOn, locale) : null}</td>
                <td className={d.expired ? 'error' : 'warning'}>{stateOf(d)}</td>
                <td>
                  {d.verifiedAt ? (
                    t('admin.docs.verifiedOn', {
                      date: formatCalendarDay(dateIn(new Date(d.verifiedAt), zone), locale),
                    })
                  ) : (
                    <Form method="post" className="inline">
                      <input type="hidden" name="id" value={d.id} />
                      <input type="hidden" name="days" value={days} />
                      <input type="hidden" name="name" value={nameOf(d)} />
                      <button type="submit" aria-label={t('admin.docs.verifyLabel', { name: nameOf(d) })}>
                        {t('admin.docs.verify')}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
