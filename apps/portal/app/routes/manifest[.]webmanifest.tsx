import type { LoaderFunctionArgs } from '@remix-run/node';
import { schoolPage } from '../lib/page.server.ts';

/** Each school installs as its own app: its name, colours and logo. */
export async function loader(args: LoaderFunctionArgs) {
  const { school } = await schoolPage(args);
  const manifest = {
    name: school.name,
    short_name: school.name.split(' ')[0],
    start_url: '/home',
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: school.branding.primaryColor ?? '#1e3a8a',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
      // An uploaded SVG logo scales to any size; a raster one is at most 512 px (its size unknown here).
      ...(school.branding.logo?.contentType === 'image/svg+xml'
        ? [{ src: school.branding.logo.url, sizes: 'any', type: 'image/svg+xml' }]
        : []),
    ],
  };
  return new Response(JSON.stringify(manifest), {
    headers: { 'content-type': 'application/manifest+json', 'cache-control': 'no-cache' },
  });
}
