import type { AppLoadContext } from '@remix-run/node';
import { dateIn } from './format.ts';
import { staffPage } from './page.server.ts';

export { isReport, REPORTS, type Report, type ReportColumn, type ReportName } from './reports.ts';

/** A reports page: the office, with the analytics module on (else a 404 saying so). */
export async function reportsPage(args: { request: Request; context: AppLoadContext }) {
  const page = await staffPage(args);
  if (!page.school.modules.includes('analytics')) throw new Response('analytics-off', { status: 404 });
  return page;
}

/**
 * The range and period a reports page asks for: the form's values as typed (the API validates
 * them and its problem is shown beside the form), else the last six months to today.
 */
export function reportQuery(url: URL, timeZone: string) {
  const today = dateIn(new Date(), timeZone);
  const [y, m] = today.split('-').map(Number) as [number, number];
  const sixMonths = new Date(Date.UTC(y, m - 6, 1)).toISOString().slice(0, 10);
  return {
    from: url.searchParams.get('from') || sixMonths,
    to: url.searchParams.get('to') || today,
    period: url.searchParams.get('period') || 'month',
  };
}
