import type { LoaderFunctionArgs } from '@remix-run/node';
import { periodOf } from '../lib/earnings-weeks.ts';
import { signedInPage } from '../lib/page.server.ts';

const TYPES = { csv: 'text/csv; charset=utf-8', pdf: 'application/pdf' } as const;

/** The instructor's earnings statement as CSV or PDF, fetched from the API as them (so only their own). */
export async function loader(args: LoaderFunctionArgs) {
  const { school, me, api } = await signedInPage(args);
  const format = args.params.format;
  if (!me.instructorId || (format !== 'csv' && format !== 'pdf'))
    throw new Response('Not found', { status: 404 });
  const { from, to } = periodOf(new URL(args.request.url), school.timezone);
  const res = await api.raw(
    `/api/v1/instructors/${me.instructorId}/earnings?from=${from}&to=${to}&format=${format}`,
  );
  if (!res.ok) throw new Response('Not found', { status: 404 });
  return new Response(res.body, {
    headers: {
      'content-type': TYPES[format],
      'content-disposition':
        res.headers.get('content-disposition') ?? `attachment; filename="earnings.${format}"`,
      'cache-control': 'private, no-store',
    },
  });
}
