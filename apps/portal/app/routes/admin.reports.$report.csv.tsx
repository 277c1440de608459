import type { LoaderFunctionArgs } from '@remix-run/node';
import { isReport, reportQuery, reportsPage } from '../lib/reports.server.ts';

/** A report as CSV, fetched from the API as the caller (so the API's permission decides). */
export async function loader(args: LoaderFunctionArgs) {
  const { api, school } = await reportsPage(args);
  const name = args.params.report;
  if (!isReport(name)) throw new Response('Not found', { status: 404 });
  const qs = new URLSearchParams({
    ...reportQuery(new URL(args.request.url), school.timezone),
    format: 'csv',
  }).toString();
  const res = await api.raw(`/api/v1/analytics/reports/${name}?${qs}`);
  if (!res.ok) throw new Response('Bad request', { status: res.status === 400 ? 400 : 404 });
  return new Response(res.body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': res.headers.get('content-disposition') ?? `attachment; filename="${name}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
}
