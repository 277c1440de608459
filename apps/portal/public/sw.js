// Keeps the pages people need in the car readable offline: each visit to the diary, home or the
// lesson records (and the record pages the lessons list asks for) saves a copy; without a network
// the saved copy is served (the page then says it is offline).
// Those copies are personal (a diary, a student's lessons): on a shared phone or tablet they must
// not outlive the session, so they go when someone signs out, and old versions go on update.
// v3: the lesson records list and record pages are kept too, and lesson records saved offline are
// replayed from the outbox below.
// v4: messages written offline are replayed too (the message outbox at the end of this file).
const CACHE = 'dualcontrol-pages-v4';
const KEEP = ['/diary', '/home', '/bookings', '/lessons'];
const RECORD_PAGE = /^\/lessons\/[^/]+\/record$/;
const kept = (path) => KEEP.includes(path) || RECORD_PAGE.test(path);

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

self.addEventListener('message', (event) => {
  const type = event.data?.type;
  // The page says so when someone signs out (the sign-out answer also sends Clear-Site-Data, which
  // not every browser honours). The outbox goes too: the record pages warn that signing out drops
  // what has not synced, and the next person on a shared phone must not find a student's record.
  if (type === 'signed-out') event.waitUntil(Promise.all([clearAll(), dropOutbox(), dropMessages()]));
  if (type === 'replay-records') event.waitUntil(replayRecords().catch(() => undefined));
  if (type === 'replay-messages') event.waitUntil(replayMessages().catch(() => undefined));
  if (type === 'precache' && Array.isArray(event.data.paths))
    event.waitUntil(
      keepMissing(event.data.paths.filter((p) => typeof p === 'string' && kept(p)).slice(0, 30)),
    );
});

// Background Sync: Chromium fires it when a record was saved (at once if online, else when the
// connection returns, even with no page open). A rejected promise makes it try again later.
self.addEventListener('sync', (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(replayRecords());
  if (event.tag === MESSAGE_SYNC_TAG) event.waitUntil(replayMessages());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const navigation = request.mode === 'navigate';
  // Any page load, or page change within the app (Remix fetches the next page's data as
  // `<path>.data`), is also the fallback for browsers without Background Sync: records left in
  // the outbox are sent once a page is opened with a connection (after signing in again, say).
  if (navigation || url.pathname.endsWith('.data')) {
    event.waitUntil(replayRecords().catch(() => undefined));
    event.waitUntil(replayMessages().catch(() => undefined));
  }
  const page = navigation && kept(url.pathname);
  const asset = url.pathname.startsWith('/assets/');
  if (!page && !asset) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && !response.redirected) {
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

/** Fresh copies of these pages, fetched with the session as a visit would be. */
function keepCopies(paths) {
  return caches.open(CACHE).then((cache) =>
    Promise.all(
      paths.map((path) =>
        fetch(path, { credentials: 'same-origin', redirect: 'manual' })
          .then((response) => (response.ok ? cache.put(path, response) : undefined))
          .catch(() => undefined),
      ),
    ),
  );
}

/** Which of these pages have a copy (`wanted` true) or have none (false). */
function copied(paths, wanted) {
  return caches
    .open(CACHE)
    .then((cache) =>
      Promise.all(
        paths.map((path) => cache.match(path).then((hit) => (Boolean(hit) === wanted ? path : null))),
      ),
    )
    .then((found) => found.filter(Boolean));
}

/** The copies that exist of these pages, fetched again (a synced record's page shows it). */
const refreshCopies = (paths) => copied(paths, true).then(keepCopies);

/**
 * Copies of the pages that have none yet: the lessons list asks on every visit, and each page is
 * a render with API calls; a page kept already is refreshed whenever it is opened or synced.
 */
const keepMissing = (paths) => copied(paths, false).then(keepCopies);

// ---- The outbox of lesson records (written by the record page: app/lib/offline-outbox.ts) ----
const OUTBOX = 'dualcontrol-outbox';
const STORE = 'lesson-records';
const SYNC_TAG = 'lesson-records';

function openOutbox() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(OUTBOX, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'lessonId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Runs `work(store)` in one transaction; resolves with the last request's result once committed. */
function inOutbox(mode, work) {
  return openOutbox().then(
    (db) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const request = work(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(request?.result);
        };
        tx.onerror = () => {
          db.close();
          reject(tx.error);
        };
      }),
  );
}

function dropOutbox() {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(OUTBOX);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/**
 * Writes what a replay learnt, unless the instructor saved the record again meanwhile (the newer
 * save is replayed next); `synced` removes the phone's copy.
 */
function settle(record, status, detail) {
  return inOutbox('readwrite', (store) => {
    const read = store.get(record.lessonId);
    read.onsuccess = () => {
      const now = read.result;
      if (!now || now.savedAt !== record.savedAt) return;
      if (status === 'synced') store.delete(record.lessonId);
      else store.put({ ...now, status, detail });
    };
    return read;
  });
}

function tell(report) {
  return self.clients.matchAll({ type: 'window' }).then((clients) => {
    for (const client of clients) client.postMessage({ type: 'lesson-record', ...report });
  });
}

const FINAL = ['locked', 'failed'];
const KNOWN = ['synced', 'locked', 'failed', 'signed-out'];

/**
 * Sends each record still to send to the portal, which PUTs it to the API (idempotent: a replay
 * whose answer was lost is sent again to the same effect). Same-origin, with the session cookie,
 * and an Origin header, like any form of the page. Rejects when some record could not be sent for
 * want of a network or a working server, so Background Sync tries again.
 */
async function replayOnce() {
  const records = await inOutbox('readonly', (store) => store.getAll());
  let retry = false;
  for (const record of records || []) {
    if (FINAL.includes(record.status)) continue;
    let answer;
    try {
      const response = await fetch(`/lessons/${encodeURIComponent(record.lessonId)}/sync`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ owner: record.owner, ...record.body }),
        // A connection that takes the request and never answers must not hold every later replay.
        signal: AbortSignal.timeout(20_000),
      });
      const json = (response.headers.get('content-type') || '').includes('json');
      answer = json ? await response.json() : null;
      // A 5xx, or an answer that is not the route's (a proxy's error page): try later.
      if (response.status >= 500 || !answer) {
        retry = true;
        continue;
      }
      // Refused before the route (the cross-site form refusal is problem+json): shown as failed.
      if (!KNOWN.includes(answer.status))
        answer = { status: 'failed', detail: String(answer.detail || answer.title || response.status) };
    } catch {
      retry = true; // no network
      continue;
    }
    await settle(record, answer.status, answer.detail);
    if (answer.status === 'synced') await refreshCopies([`/lessons/${record.lessonId}/record`, '/lessons']);
    await tell({
      lessonId: record.lessonId,
      status: answer.status,
      count: answer.count,
      detail: answer.detail,
    });
  }
  if (retry) throw new Error('lesson records not sent yet: no connection');
}

