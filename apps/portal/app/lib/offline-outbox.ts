import type { RecordBody } from './offline-record.ts';

/**
 * The phone's outbox of lesson records (browser only). The record page writes a record here
 * before anything else, so a save survives a dropped connection, a closed tab or a restart; the
 * service worker (public/sw.js) replays it with Background Sync and reports back. The database,
 * store and tag names are shared with public/sw.js, which reads and writes the same store.
 */
const DB = 'dualcontrol-outbox';
const STORE = 'lesson-records';
export const SYNC_TAG = 'lesson-records';

/**
 * One record per lesson: a newer save replaces the older (the API takes the whole record, so only
 * the latest matters). `status` is what the last replay learnt; `locked` and `failed` are final
 * (shown until the instructor discards them), `pending` and `signed-out` are replayed again.
 */
export type OutboxRecord = {
  lessonId: string;
  owner: string;
  body: RecordBody;
  savedAt: number;
  status: 'pending' | 'locked' | 'failed' | 'signed-out';
  detail?: string;
};

/** What the service worker posts to the pages after each replay. */
export type ReplayReport = {
  type: 'lesson-record';
  lessonId: string;
  status: 'synced' | OutboxRecord['status'];
  count?: number;
  detail?: string;
};

/** Whether this browser can keep a record and replay it (no service worker: the form posts as usual). */
export const outboxUsable = () =>
  typeof window !== 'undefined' && 'serviceWorker' in navigator && 'indexedDB' in window;

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'lessonId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export const keepRecord = (record: OutboxRecord) => run('readwrite', (s) => s.put(record)).then(() => {});
export const discardRecord = (lessonId: string) => run('readwrite', (s) => s.delete(lessonId)).then(() => {});
export const recordOf = (lessonId: string) =>
  run<OutboxRecord | undefined>('readonly', (s) => s.get(lessonId) as IDBRequest<OutboxRecord | undefined>);
/** The records this person left on the phone (another person's are not theirs to see). */
export const recordsOf = async (owner: string) =>
  (await run<OutboxRecord[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxRecord[]>)).filter(
    (r) => r.owner === owner,
  );

/**
 * Asks for a replay: a Background Sync registration (Chromium runs it now if online, else when the
 * connection returns, even with the page closed), and a message to the worker for browsers without
 * the API or when the page has just seen the connection come back.
 */
export async function requestReplay(): Promise<void> {
  const registration = await navigator.serviceWorker.ready;
  const sync = (
    registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }
  ).sync;
  if (sync) await sync.register(SYNC_TAG).catch(() => undefined);
  registration.active?.postMessage({ type: 'replay-records' });
}

/** Asks the worker to keep copies of these pages (the record pages of open lessons) for offline use. */
export async function precache(paths: string[]): Promise<void> {
  const registration = await navigator.serviceWorker.ready;
  registration.active?.postMessage({ type: 'precache', paths });
}

/** Calls `onReport` for each replay the worker reports; returns the unsubscribe. */
export function onReplayReport(onReport: (report: ReplayReport) => void): () => void {
  const listener = (event: MessageEvent) => {
    if (event.data?.type === 'lesson-record') onReport(event.data as ReplayReport);
  };
  navigator.serviceWorker.addEventListener('message', listener);
  return () => navigator.serviceWorker.removeEventListener('message', listener);
}
