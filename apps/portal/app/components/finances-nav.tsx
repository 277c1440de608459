import { isRouteErrorResponse, Link, NavLink, useRouteError } from '@remix-run/react';
import { translator } from '../lib/i18n.ts';
import { useRoot } from '../root.tsx';

/** The finances pages' own menu. */
export function FinancesNav() {
  const t = translator(useRoot().locale);
  return (
    <nav aria-label={t('admin.fin.nav')} className="actions">
      <NavLink to="/admin/finances" end>
        {t('admin.fin.overview')}
      </NavLink>
      <NavLink to="/admin/finances/payments">{t('admin.fin.payments')}</NavLink>
      <NavLink to="/admin/finances/invoices">{t('admin.fin.invoices')}</NavLink>
      <NavLink to="/admin/finances/earnings">{t('admin.fin.earnings')}</NavLink>
    </nav>
  );
}

/** A finances page when the school has payments off says so, instead of failing. */
export function FinancesErrorBoundary() {
  const error = useRouteError();
  const t = translator(useRoot()?.locale ?? 'en-GB');
  const off = isRouteErrorResponse(error) && error.data === 'payments-off';
  return (
    <section className="card">
      <h1>{off ? t('admin.fin.offTitle') : t('error.title')}</h1>
      {off ? <p>{t('admin.fin.off')}</p> : null}
      <p>
        <Link to="/admin">{t('admin.fin.backToAdmin')}</Link>
      </p>
    </section>
  );
}
