import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { FinancesErrorBoundary, FinancesNav } from '../components/finances-nav.tsx';
import { financesPage } from '../lib/finances.server.ts';
import { formatDateTime, formatMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { titleFor } from '../lib/page-title.ts';
import type { Invoice, Page } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.fin.invoices');
export const ErrorBoundary = FinancesErrorBoundary;

type SchoolInvoice = Invoice & { buyer: { name: string; email: string } };

/** Every invoice and credit note of the school, newest first; the PDFs come through /invoices/:id/pdf. */
export async function loader(args: LoaderFunctionArgs) {
  const { api } = await financesPage(args);
  return { invoices: (await api.get<Page<SchoolInvoice>>('/api/v1/invoices?limit=100')).data };
}

export default function SchoolInvoices() {
  const { invoices } = useLoaderData<typeof loader>();
  const { school, locale } = useRoot();
  const t = translator(locale);
  return (
    <>
      <h1>{t('admin.fin.invoices')}</h1>
      <FinancesNav />
      {invoices.length === 0 ? (
        <p>{t('admin.fin.noInvoices')}</p>
      ) : (
        <table className="table">
          <caption>{t('admin.fin.invoicesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.fin.number')}</th>
              <th scope="col">{t('admin.fin.issued')}</th>
              <th scope="col">{t('admin.fin.student')}</th>
              <th scope="col">{t('admin.fin.total')}</th>
              <th scope="col">{t('admin.fin.pdf')}</th>
            </tr>
          </thead>
          <tbody>
            {invoices.map((i) => (
              <tr key={i.id} data-testid="invoice">
                <th scope="row">
                  {i.displayNumber}
                  {i.kind === 'credit_note' ? ` (${t('admin.fin.creditNote')})` : ''}
                </th>
                <td>{formatDateTime(i.issuedAt, locale, school!.timezone)}</td>
                <td>{i.buyer.name}</td>
                <td>{formatMoney(i.totalMinor, i.currency, locale)}</td>
                <td>
                  {/* A plain link (no client routing): the browser downloads the file. */}
                  <a href={`/invoices/${i.id}/pdf`} download>
                    {t('admin.fin.download', { number: i.displayNumber })}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