// One replay at a time (a sync event, a page's message and a navigation may come together); a
// request during a replay runs one more after it, so a record saved meanwhile is not left behind.
let running = null;
let again = false;
function replayRecords() {
  if (running) {
    again = true;
    return running;
  }
  running = replayOnce().finally(() => {
    running = null;
    if (again) {
      again = false;
      return replayRecords();
    }
  });
  return running;
}

// ---- The outbox of messages written offline (app/lib/message-outbox.ts writes it) ----
// Each message carries its clientId: the API stores one message per (sender, clientId), so a
// replay whose answer was lost, or two replays racing, never make a second message.
const MESSAGES_DB = 'dualcontrol-messages';
const MESSAGES_STORE = 'messages';
const MESSAGE_SYNC_TAG = 'messages';

function inMessages(mode, work) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(MESSAGES_DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(MESSAGES_STORE, { keyPath: 'clientId' });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(MESSAGES_STORE, mode);
      const request = work(tx.objectStore(MESSAGES_STORE));
      tx.oncomplete = () => {
        db.close();
        resolve(request?.result);
      };
      tx.onerror = () => {
        db.close();
        reject(tx.error);
      };
    };
  });
}

function dropMessages() {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(MESSAGES_DB);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

async function replayMessagesOnce() {
  const queued = (await inMessages('readonly', (store) => store.getAll())) || [];
  let retry = false;
  for (const m of queued.sort((a, b) => a.savedAt - b.savedAt)) {
    if (m.status === 'failed') continue;
    let answer;
    try {
      const response = await fetch(`/messages/${encodeURIComponent(m.threadId)}/sync`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ owner: m.owner, body: m.body, clientId: m.clientId }),
        signal: AbortSignal.timeout(20_000),
      });
      const json = (response.headers.get('content-type') || '').includes('json');
      answer = json ? await response.json() : null;
      if (response.status >= 500 || !answer) {
        retry = true;
        continue;
      }
      if (!['sent', 'failed', 'signed-out'].includes(answer.status))
        answer = { status: 'failed', detail: String(answer.detail || answer.title || response.status) };
    } catch {
      retry = true;
      continue;
    }
    await inMessages('readwrite', (store) =>
      answer.status === 'sent'
        ? store.delete(m.clientId)
        : store.put({ ...m, status: answer.status, detail: answer.detail }),
    );
    const clients = await self.clients.matchAll({ type: 'window' });
    for (const client of clients)
      client.postMessage({
        type: 'message',
        clientId: m.clientId,
        threadId: m.threadId,
        status: answer.status,
        detail: answer.detail,
      });
  }
  if (retry) throw new Error('messages not sent yet: no connection');
}

let sendingMessages = null;
let messagesAgain = false;
function replayMessages() {
  if (sendingMessages) {
    messagesAgain = true;
    return sendingMessages;
  }
  sendingMessages = replayMessagesOnce().finally(() => {
    sendingMessages = null;
    if (messagesAgain) {
      messagesAgain = false;
      return replayMessages();
    }
  });
  return sendingMessages;
}
// Web push (messaging): the payload is what the channel dispatcher's push sender encrypts —
// { title, body, url, tag, notificationId }. One notification per tag: a message sent twice
// (the at-least-once boundary) replaces itself instead of showing twice.
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const options = { body: data.body || '', data: { url: data.url || '/' } };
  if (data.tag) options.tag = data.tag;
  event.waitUntil(self.registration.showNotification(data.title || 'Dualcontrol', options));
});

// Opens the page the notification is about (same origin only), reusing a tab already there.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  let target = new URL('/', self.location.origin);
  try {
    const wanted = new URL(event.notification.data?.url || '/', self.location.origin);
    if (wanted.origin === self.location.origin) target = wanted;
  } catch {
    // a malformed url: the home page
  }
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url === target.href && 'focus' in w);
      return open ? open.focus() : self.clients.openWindow(target.href);
    }),
  );
});
