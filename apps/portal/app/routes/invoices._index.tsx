import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { EmptyState } from '../components/empty-state.tsx';
import { formatDateTime, formatMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import type { Invoice, Page } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('invoices.title');

export async function loader(args: LoaderFunctionArgs) {
  const { api } = await signedInPage(args);
  return { invoices: (await api.get<Page<Invoice>>('/api/v1/invoices?limit=100')).data };
}

export default function Invoices() {
  const { invoices } = useLoaderData<typeof loader>();
  const { locale, zone } = useRoot();
  const t = translator(locale);
  return (
    <>
      <h1>{t('invoices.title')}</h1>
      {invoices.length === 0 ? (
        <EmptyState
          title={t('invoices.none')}
          next={t('empty.invoices.next')}
          action={{ to: '/packages', label: t('empty.invoices.action') }}
        />
      ) : null}
      <ul className="lessons">
        {invoices.map((i) => (
          <li key={i.id} className="card" data-testid="invoice">
            <p>
              <strong>{i.displayNumber}</strong> · {formatDateTime(i.issuedAt, locale, zone)} ·{' '}
              {formatMoney(i.totalMinor, i.currency, locale)}
            </p>
            {/* A plain link (no client routing): the browser downloads the file. */}
            <a href={`/invoices/${i.id}/pdf`} download>
              {t('invoices.download', { number: i.displayNumber })}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
