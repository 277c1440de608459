// Keeps the pages people need in the car readable offline: each visit to the diary or home saves
// a copy; without a network the saved copy is served (the page then says it is offline).
const CACHE = 'dualcontrol-pages-v1';
const KEEP = ['/diary', '/home', '/bookings'];

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const page = request.mode === 'navigate' && KEEP.includes(url.pathname);
  const asset = url.pathname.startsWith('/assets/');
  if (!page && !asset) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(page ? url.pathname : request, copy));
        }
        return response;
      })
      .catch(() =>
        caches
          .open(CACHE)
          .then((cache) => cache.match(page ? url.pathname : request))
          .then((hit) => hit ?? Response.error()),
      ),
  );
});
