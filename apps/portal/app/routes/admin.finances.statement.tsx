import type { LoaderFunctionArgs } from '@remix-run/node';
import { financesPage } from '../lib/finances.server.ts';

const TYPES = { csv: 'text/csv; charset=utf-8', pdf: 'application/pdf' } as const;

/** An instructor's earnings statement as a file (CSV or PDF), fetched from the API as the office. */
export async function loader(args: LoaderFunctionArgs) {
  const { api } = await financesPage(args);
  const q = new URL(args.request.url).searchParams;
  const format = q.get('format') === 'pdf' ? 'pdf' : 'csv';
  const params = new URLSearchParams({ from: q.get('from') ?? '', to: q.get('to') ?? '', format });
  const res = await api.raw(
    `/api/v1/instructors/${encodeURIComponent(q.get('instructor') ?? '')}/earnings?${params}`,
  );
  if (!res.ok) throw new Response('Not found', { status: 404 });
  return new Response(res.body, {
    headers: {
      'content-type': res.headers.get('content-type') ?? TYPES[format],
      'content-disposition':
        res.headers.get('content-disposition') ??
        `attachment; filename="earnings-${params.get('from')}.${format}"`,
      'cache-control': 'private, no-store',
    },
  });
}
