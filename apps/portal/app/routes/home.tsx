import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Card } from '../components/card.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { formatDateTime, formatMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { isOffice } from '../lib/permissions.ts';
import type { Booking, Credit, Fee, Page } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('nav.home');

/** A student's home: the next lesson, their credit, what they owe. Instructors start in the diary. */
export async function loader(args: LoaderFunctionArgs) {
  const { school, me, api } = await signedInPage(args);
  if (!me.studentId)
    throw redirect(
      me.instructorId
        ? '/diary'
        : isOffice(me)
          ? '/admin'
          : me.roles.includes('guardian') && school.modules.includes('lessons')
            ? '/guardian'
            : '/bookings',
    );
  const now = new Date().toISOString();
  const [upcoming, credit, fees] = await Promise.all([
    api.get<Page<Booking>>(
      `/api/v1/bookings?from=${encodeURIComponent(now)}&status=pending,confirmed&limit=1`,
    ),
    school.modules.includes('payments') ? api.get<Credit>(`/api/v1/students/${me.studentId}/credit`) : null,
    school.modules.includes('payments')
      ? api.get<{ data: Fee[] }>('/api/v1/cancellation-fees?status=due')
      : null,
  ]);
  return {
    name: me.name,
    next: upcoming.data[0] ?? null,
    credit: credit ? { balanceMinor: credit.balanceMinor, currency: credit.currency } : null,
    dueMinor: fees ? fees.data.reduce((sum, f) => sum + f.amountMinor, 0) : 0,
  };
}

export default function Home() {
  const { name, next, credit, dueMinor } = useLoaderData<typeof loader>();
  const { school, locale, zone } = useRoot();
  const t = translator(locale);
  const money = (minor: number) => formatMoney(minor, school!.currency, locale);
  return (
    <>
      <h1>{t('home.greeting', { name })}</h1>
      <div className="grid">
        <Card id="next-h" title={t('home.nextLesson')}>
          {next ? (
            <p>
              <strong>{formatDateTime(next.start, locale, zone)}</strong> · {t(`status.${next.status}`)}
            </p>
          ) : (
            <EmptyState
              title={t('home.noLesson')}
              next={t('empty.home.next')}
              action={{ to: '/book', label: t('nav.book') }}
            />
          )}
        </Card>
        {credit ? (
          <Card id="credit-h" title={t('home.credit')}>
            <p className="figure" data-testid="credit-balance">
              {money(credit.balanceMinor)}
            </p>
          </Card>
        ) : null}
        <Card id="due-h" title={t('home.outstanding')}>
          <p className="figure">{dueMinor > 0 ? money(dueMinor) : t('home.nothingDue')}</p>
        </Card>
      </div>
    </>
  );
}
