// Keeps the pages people need in the car readable offline: each visit to the diary or home saves
// a copy; without a network the saved copy is served (the page then says it is offline).
// Those copies are personal (a diary, a student's lessons): on a shared phone or tablet they must
// not outlive the session, so they go when someone signs out, and old versions go on update.
const CACHE = 'dualcontrol-pages-v2';
const KEEP = ['/diary', '/home', '/bookings'];

/** Every cache this origin has: the pages and assets of whoever used it before. */
const clearAll = () => caches.keys().then((keys) => Promise.all(keys.map((key) => caches.delete(key))));

self.addEventListener('install', () => self.skipWaiting());
// A new version takes over at once and drops every cache but its own (an older version's copies
// would otherwise stay on the device for good).
self.addEventListener('activate', (event) =>
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  ),
);

// The page says so when someone signs out (the sign-out answer also sends Clear-Site-Data, which
// not every browser honours).
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'signed-out') event.waitUntil(clearAll());
});

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
