import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { translator } from '../lib/i18n.ts';
import { titleFor } from '../lib/page-title.ts';
import { reportsPage } from '../lib/reports.server.ts';
import { REPORTS } from '../lib/reports.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('reports.title');

export async function loader(args: LoaderFunctionArgs) {
  await reportsPage(args);
  return null;
}

/** The list of the school's reports. */
export default function Reports() {
  const { locale } = useRoot();
  const t = translator(locale);
  return (
    <>
      <h1>{t('reports.title')}</h1>
      <p>{t('reports.intro')}</p>
      <ul className="card">
        {REPORTS.map((r) => (
          <li key={r}>
            <Link to={`/admin/reports/${r}`}>{t(`reports.${r}`)}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
