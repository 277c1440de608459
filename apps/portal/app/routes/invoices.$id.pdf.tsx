import type { LoaderFunctionArgs } from '@remix-run/node';
import { signedInPage } from '../lib/page.server.ts';

/** The invoice PDF, fetched from the API as the signed-in person (so only their own). */
export async function loader(args: LoaderFunctionArgs) {
  const { api } = await signedInPage(args);
  const res = await api.raw(`/api/v1/invoices/${args.params.id}/pdf`);
  if (!res.ok) throw new Response('Not found', { status: 404 });
  return new Response(res.body, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': res.headers.get('content-disposition') ?? 'attachment',
      'cache-control': 'private, no-store',
    },
  });
}
